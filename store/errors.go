package store

import (
	"context"
	"errors"
	"net"
	"regexp"
	"strconv"
)

// ErrUnavailable marks an error of a store that cannot be reached or used
// for now (a closed session, a server down): retry later.
var ErrUnavailable = errors.New("store unavailable")

// CodeError carries a ClickHouse error code (https://clickhouse.com/docs/…/error-codes);
// both backends return errors that unwrap to it when the engine gave one.
type CodeError struct {
	Code int
	Msg  string
}

func (e *CodeError) Error() string { return e.Msg }

var codeRe = regexp.MustCompile(`Code: (\d+)\.`)

// ParseCode finds "Code: N." in an engine message.
func ParseCode(msg string) (int, bool) {
	m := codeRe.FindStringSubmatch(msg)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// invalidCodes are ClickHouse errors about the data or the statement itself:
// retrying the same rows can never succeed.
var invalidCodes = map[int]bool{
	6: true, 26: true, 27: true, 38: true, 41: true, 53: true, 62: true, 69: true, 70: true,
	72: true, 117: true, 131: true, 16: true, 47: true, 60: true, 81: true,
}

// Transient reports whether an operation that failed with err may succeed if
// retried unchanged: the store was unreachable, busy or out of resources —
// not the rows or the SQL. Unknown errors count as transient, so ingest waits
// rather than dropping data; invalid ones go to the dead-letter topic.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ce *CodeError
	if errors.As(err, &ce) {
		return !invalidCodes[ce.Code]
	}
	return true
}
