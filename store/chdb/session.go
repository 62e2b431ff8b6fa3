// Package chdb is the embedded ClickHouse backend of the store: the chDB engine
// (libchdb.so) running inside the TrustWatch process, called through purego
// without cgo, with its data in a directory that persists across restarts.
//
// It owns the engine's one session per process and serialises queries on it;
// it does not know the schema (package store does) nor where the library comes
// from (deploy/local/libchdb.sh fetches it; LibraryPath finds it).
package chdb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"unsafe"

	"github.com/trustwatch/trustwatch/store"
)

// ErrSessionOpen is returned by Open when this process already holds a chDB
// session: the engine allows one per process, so stages must share it.
var ErrSessionOpen = errors.New("a chDB session is already open in this process")

var (
	sessionMu   sync.Mutex
	sessionOpen bool
)

// Session is the process's chDB engine session, or a further connection to
// it (a read-only one for analysts).
type Session struct {
	mu      sync.Mutex // chDB connections are not safe for concurrent queries
	conn    *connection
	path    string
	primary bool     // the connection that booted the engine
	lock    *dirLock // held by the primary session: one process per data directory
}

// Open starts the engine with its data in dir (created when missing).
func Open(dir string) (*Session, error) { return open(dir, nil) }

// open starts the engine with extra clickhouse-local style arguments
// ("--setting=value") that hold for every query of the session.
func open(dir string, args []string) (*Session, error) {
	if err := load(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create chdb data dir: %w", err)
	}
	sessionMu.Lock()
	defer sessionMu.Unlock()
	if sessionOpen {
		return nil, ErrSessionOpen
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	argv := append([]string{"clickhouse", "--path=" + dir}, args...)
	conn := chdbConnect(len(argv), cStrings(argv))
	if conn == nil {
		lock.release()
		return nil, fmt.Errorf("open chdb session in %s: engine refused the connection", dir)
	}
	sessionOpen = true
	return &Session{conn: conn, path: dir, primary: true, lock: lock}, nil
}

// connectMore opens a further connection to the engine the primary session
// booted, with its own settings ("--readonly=1"): chDB keeps settings per
// connection.
func (s *Session) connectMore(args []string) (*Session, error) {
	argv := append([]string{"clickhouse", "--path=" + s.path}, args...)
	conn := chdbConnect(len(argv), cStrings(argv))
	if conn == nil {
		return nil, fmt.Errorf("open chdb connection in %s with %v: engine refused it", s.path, args)
	}
	return &Session{conn: conn, path: s.path}, nil
}

// Path is the session's data directory.
func (s *Session) Path() string { return s.path }

// Library is the libchdb.so that was loaded.
func (s *Session) Library() string { return loadPath }

// Query runs one statement and returns its output in the given ClickHouse
// output format (e.g. "JSONCompact"); statements without output return nil.
// ctx is checked before the call only: the engine cannot be interrupted.
func (s *Session) Query(ctx context.Context, query, format string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil, fmt.Errorf("chdb session is closed: %w", store.ErrUnavailable)
	}
	res := chdbQuery(s.conn.internal, query, format)
	if res == nil {
		return nil, nil
	}
	defer chdbDestroyResult(res)
	if msg := chdbResultError(res); msg != "" {
		return nil, newError(msg)
	}
	n := int(chdbResultLength(res))
	if n == 0 {
		return nil, nil
	}
	buf := chdbResultBuffer(res)
	return append([]byte(nil), unsafe.Slice(buf, n)...), nil
}

// Close ends the session; the process may open a new one afterwards.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	chdbCloseConn(s.conn)
	s.conn = nil
	if !s.primary {
		return nil
	}
	s.lock.release()
	sessionMu.Lock()
	sessionOpen = false
	sessionMu.Unlock()
	return nil
}

// Error is an error reported by the engine for a query; it unwraps to a
// store.CodeError when the message carries a ClickHouse error code.
type Error struct {
	Message string
	code    *store.CodeError
}

func newError(msg string) *Error {
	e := &Error{Message: msg}
	if c, ok := store.ParseCode(msg); ok {
		e.code = &store.CodeError{Code: c, Msg: msg}
	}
	return e
}

func (e *Error) Error() string { return "chdb: " + e.Message }

func (e *Error) Unwrap() error {
	if e.code == nil {
		return nil
	}
	return e.code
}
