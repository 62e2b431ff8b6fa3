package analytics

import (
	"context"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestEvidenceObjections: accepted objections to an indicator's evidence
// change what the index counts. Unit a's 双公示 甲〔2025〕2号 was counted late
// (3 of 4 on time); withdrawn, a has 3 of 3. Its 甲〔2025〕1号 is
// re-attributed to b: a keeps 2 of 2, b gains it (4 of 4). A rejected
// objection changes nothing, and other indicators are untouched.
func TestEvidenceObjections(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	ctx := context.Background()
	docOf := func(wsh string) string {
		var rows []struct {
			ID string `json:"id"`
		}
		if err := s.SelectInto(ctx, "SELECT id FROM trustwatch.documents WHERE fields['决定文书号'] = "+store.Quote(wsh), &rows); err != nil || len(rows) != 1 {
			t.Fatal(wsh, rows, err)
		}
		return rows[0].ID
	}
	cols := []string{"objection_id", "seq", "event", "state", "unit_id", "doc_id", "indicator", "action", "reason", "decision", "to_unit", "decided_by", "at"}
	at := time.Now().UTC()
	rows := [][]any{
		{"OBJ-w", uint16(2), "accepted", "accepted", "a", docOf("甲〔2025〕2号"), "sgs_timeliness", "not_breach", "决定日期有误", "withdraw", "", "评估组", at},
		{"OBJ-r", uint16(2), "accepted", "accepted", "a", docOf("甲〔2025〕1号"), "sgs_timeliness", "wrong_unit", "乙区的决定", "reassign", "b", "评估组", at},
		{"OBJ-x", uint16(2), "rejected", "rejected", "a", docOf("甲〔2025〕3号"), "sgs_timeliness", "not_breach", "x", "", "", "评估组", at},
	}
	if err := s.Insert(ctx, store.Database+".objection_events", cols, rows); err != nil {
		t.Fatal(err)
	}
	oct, _ := period.Parse("2025-10")
	run, err := ranker(t, s).Rank(ctx, oct, JobRank)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		unit, ind string
		num, den  float64
		n         int
	}{
		{"a", "sgs_timeliness", 2, 2, 2}, {"b", "sgs_timeliness", 4, 4, 4},
		{"a", "sgs_completeness", 3, 4, 4}, // another indicator over the same documents: untouched
	} {
		got := indicatorOf(t, run, index.Districts, tc.unit, tc.ind)
		if got.Num != tc.num || got.Den != tc.den || got.N != tc.n {
			t.Errorf("%s %s = %g/%g over %d, want %g/%g over %d", tc.unit, tc.ind, got.Num, got.Den, got.N, tc.num, tc.den, tc.n)
		}
	}
}

// TestBackdatedCountsAsSeen: unit a's 甲〔2025〕1号 claims 10-13 (on time),
// but the source was crawled healthily on 10-20 without it and it was first
// seen on 11-01: with backdated: observed it counts as published on 11-01 —
// late, and out of October; with claimed, as the page says.
func TestBackdatedCountsAsSeen(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	ctx := context.Background()
	if err := s.Insert(ctx, store.Database+".crawl_runs", []string{"run_id", "source", "started_at", "finished_at", "healthy"},
		[][]any{{"r1", "src-disclosure", time.Date(2025, 10, 20, 2, 0, 0, 0, time.UTC), time.Date(2025, 10, 20, 2, 10, 0, 0, time.UTC), uint8(1)}}); err != nil {
		t.Fatal(err)
	}
	// Every disclosure of the fixture was fetched on 11-01 (after the crawl of 10-20);
	// only those claiming a day before 10-19 are backdated: 甲〔2025〕1号 (10-13), 2号
	// (10-14), 3号 (10-10) and the one of 9-30 — all of them a's.
	oct, _ := period.Parse("2025-10")
	rank := func(mode string) Run {
		r := ranker(t, s)
		r.o.Index = withParam(r.o.Index, "sgs_timeliness", "backdated", mode)
		run, err := r.Rank(ctx, oct, JobRank)
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	if got := indicatorOf(t, rank("claimed"), index.Districts, "a", "sgs_timeliness"); got.Num != 3 || got.Den != 4 {
		t.Fatalf("claimed: %g/%g, want 3/4 as in TestIndicatorsByHand", got.Num, got.Den)
	}
	// Observed: 1号, 2号 and 3号 move to November (published 11-01); the
	// one of 10-20 (no 文书号) stays, on time.
	if got := indicatorOf(t, rank("observed"), index.Districts, "a", "sgs_timeliness"); got.Num != 1 || got.Den != 1 {
		t.Fatalf("observed: %g/%g, want 1/1: the backdated decisions left October", got.Num, got.Den)
	}
	if n, err := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_backdated"); err != nil || n != 4 {
		t.Fatalf("v_backdated holds %d decisions (%v); want a's four claiming a day before 10-19", n, err)
	}
}

// withParam is a copy of sys with one indicator's param set.
func withParam(sys *index.System, indicator, key, value string) *index.System {
	out := *sys
	out.Dimensions = append([]index.Dimension(nil), sys.Dimensions...)
	for i, d := range out.Dimensions {
		out.Dimensions[i].Indicators = append([]index.Indicator(nil), d.Indicators...)
		for j, in := range out.Dimensions[i].Indicators {
			if in.ID != indicator {
				continue
			}
			params := map[string]string{key: value}
			for k, v := range in.Params {
				if k != key {
					params[k] = v
				}
			}
			out.Dimensions[i].Indicators[j].Params = params
		}
	}
	return &out
}
