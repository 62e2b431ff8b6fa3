package analytics

import (
	"context"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestRepairWeight: unit a's record of 2025-03-01 (severity 4) is marked
// repaired from 2025-09-15 by an accepted objection. September, in which
// the repair falls, counts it in full (with a's record of 2024-09-01 of
// severity 5, still on display); October, which begins after it,
// counts it at repair.weight (0.5: 2 of 4), and v_run_evidence says the
// same; at weight 0 it leaves October's evidence.
func TestRepairWeight(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	ctx := context.Background()
	var docs []struct {
		DocID string `json:"doc_id"`
	}
	if err := s.SelectInto(ctx, "SELECT doc_id FROM trustwatch.signals WHERE unit_id = 'a' AND event_date = '2025-03-01'", &docs); err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	cols := []string{"objection_id", "seq", "event", "state", "unit_id", "doc_id", "category", "action", "reason", "decision", "repaired_from", "decided_by", "at"}
	if err := s.Insert(ctx, store.Database+".objection_events", cols, [][]any{{"OBJ-1", uint16(2), "accepted", "accepted", "a", docs[0].DocID, "综合",
		"rectified", "已整改", "rectified", store.Day(time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)), "评估组", time.Now().UTC()}}); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Loaded.Index.Repair.Weight != 0.5 {
		t.Fatalf("configs/index.yaml repair.weight %g; this test expects the shipped 0.5", cfg.Loaded.Index.Repair.Weight)
	}
	rank := func(weight float64, p string) Run {
		sys := *cfg.Loaded.Index
		sys.Repair.Weight = weight
		r, err := New(Options{Store: s, Units: units, Index: &sys})
		if err != nil {
			t.Fatal(err)
		}
		per, _ := period.Parse(p)
		run, err := r.Rank(ctx, per, JobRank)
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	sep := indicatorOf(t, rank(0.5, "2025-09"), index.Districts, "a", "failure_records")
	if sep.Num != 9 || sep.N != 2 { // with the record of 2024-09-01 (5), still on display
		t.Fatalf("September (the repair falls in it): %g over %d; want 4 + 5 over 2", sep.Num, sep.N)
	}
	oct := rank(0.5, "2025-10")
	if got := indicatorOf(t, oct, index.Districts, "a", "failure_records"); got.Num != 2 || got.N != 1 {
		t.Fatalf("October (after the repair): %g over %d; want 2 (half of 4) over 1", got.Num, got.N)
	}
	var ev []struct {
		Num      float64 `json:"num"`
		Repaired string  `json:"repaired"`
	}
	q := "SELECT num, toString(repaired) AS repaired FROM trustwatch.v_run_evidence WHERE run_id = " + store.Quote(oct.ID) + " AND indicator = 'failure_records' AND unit_id = 'a'"
	if err := s.SelectInto(ctx, q, &ev); err != nil || len(ev) != 1 || ev[0].Num != 2 || ev[0].Repaired != "2025-09-15" {
		t.Fatalf("v_run_evidence: %+v, %v", ev, err)
	}
	ex, err := Explain(ctx, s, cfg.Loaded.Index, oct, "a", 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ex.Indicators {
		if l.Indicator == "failure_records" && (len(l.Documents) != 1 || l.Documents[0].Repaired != "2025-09-15" || l.Documents[0].Num != 2) {
			t.Fatalf("explained evidence: %+v", l.Documents)
		}
	}
	if got := indicatorOf(t, rank(0, "2025-10"), index.Districts, "a", "failure_records"); got.Num != 0 || got.N != 0 {
		t.Fatalf("at weight 0: %g over %d; want no evidence", got.Num, got.N)
	}
}
