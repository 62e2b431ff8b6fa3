package chdb

import (
	"context"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

func TestMigrateInsertSelect(t *testing.T) {
	requireEngine(t)
	ctx := context.Background()
	_, s := migrated(t)
	ms, _ := store.Migrations()
	if n, err := s.Count(ctx, "SELECT count() AS n FROM trustwatch.schema_migrations"); err != nil || n != int64(len(ms)) {
		t.Fatalf("schema_migrations rows = %d (err %v), want %d, one per migration", n, err, len(ms))
	}
	if n, err := s.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("second Migrate: applied %d (err %v), want 0", n, err)
	}

	pub := time.Date(2026, 10, 3, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	cols := []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	row := func(version string, at time.Time) []any {
		return []any{"d1", version, "src", "complaint", "http://x/1", "标题", "正文", pub, pub, map[string]string{"答复单位": "金水区"}, []string{"jinshui"}, uint32(3), at}
	}
	now := time.Now().UTC()
	if err := s.Insert(ctx, "trustwatch.documents", cols, [][]any{row("v1", now), row("v2", now.Add(time.Second))}); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		ID          string            `json:"id"`
		Version     string            `json:"version"`
		PublishedAt time.Time         `json:"published_at"`
		Fields      map[string]string `json:"fields"`
		Units       []string          `json:"units"`
		Tokens      int               `json:"tokens"`
	}
	if err := s.SelectInto(ctx, "SELECT id, version, published_at, fields, units, tokens FROM trustwatch.v_documents", &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Version != "v2" {
		t.Fatalf("v_documents: got %+v, want one row at version v2", got)
	}
	if !got[0].PublishedAt.Equal(pub) || got[0].Fields["答复单位"] != "金水区" || got[0].Units[0] != "jinshui" || got[0].Tokens != 3 {
		t.Fatalf("round trip: got %+v, want published %v, fields and units kept", got[0], pub)
	}
	if c, err := s.Count(ctx, "SELECT count() AS n FROM trustwatch.documents"); err != nil || c != 2 {
		t.Fatalf("raw rows: got %d (err %v), want 2", c, err)
	}
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "金水区", "'金水区'"},
		{"quote", "it's", `'it\'s'`},
		{"backslash", `a\b`, `'a\\b'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.Quote(tc.in); got != tc.want {
				t.Fatalf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// TestMigrateRecreatesDroppedTables: schema_migrations says every migration
// ran, yet a table dropped by hand must come back (issue #9: after DROP TABLE
// trustwatch.signals, make demo failed for ever).
func TestMigrateRecreatesDroppedTables(t *testing.T) {
	b, s := migrated(t)
	ctx := context.Background()
	for _, q := range []string{"DROP VIEW trustwatch.v_signals", "DROP TABLE trustwatch.signals", "DROP TABLE trustwatch.job_runs"} {
		if err := b.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	ms, _ := store.Migrations()
	if missing, _ := s.Missing(ctx, ms); len(missing) != 3 {
		t.Fatalf("missing %v, want signals, job_runs, v_signals", missing)
	}
	n, err := s.Migrate(ctx)
	if err != nil || n != 3 {
		t.Fatalf("Migrate repaired %d, %v; want 3", n, err)
	}
	if missing, err := s.Missing(ctx, ms); err != nil || len(missing) != 0 {
		t.Fatalf("still missing %v, %v", missing, err)
	}
	if _, err := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_signals"); err != nil {
		t.Fatalf("v_signals after repair: %v", err)
	}
}
