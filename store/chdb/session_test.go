package chdb

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// requireEngine skips when libchdb is absent, unless TRUSTWATCH_REQUIRE_CHDB
// says the run must have it (make test sets it).
func requireEngine(t *testing.T) {
	t.Helper()
	if err := load(); err != nil {
		if os.Getenv("TRUSTWATCH_REQUIRE_CHDB") != "" {
			t.Fatalf("libchdb required: %v", err)
		}
		t.Skipf("libchdb not available: %v", err)
	}
}

func TestSessionPersistsAcrossReopen(t *testing.T) {
	requireEngine(t)
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrSessionOpen) {
		t.Fatalf("second Open: got %v, want ErrSessionOpen", err)
	}
	for _, q := range []string{
		"CREATE DATABASE IF NOT EXISTS t",
		"CREATE TABLE t.x (id UInt32, s String) ENGINE = MergeTree ORDER BY id",
		`INSERT INTO t.x FORMAT JSONEachRow {"id":1,"s":"金水区"} {"id":2,"s":"二七区"}`,
	} {
		if _, err := s.Query(ctx, q, "CSV"); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := s.Query(ctx, "SELECT s FROM t.x ORDER BY id", "CSV")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "\"金水区\"\n\"二七区\"\n"; got != want {
		t.Fatalf("after reopen got %q, want %q", got, want)
	}
	_, err = s.Query(ctx, "SELECT * FROM t.missing", "CSV")
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(ce.Message, "missing") {
		t.Fatalf("query of a missing table: got %v, want a *chdb.Error naming it", err)
	}
}
