package route

import (
	"testing"

	"github.com/trustwatch/trustwatch/alerts/rule"
)

func TestFor(t *testing.T) {
	f := File{Default: Route{To: []string{"d@localhost"}}, Operators: []string{"o@localhost"}, Supervisors: []string{"s@localhost"},
		Routes: []Route{
			{Name: "zm", Units: []string{"zhongmou"}, To: []string{"zm@localhost"}},
			{Name: "red", Units: []string{"zhongmou", "jinshui"}, Levels: []rule.Level{rule.Red}, To: []string{"r@localhost"}},
		}}
	f.Defaults()
	names := func(rs []Route) string {
		s := ""
		for _, r := range rs {
			s += r.Name + " "
		}
		return s
	}
	for _, tc := range []struct {
		unit  string
		level rule.Level
		want  string
	}{
		{"zhongmou", rule.Red, "zm red "},
		{"zhongmou", rule.Blue, "zm "},
		{"jinshui", rule.Red, "red "},
		{"jinshui", rule.Yellow, "default "},
		{"xinmi", rule.Red, "default "},
	} {
		if got := names(f.For(tc.unit, tc.level)); got != tc.want {
			t.Errorf("%s %s: routes %q, want %q", tc.unit, tc.level, got, tc.want)
		}
	}
	if ps := f.Check(func(string) bool { return true }); len(ps) != 0 {
		t.Fatal(ps)
	}
	for _, n := range []string{Default, Operators, Supervisors, "zm"} {
		if r, ok := f.Named(n); !ok || len(r.To) != 1 {
			t.Errorf("Named(%s): %+v %v", n, r, ok)
		}
	}
	if _, ok := f.Named("nope"); ok {
		t.Error("Named(nope) found a route")
	}
}
