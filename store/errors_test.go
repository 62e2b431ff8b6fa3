package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
)

func TestTransient(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"unavailable", fmt.Errorf("insert: %w", ErrUnavailable), true},
		{"network", &net.OpError{Op: "dial", Err: errors.New("refused")}, true},
		{"deadline", context.DeadlineExceeded, true},
		{"canceled", context.Canceled, false},
		{"parse error", &CodeError{Code: 27, Msg: "Cannot parse input"}, false},
		{"type mismatch", &CodeError{Code: 53}, false},
		{"too many parts", &CodeError{Code: 252}, true},
		{"memory limit", &CodeError{Code: 241}, true},
		{"unknown", errors.New("something"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Transient(tc.err); got != tc.want {
				t.Fatalf("Transient(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestParseCode(t *testing.T) {
	c, ok := ParseCode("Code: 27. DB::Exception: Cannot parse input")
	if !ok || c != 27 {
		t.Fatalf("got %d %v, want 27", c, ok)
	}
	if _, ok := ParseCode("no code"); ok {
		t.Fatal("found a code in a message without one")
	}
}
