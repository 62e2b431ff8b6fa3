package web

import (
	"math"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
)

// TestReportGolden pins the evaluation report's page.
func TestReportGolden(t *testing.T) {
	rows := []analytics.Row{
		{UnitID: "dengfeng", UnitName: "登封市", Group: index.Districts, Score: 87.04, ScoreLo: 81.0, ScoreHi: 92.8, Grade: "A", Rank: 1, RankLo: 1, RankHi: 8},
		{UnitID: "zhongmou", UnitName: "中牟县", Group: index.Districts, Score: 33.7, ScoreLo: 29.2, ScoreHi: 56.9, Grade: "D", Rank: 2, RankLo: 1, RankHi: 2, Insufficient: true},
	}
	d := ReportData{Title: "郑州市政务诚信建设情况第三方评估报告（2026年下半年）", PeriodName: "2026年下半年", Version: "2026.1",
		RunID: "20270101T030000-abcdef", Generated: time.Date(2027, 1, 5, 6, 0, 0, 0, cst).Format("2006年1月2日"), BootstrapLevel: 90,
		Groups:     []reportGroup{{Name: "县（市、区）", Rows: rows, Grades: []gradeCount{{"A", 1}, {"B", 0}, {"C", 0}, {"D", 1}}}},
		Dimensions: []dimensionLine{{Name: "依法行政", Districts: 61.5, Department: math.NaN(), Lowest: "中牟县（30.5）"}},
		Weakest:    []indicatorLine{{Name: "诉求按时答复率", Dimension: "勤政高效", Score: 31.2, Units: 16}},
		Warnings:   []warningCount{{Level: "红", Rule: "重大失信记录", N: 4}, {Level: "蓝", Rule: "诉求答复超期", N: 109}}, WarningTotal: 113,
		Documents: 1113, Units: 2}
	b, err := RenderReport(d)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report.html", string(b))
	// The same report corrected after its due day: marked, with what changed and why.
	d.Title += "（更正版）"
	d.Correction = &Correction{PublishedOn: "2027-01-05", PublishedRun: "20270101T030000-abcdef",
		Changes:   []analytics.Change{{UnitID: "zhongmou", UnitName: "中牟县", Group: "districts", RankBefore: 2, RankAfter: 1, ScoreBefore: 33.7, ScoreAfter: 88.1, GradeBefore: "D", GradeAfter: "A"}},
		Decisions: []objection.Objection{{ID: "OBJ-1", UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Decision: objection.Withdraw, DecisionReason: "经核实不属实", DecidedBy: "评估组"}}}
	if b, err = RenderReport(d); err != nil {
		t.Fatal(err)
	}
	golden(t, "report-corrected.html", string(b))
}
