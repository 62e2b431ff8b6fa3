package server

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/trustwatch/trustwatch/store"
)

// These run without a server (none that speaks clickhouse-go v2 can be
// installed here); they pin the conversions the backend makes.

func TestPlainConvertsDates(t *testing.T) {
	day := store.Day(time.Date(2026, 10, 9, 15, 0, 0, 0, time.UTC))
	row := []any{"id", day, uint8(3)}
	got := plain(row)
	if tt, ok := got[1].(time.Time); !ok || !tt.Equal(day.Time) {
		t.Fatalf("plain(row)[1] = %#v, want the time.Time of the Date", got[1])
	}
	if _, ok := row[1].(store.Date); !ok {
		t.Fatal("plain modified the caller's row")
	}
	if same := plain([]any{"a", 1}); same[0] != "a" || same[1] != 1 {
		t.Fatalf("a row without dates came back as %v", same)
	}
}

func TestWrapExposesCodes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		code      int32
		transient bool
	}{
		{"bad data", 27, false},
		{"too many parts", 252, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := fmt.Errorf("insert: %w", wrap(&clickhouse.Exception{Code: tc.code, Message: "m"}))
			var ce *store.CodeError
			if !errors.As(err, &ce) || ce.Code != int(tc.code) {
				t.Fatalf("errors.As CodeError: %v (%v)", ce, err)
			}
			var ex *clickhouse.Exception
			if !errors.As(err, &ex) {
				t.Fatal("the clickhouse.Exception is no longer reachable")
			}
			if store.Transient(err) != tc.transient {
				t.Fatalf("Transient = %v, want %v", store.Transient(err), tc.transient)
			}
		})
	}
	if wrap(nil) != nil {
		t.Fatal("wrap(nil) is not nil")
	}
}
