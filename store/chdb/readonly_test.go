package chdb

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// TestQueryReadOnly tries, on the real engine, each way of changing the
// store or reaching outside it that issue #9 found open, and checks that
// each is refused and that nothing changed.
func TestQueryReadOnly(t *testing.T) {
	b, s := migrated(t)
	ctx := context.Background()
	outside := filepath.Join(t.TempDir(), "written")
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("s3cr3t\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"INSERT INTO trustwatch.job_runs (run_id) VALUES ('x')",
		"ALTER TABLE trustwatch.job_runs DELETE WHERE 1",
		"DROP TABLE trustwatch.job_runs",
		"SELECT 1; DROP TABLE trustwatch.job_runs",
		"SELECT * FROM file('" + secret + "', 'LineAsString')",
		"SELECT file('" + secret + "')",
		"INSERT INTO FUNCTION file('" + outside + "', 'TSV') SELECT 1",
		"SELECT 1 INTO OUTFILE '" + outside + "'",
		"SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')",
		"SELECT 1 SETTINGS readonly = 0",
		"SELECT number FROM numbers(10) SETTINGS max_result_rows = 1000000000",
		"CREATE TEMPORARY TABLE x (a UInt8)",
		"SET max_result_rows = 0",
	} {
		t.Run(q, func(t *testing.T) {
			var out bytes.Buffer
			err := b.QueryReadOnly(ctx, q, "TSV", store.Limits{}, &out)
			if err == nil {
				t.Fatalf("ran, printing %q; want refused", out.String())
			}
			if strings.Contains(out.String(), "s3cr3t") {
				t.Fatalf("leaked the file: %q", out.String())
			}
		})
	}
	if _, err := os.Stat(outside); err == nil {
		t.Fatalf("a query wrote %s", outside)
	}
	if n, err := s.Count(ctx, "SELECT count() AS n FROM system.tables WHERE database = 'trustwatch' AND name = 'job_runs'"); err != nil || n != 1 {
		t.Fatalf("job_runs: %d tables, %v; want it still there", n, err)
	}
}

func TestQueryReadOnlyLimitsAndStreaming(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	t.Run("result rows", func(t *testing.T) {
		err := b.QueryReadOnly(ctx, "SELECT number FROM numbers(100000)", "TSV", store.Limits{MaxResultRows: 1000}, &bytes.Buffer{})
		var ce *store.CodeError
		if !errors.As(err, &ce) || ce.Code != 396 {
			t.Fatalf("got %v, want TOO_MANY_ROWS_OR_BYTES (396)", err)
		}
	})
	t.Run("execution time", func(t *testing.T) {
		err := b.QueryReadOnly(ctx, "SELECT count() FROM numbers(100000000000)", "TSV", store.Limits{MaxExecutionTime: 500 * time.Millisecond}, &bytes.Buffer{})
		var ce *store.CodeError
		if !errors.As(err, &ce) || ce.Code != 159 {
			t.Fatalf("got %v, want TIMEOUT_EXCEEDED (159)", err)
		}
	})
	t.Run("streams in blocks", func(t *testing.T) {
		w := &countingWriter{}
		if err := b.QueryReadOnly(ctx, "SELECT number FROM numbers(300000)", "TSV", store.Limits{}, w); err != nil {
			t.Fatal(err)
		}
		if w.lines != 300000 || w.writes < 2 {
			t.Fatalf("got %d lines in %d writes, want 300000 in several blocks", w.lines, w.writes)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		w := &countingWriter{cancelAfter: 1, cancel: cancel}
		err := b.QueryReadOnly(cctx, "SELECT number FROM numbers(10000000)", "TSV", store.Limits{}, w)
		if !errors.Is(err, context.Canceled) || w.lines >= 10000000 {
			t.Fatalf("got %v after %d lines, want cancelled early", err, w.lines)
		}
	})
	t.Run("writes still work on the main session", func(t *testing.T) {
		if err := b.Exec(ctx, "INSERT INTO trustwatch.job_runs (run_id) VALUES ('after')"); err != nil {
			t.Fatal(err)
		}
	})
}

type countingWriter struct {
	writes, lines int
	cancelAfter   int
	cancel        func()
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.lines += bytes.Count(p, []byte("\n"))
	if w.cancel != nil && w.writes >= w.cancelAfter {
		w.cancel()
	}
	return len(p), nil
}
