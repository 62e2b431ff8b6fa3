package analytics

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/unit"
)

func TestAssignRanks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scores []float64
		want   []int
	}{
		{"distinct", []float64{90, 80, 70}, []int{1, 2, 3}},
		{"tie shares and skips", []float64{90, 80, 80, 70}, []int{1, 2, 2, 4}},
		{"all equal", []float64{100, 100}, []int{1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := make([]Row, len(tc.scores))
			for i, s := range tc.scores {
				rows[i].Score = s
			}
			assignRanks(rows)
			for i, r := range rows {
				if r.Rank != tc.want[i] {
					t.Fatalf("ranks %v, want %v", rows, tc.want)
				}
			}
		})
	}
}

var units = []unit.Unit{{ID: "a", Short: "甲区"}, {ID: "b", Short: "乙区"}, {ID: "c", Short: "丙区"}}

// signal rows: unit, polarity, severity, day; one document per signal.
func seed(t *testing.T, s *store.Store, sigs []struct {
	unit     string
	polarity int8
	severity uint8
	day      time.Time
}) {
	t.Helper()
	now := time.Now().UTC()
	var docs, rows [][]any
	for i, x := range sigs {
		id := string(rune('A' + i))
		docs = append(docs, []any{id, "v1", "src", "complaint", "http://x/" + id, "t", "b", x.day, x.day,
			map[string]string{}, []string{x.unit}, uint32(1), now})
		rows = append(rows, []any{id, "v1", x.unit, "综合", x.polarity, x.severity, "e", "src", "complaint", store.Day(x.day), now})
	}
	insertRows(t, s, docColumns, docs, rows)
}

var (
	docColumns = []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	sigColumns = []string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity", "evidence", "source", "kind", "event_date", "ingested_at"}
)

// insertRows writes documents rows (with docCols) and signals rows.
func insertRows(t *testing.T, s *store.Store, docCols []string, docs, sigs [][]any) {
	t.Helper()
	ctx := context.Background()
	if err := s.Insert(ctx, "trustwatch.documents", docCols, docs); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(ctx, "trustwatch.signals", sigColumns, sigs); err != nil {
		t.Fatal(err)
	}
}

func TestRankStoresRun(t *testing.T) {
	s := storetest.Open(t)
	oct := time.Date(2026, 10, 15, 10, 0, 0, 0, time.UTC)
	sep := time.Date(2026, 9, 30, 10, 0, 0, 0, time.UTC)
	seed(t, s, []struct {
		unit     string
		polarity int8
		severity uint8
		day      time.Time
	}{
		{"a", -1, 3, oct}, {"a", -1, 4, oct}, {"a", 1, 0, oct}, // 100 − 2×7 + 1 = 87
		{"b", 1, 0, oct},  // 100 (capped) + 1 → 100
		{"c", -1, 5, sep}, // other month: not counted → 100
	})
	ctx := context.Background()
	r, err := New(Options{Store: s, Units: units})
	if err != nil {
		t.Fatal(err)
	}
	latest, err := r.LatestPeriod(ctx)
	if err != nil || latest.Format("2006-01") != "2026-10" {
		t.Fatalf("latest period %v (err %v), want 2026-10", latest, err)
	}
	run, err := r.Rank(ctx, oct)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		unit  string
		score float64
		rank  int
	}{{"b", 100, 1}, {"c", 100, 1}, {"a", 87, 3}}
	for i, w := range want {
		got := run.Rows[i]
		if got.UnitID != w.unit || got.Score != w.score || got.Rank != w.rank {
			t.Fatalf("row %d = %+v, want %+v", i, got, w)
		}
	}
	if a := run.Rows[2]; a.Negatives != 2 || a.SeveritySum != 7 || a.Positives != 1 || a.Complaints != 3 {
		t.Fatalf("unit a figures %+v, want 2 negatives, severity 7, 1 positive, 3 complaints", a)
	}
	back, err := LoadRun(ctx, s, "2026-10")
	if err != nil || back.ID != run.ID || len(back.Rows) != 3 || back.Rows[2].Score != 87 {
		t.Fatalf("LoadRun = %+v (err %v), want run %s back", back, err, run.ID)
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs WHERE status = 'ok' AND run_id = "+store.Quote(run.ID)); n != 1 {
		t.Fatalf("job_runs rows for the run = %d, want 1", n)
	}
	// A month without evidence is refused, recorded as failed, and stores no
	// ranking that could become "the latest" (issue #9: 2030-01 stored 16
	// units tied first at 100).
	empty, err := r.Rank(ctx, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	if !errors.Is(err, ErrNoEvidence) {
		t.Fatalf("rank 2030-01: %v, want ErrNoEvidence", err)
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.rankings WHERE period = '2030-01-01'"); n != 0 {
		t.Fatalf("%d ranking rows stored for 2030-01, want none", n)
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs WHERE status = 'failed' AND run_id = "+store.Quote(empty.ID)); n != 1 {
		t.Fatalf("failed job_runs rows for 2030-01 = %d, want 1", n)
	}
}

func TestLatestPeriodEmpty(t *testing.T) {
	s := storetest.Open(t)
	r, _ := New(Options{Store: s, Units: units})
	if _, err := r.LatestPeriod(context.Background()); err != ErrNoData {
		t.Fatalf("got %v, want ErrNoData", err)
	}
}
