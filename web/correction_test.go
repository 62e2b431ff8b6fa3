package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestCorrectedReport: 2026-H1 is ranked on 07-01 and stands on its due
// day, 07-05; an objection is accepted on 07-20 and the half-year ranked
// again. Before the due day the report is a draft; after it, the latest
// report is marked 更正版 with the published run, the objection and the
// units that moved; the published edition is the run of 07-01, marked as
// the original.
func TestCorrectedReport(t *testing.T) {
	s := storetest.Open(t)
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range cfg.Loaded.Units.Ranked() {
		ids = append(ids, u.ID)
	}
	storetest.SeedYear(t, s, ids, 2000, 4000)
	ctx := context.Background()
	h1 := period.Of(period.Half, 2026, 1)
	rankAt := func(at time.Time) analytics.Run {
		r, err := analytics.New(analytics.Options{Store: s, Units: cfg.Loaded.Units.All(), Index: cfg.Loaded.Index, Now: func() time.Time { return at }})
		if err != nil {
			t.Fatal(err)
		}
		run, err := r.Rank(ctx, h1, analytics.JobRank)
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	first := rankAt(time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC))
	// 07-20: the evaluator withdraws the heaviest records of ids[0] in H1.
	var recs []struct {
		DocID    string `json:"doc_id"`
		Category string `json:"category"`
		Day      string `json:"event_date"`
	}
	q := "SELECT doc_id, toString(category) AS category, toString(event_date) AS event_date FROM trustwatch.v_signals WHERE unit_id = " + store.Quote(ids[0]) +
		" AND polarity < 0 AND event_date < '2026-07-01' ORDER BY severity DESC, doc_id LIMIT 40"
	if err := s.SelectInto(ctx, q, &recs); err != nil || len(recs) == 0 {
		t.Fatal(recs, err)
	}
	decided := time.Date(2026, 7, 20, 2, 0, 0, 0, time.UTC)
	var rows [][]any
	for i, rec := range recs {
		rows = append(rows, []any{"OBJ-" + string(rune('a'+i%26)) + rec.DocID, uint16(2), "accepted", "accepted", ids[0], rec.DocID, rec.Category, "not_breach",
			"不构成失信", "withdraw", "经核实不属实", "评估组", `{"event_date":"` + rec.Day + `"}`, decided})
	}
	cols := []string{"objection_id", "seq", "event", "state", "unit_id", "doc_id", "category", "action", "reason", "decision", "decision_reason", "decided_by", "before", "at"}
	if err := s.Insert(ctx, store.Database+".objection_events", cols, rows); err != nil {
		t.Fatal(err)
	}
	second := rankAt(decided.Add(time.Hour))

	draft, err := BuildReport(ctx, s, cfg.Loaded.Index, h1, Latest, time.Date(2026, 7, 3, 2, 0, 0, 0, time.UTC))
	if err != nil || draft.Correction != nil || strings.Contains(draft.Title, "更正") {
		t.Fatalf("before the due day: %q, %v", draft.Title, err)
	}
	if _, err := BuildReport(ctx, s, cfg.Loaded.Index, h1, Published, time.Date(2026, 7, 3, 2, 0, 0, 0, time.UTC)); err == nil {
		t.Fatal("a published edition before the due day")
	}
	now := time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC)
	latest, err := BuildReport(ctx, s, cfg.Loaded.Index, h1, Latest, now)
	if err != nil {
		t.Fatal(err)
	}
	c := latest.Correction
	if c == nil || !strings.HasSuffix(latest.Title, "（更正版）") || latest.RunID != second.ID || c.PublishedRun != first.ID || c.PublishedOn != "2026-07-05" {
		t.Fatalf("corrected report: %q run %s, correction %+v; want run %s correcting %s", latest.Title, latest.RunID, c, second.ID, first.ID)
	}
	if len(c.Decisions) != len(recs) || len(c.Changes) == 0 {
		t.Fatalf("correction: %d decisions (want %d), %d changes", len(c.Decisions), len(recs), len(c.Changes))
	}
	var moved bool
	for _, ch := range c.Changes {
		moved = moved || ch.UnitID == ids[0] && ch.ScoreAfter > ch.ScoreBefore
	}
	if !moved {
		t.Fatalf("changes %+v; want %s up", c.Changes, ids[0])
	}
	orig, err := BuildReport(ctx, s, cfg.Loaded.Index, h1, Published, now)
	if err != nil || orig.RunID != first.ID || orig.Correction != nil || orig.Original != "2026-07-05" {
		t.Fatalf("published edition: run %s, %+v, %v; want %s", orig.RunID, orig.Correction, err, first.ID)
	}
	b, err := RenderReport(latest)
	if err != nil || !strings.Contains(string(b), "更正说明") || !strings.Contains(string(b), "经核实不属实") {
		t.Fatalf("the corrected page does not say what and why: %v", err)
	}
}
