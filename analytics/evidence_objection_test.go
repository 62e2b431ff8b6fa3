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
