package chdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrInUse is wrapped when another process holds the embedded store's data
// directory: chDB admits one process per directory.
var ErrInUse = errors.New("embedded store in use by another process")

// dirLock is an advisory lock on the data directory, with the holder's pid
// and command line in the file, so a second process can say who holds it
// instead of chDB's bare "Cannot lock file …/status".
type dirLock struct{ f *os.File }

func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, "trustwatch.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		return nil, fmt.Errorf("%w: %s is held by %s; stop that process first, or give this one its own data_dir "+
			"(chDB allows one process per data directory; a ClickHouse server allows many)",
			ErrInUse, dir, describeHolder(string(holder)))
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d: %s\n", os.Getpid(), strings.Join(os.Args, " "))), 0)
	return &dirLock{f: f}, nil
}

func describeHolder(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "another process"
	}
	return "process " + strings.TrimPrefix(s, "pid ")
}

func (l *dirLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0)
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}
