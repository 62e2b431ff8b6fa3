package alerts_test

import (
	"context"
	"testing"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/email"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store/storetest"
)

var run = analytics.Run{
	ID: "r1", Period: period.Of(period.Month, 2026, 10),
	Rows: []analytics.Row{
		{UnitID: "a", UnitName: "甲区", Score: 95, Rank: 1, PrevRank: 2, PrevScore: 90, Counts: analytics.Counts{Complaints: 2},
			Dimensions: map[string]float64{"open": 100}, Indicators: map[string]float64{"sgs_timeliness": 0.98}},
		{UnitID: "b", UnitName: "乙区", Score: 40, Rank: 2, PrevRank: 1, PrevScore: 61, Counts: analytics.Counts{Complaints: 8},
			Dimensions: map[string]float64{"open": 55}, Indicators: map[string]float64{"sgs_timeliness": 0.7}},
		{UnitID: "c", UnitName: "丙区", Score: 12, Rank: 3, Counts: analytics.Counts{Complaints: 9},
			Dimensions: map[string]float64{"open": 30}}, // no decisions: no timeliness value; not ranked before
	},
}

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule rule.Rule
		want []string // units warned
	}{
		{"score below", rule.Rule{Name: "r", Metric: "score", Op: "<", Threshold: ptr(40), Level: "红"}, []string{"c"}},
		{"score at or below", rule.Rule{Name: "r", Metric: "score", Op: "<=", Threshold: ptr(40), Level: "红"}, []string{"b", "c"}},
		{"complaints at least", rule.Rule{Name: "r", Metric: "complaints", Op: ">=", Threshold: ptr(8), Level: "橙"}, []string{"b", "c"}},
		{"complaints above", rule.Rule{Name: "r", Metric: "complaints", Op: ">", Threshold: ptr(9), Level: "橙"}, nil},
		{"a dimension below", rule.Rule{Name: "r", Metric: "dimension.open", Op: "<", Threshold: ptr(60), Level: "黄"}, []string{"b", "c"}},
		{"an indicator below: none without a value", rule.Rule{Name: "r", Metric: "indicator.sgs_timeliness", Op: "<", Threshold: ptr(0.8), Level: "黄"}, []string{"b"}},
		{"score dropped: none without a previous period", rule.Rule{Name: "r", Metric: "score_drop", Op: ">=", Threshold: ptr(20), Level: "橙"}, []string{"b"}},
		{"rank dropped", rule.Rule{Name: "r", Metric: "rank_drop", Op: ">=", Threshold: ptr(1), Level: "蓝"}, []string{"b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := alerter(t, tc.rule)
			res, err := a.Evaluate(context.Background(), run)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range res.Warnings {
				got = append(got, w.UnitID)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warned %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("warned %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func alerter(t *testing.T, rules ...rule.Rule) *alerts.Alerter {
	t.Helper()
	s := storetest.Open(t)
	sender, err := email.New(email.Options{From: "tw@localhost", To: []string{"dc@localhost"}, OutboxDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := alerts.New(alerts.Options{Store: s, Rules: rules, Notifier: sender})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestNotifiedOnce: a warning is emailed once, however often the ranking is
// evaluated, and a new run of the same month raises no new email.
func TestNotifiedOnce(t *testing.T) {
	a := alerter(t, rule.Rule{Name: "低分", Metric: "score", Op: "<", Threshold: ptr(50), Level: "红"})
	ctx := context.Background()
	first, err := a.Evaluate(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Warnings) != 2 || len(first.Notified) != 2 {
		t.Fatalf("first: %d warnings, %d notified; want 2 and 2", len(first.Warnings), len(first.Notified))
	}
	again := run
	again.ID = "r2"
	second, err := a.Evaluate(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Warnings) != 2 || len(second.Notified) != 0 {
		t.Fatalf("second: %d warnings, %d notified; want 2 and 0", len(second.Warnings), len(second.Notified))
	}
}

func ptr(f float64) *float64 { return &f }
