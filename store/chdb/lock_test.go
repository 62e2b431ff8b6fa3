package chdb

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestLockNamesHolder: a second holder of the data directory is told which
// process holds it (issue #9: chDB's bare "Cannot lock file …/status").
func TestLockNamesHolder(t *testing.T) {
	dir := t.TempDir()
	first, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockDir(dir)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock: %v, want ErrInUse naming pid %d", err, os.Getpid())
	}
	first.release()
	again, err := lockDir(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again.release()
}
