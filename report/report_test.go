package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/period"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs:\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

var run = analytics.Run{
	ID: "20261101T030000-abcdef", Period: period.Of(period.Half, 2026, 1), Version: "2026.1",
	Rows: []analytics.Row{
		{Group: index.Districts, UnitID: "jinshui", UnitName: "金水区", Score: 88.25, ScoreLo: 80.1, ScoreHi: 93, Grade: "A", Rank: 1, RankLo: 1, RankHi: 3, PrevRank: 2, Counts: analytics.Counts{Documents: 120, Sources: 6}, Covered: 9, Applicable: 9},
		{Group: index.Districts, UnitID: "xinmi", UnitName: "新密市", Score: 86, ScoreLo: 70, ScoreHi: 95.5, Grade: "A", Rank: 2, RankLo: 1, RankHi: 5, Counts: analytics.Counts{Documents: 4, Sources: 1}, Covered: 3, Applicable: 9, Insufficient: true},
		{Group: index.Districts, UnitID: "zhongmou", UnitName: "中牟县", Score: 41.5, ScoreLo: 33, ScoreHi: 52, Grade: "D", Rank: 3, RankLo: 3, RankHi: 3, PrevRank: 1, Counts: analytics.Counts{Documents: 88, Sources: 5}, Covered: 8, Applicable: 9},
	},
}

func TestRanking(t *testing.T) {
	var b bytes.Buffer
	for _, g := range index.Groups {
		if err := Ranking(&b, run, g); err != nil {
			t.Fatal(err)
		}
	}
	golden(t, "ranking.golden", b.Bytes())
}

func TestExplanation(t *testing.T) {
	v := 0.75
	ex := analytics.Explanation{Row: run.Rows[2], Period: run.Period, Indicators: []analytics.IndicatorLine{
		{Dimension: "open", DimensionName: "政务公开", Indicator: "sgs_timeliness", Name: "双公示及时率", Value: &v, Numerator: 3, Denominator: 4, Evidence: 4,
			Credibility: 0.4, Adjusted: 0.8, Enough: true, Score: 57.14, Weight: 0.14, Contribution: 8,
			Documents: []analytics.EvidenceDoc{{DocID: "d1", Title: "中牟县市场监督管理局关于某公司的行政处罚决定", URL: "http://example/1", Published: "2026-10-14", Num: 0, Den: 1}}},
		{Dimension: "lawful", DimensionName: "依法行政", Indicator: "litigation_loss", Name: "行政机关败诉率", Evidence: 0, Score: 100, Weight: 0},
	}}
	var b bytes.Buffer
	if err := Explanation(&b, ex); err != nil {
		t.Fatal(err)
	}
	golden(t, "explanation.golden", b.Bytes())
}

func TestAudit(t *testing.T) {
	a := index.Audit{Group: index.Districts, Stable: 0.9231, Scenarios: []index.Scenario{
		{Name: "等权重 equal dimension weights", Stable: 1, MaxShift: 1},
		{Name: "去掉 without 依法行政", Stable: 0.75, MaxShift: 5},
	}, Movers: []index.Mover{{UnitID: "zhongmou", Name: "中牟县", Rank: 3, MinRank: 1, MaxRank: 8, Shift: 5, Scenario: "去掉 without 依法行政"}}}
	var b bytes.Buffer
	if err := Audit(&b, a, 5); err != nil {
		t.Fatal(err)
	}
	golden(t, "audit.golden", b.Bytes())
}

func TestChanges(t *testing.T) {
	before := analytics.Run{ID: "r1", Period: run.Period}
	after := analytics.Run{ID: "r2", Period: run.Period}
	cs := []analytics.Change{
		{UnitID: "zhongmou", UnitName: "中牟县", Group: "districts", RankBefore: 16, RankAfter: 12, ScoreBefore: 40.9, ScoreAfter: 55.2, GradeBefore: "D", GradeAfter: "D"},
		{UnitID: "huiji", UnitName: "惠济区", Group: "districts", RankBefore: 12, RankAfter: 16, ScoreBefore: 58.0, ScoreAfter: 35.5, GradeBefore: "D", GradeAfter: "D"},
	}
	var b bytes.Buffer
	if err := Changes(&b, before, after, cs); err != nil {
		t.Fatal(err)
	}
	why := []objection.Objection{{ID: "OBJ-1", UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Decision: objection.Repaired,
		RepairedFrom: "2026-10-20", DecisionReason: "已结清", DecidedBy: "评估组"},
		{ID: "OBJ-2", UnitID: "huiji", DocID: "doc2", Indicator: "sgs_timeliness", Decision: objection.Withdraw, DecisionReason: "公示日期有误", DecidedBy: "评估组"}}
	if err := Decisions(&b, why); err != nil {
		t.Fatal(err)
	}
	golden(t, "changes.golden", b.Bytes())
}
