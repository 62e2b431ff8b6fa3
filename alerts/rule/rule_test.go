package rule

import (
	"strings"
	"testing"
)

func ptr(f float64) *float64 { return &f }

func TestCheck(t *testing.T) {
	ix := Index{Dimensions: []string{"open", "lawful"}, Indicators: []string{"sgs_timeliness"}}
	for _, tc := range []struct {
		rule Rule
		want []string // "field: message part", in order
	}{
		{Rule{Name: "ok", Metric: "dimension.open", Op: "<", Threshold: ptr(60), Level: Yellow}, nil},
		{Rule{Name: "ok", Metric: "indicator.sgs_timeliness", Op: "<", Threshold: ptr(0.8), Level: Blue}, nil},
		{Rule{Name: "ok", Metric: RankDrop, Op: ">=", Threshold: ptr(5), Level: Orange}, nil},
		{Rule{Metric: "dimension.opne", Op: "=", Level: "紫"}, []string{
			"name: required", `level: unknown level "紫"`, `metric: unknown dimension "opne" (want one of open, lawful)`,
			`op: unknown operator "="`, "threshold: required"}},
		{Rule{Name: "s", Kind: Spike, Level: Orange}, nil},
		{Rule{Name: "s", Kind: Severe, MinSeverity: 4, Level: Red, Metric: Score}, []string{"metric: not a parameter of kind severe"}},
		{Rule{Name: "o", Kind: Overdue, Indicator: "sgs_timeliness", Level: Blue}, []string{`indicator: "sgs_timeliness" is not an indicator that counts deadlines`}},
		{Rule{Name: "h", Kind: Hot, Level: Orange, Categories: []string{"x"}}, nil},
		{Rule{Name: "q", Kind: "quiet", Level: Blue}, []string{`kind: unknown kind "quiet"`}},
		{Rule{Name: "x", Metric: "indicator.nope", Op: "<", Threshold: ptr(1), Level: Red}, []string{`metric: unknown indicator "nope" (want one of sgs_timeliness)`}},
		{Rule{Name: "x", Metric: "popularity", Op: "<", Threshold: ptr(1), Level: Red}, []string{`metric: unknown metric "popularity"`}},
	} {
		tc.rule.Defaults()
		ps := tc.rule.Check(ix)
		if len(ps) != len(tc.want) {
			t.Fatalf("%+v: problems %v, want %v", tc.rule, ps, tc.want)
		}
		for i, p := range ps {
			if got := p.Field + ": " + p.Msg; !strings.HasPrefix(got, tc.want[i]) {
				t.Fatalf("%+v: problem %q, want %q", tc.rule, got, tc.want[i])
			}
		}
	}
}

func TestNamesAndOps(t *testing.T) {
	names := map[string]string{"open": "政务公开", "sgs_timeliness": "双公示及时率"}
	for m, want := range map[Metric]string{"dimension.open": "政务公开得分", "indicator.sgs_timeliness": "双公示及时率",
		Score: "政务诚信指数", RankDrop: "名次较上期下降", "indicator.other": "other"} {
		if got := m.Name(names); got != want {
			t.Fatalf("%s: %q, want %q", m, got, want)
		}
	}
	if !Op(">=").Compare(3, 3) || Op(">").Compare(3, 3) || !Op("<").Compare(2, 3) || Op("<=").Compare(4, 3) || Op(">=").Symbol() != "≥" {
		t.Fatal("operators")
	}
}

func TestDefaults(t *testing.T) {
	r := Rule{Name: "s", Kind: Spike}
	r.Defaults()
	if r.BaselineDays != 28 || r.PValue != 0.001 || r.MinCount != 3 || r.WithinDays != 2 || r.Cause != "s" {
		t.Fatalf("spike defaults: %+v", r)
	}
	th := Rule{Name: "t"}
	th.Defaults()
	if th.Kind != Threshold {
		t.Fatalf("default kind %q", th.Kind)
	}
	f := File{Inhibit: []Inhibit{{Source: Red, Targets: []Level{Yellow}}}}
	f.Defaults()
	if !f.Inhibits(Red, Yellow) || f.Inhibits(Yellow, Red) || f.Inhibits(Red, Orange) || len(f.Check()) != 0 {
		t.Fatalf("inhibition or policy defaults: %+v %v", f.Policy, f.Check())
	}
}
