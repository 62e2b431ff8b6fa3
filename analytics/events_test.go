package analytics

import (
	"context"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// evDoc is a document with one signal, for the event tests.
type evDoc struct {
	id, source, unit string
	day              time.Time
	simhash          uint64
	severity         uint8
}

func seedEvents(t *testing.T, s *store.Store, version string, docs []evDoc) {
	t.Helper()
	now := time.Now().UTC()
	var drows, srows [][]any
	for _, d := range docs {
		drows = append(drows, []any{d.id, version, d.source, "news", "http://x/" + d.id, "通报", "正文", d.day, d.day,
			map[string]string{}, []string{d.unit}, uint32(1), d.simhash, now})
		srows = append(srows, []any{d.id, version, d.unit, "综合", int8(-1), d.severity, "e", d.source, "news", store.Day(d.day), now})
	}
	cols := append(append([]string{}, docColumns[:12]...), "simhash", "ingested_at")
	insertRows(t, s, cols, drows, srows)
}

// TestEventsCountOnce: a 通报 and its repost on another site are one event —
// ranked once, at the original's date and its highest severity — while look-
// alikes on the same site, about another unit, weeks later or too many bits
// apart stay events of their own.
func TestEventsCountOnce(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	oct := func(d int) time.Time { return time.Date(2026, 10, d, 9, 0, 0, 0, time.UTC) }
	const fp = 0x0123456789abcdef
	seedEvents(t, s, "v1", []evDoc{
		{"d1-orig", "news", "a", oct(30), fp, 4},
		{"d2-repost", "media", "a", oct(31).Add(20 * time.Hour), fp ^ 0b101, 3}, // 2 bits, next day (and month)
		{"d3-same-site", "news", "c", oct(2), fp, 2},                            // alone on its unit
		{"d4-other-unit", "media", "b", oct(30), fp, 2},
		{"d5-weeks-later", "media", "a", oct(1).AddDate(0, 1, 20), fp, 2},
		{"d6-far-bits", "media", "a", oct(30), fp ^ 0xff, 2}, // 8 bits
	})
	r := ranker(t, s)
	month := func(t time.Time) period.Period { return period.Containing(period.Month, t) }
	run, err := r.Rank(ctx, month(oct(1)), JobRank)
	if err != nil {
		t.Fatal(err)
	}
	if e := run.Events; e.Documents != 6 || e.Events != 5 || e.Grouped != 2 || e.Changed != 1 {
		t.Fatalf("events %+v, want 6 documents in 5 events, 2 grouped, 1 row written", e)
	}
	a := rowOf(run, "a")
	if a.Negatives != 2 || a.SeveritySum != 6 {
		t.Fatalf("unit a: %d negatives, severity %d; want 2 (the event once, at severity 4, and d6 at 2) and 6", a.Negatives, a.SeveritySum)
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_events WHERE event_id = 'd1-orig' AND documents = 2 AND length(sources) = 2"); n != 1 {
		t.Fatal("v_events has no event d1-orig with 2 documents from 2 sources")
	}
	if again, _ := r.GroupEvents(ctx); again.Changed != 0 {
		t.Fatalf("grouping again wrote %d rows, want 0", again.Changed)
	}
	// The repost is edited into another story: it leaves the event.
	seedEvents(t, s, "v2", []evDoc{{"d2-repost", "media", "a", oct(31).Add(20 * time.Hour), ^uint64(fp), 3}})
	run, _ = r.Rank(ctx, month(oct(1)), JobRank)
	if run.Events.Changed != 1 || rowOf(run, "a").Negatives != 2 || rowOf(run, "a").SeveritySum != 6 {
		t.Fatalf("after the edit: %+v, unit a %+v; want 1 row written and d2 now in November", run.Events, rowOf(run, "a"))
	}
	nov, _ := r.Rank(ctx, month(oct(1).AddDate(0, 1, 0)), JobRank)
	if a := rowOf(nov, "a"); a.Negatives != 2 || a.SeveritySum != 5 {
		t.Fatalf("November, unit a: %+v; want d2 (3) and d5 (2) as events of their own", a)
	}
}

func rowOf(run Run, unit string) Row {
	for _, r := range run.Rows {
		if r.UnitID == unit {
			return r
		}
	}
	return Row{}
}

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
