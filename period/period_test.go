package period

import (
	"testing"
	"time"
)

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, name, start, end, prev, chinese, due string }{
		{"2026-10", "2026-10", "2026-10-01", "2026-11-01", "2026-09", "2026年10月", "2026-11-05"},
		{"2026-01", "2026-01", "2026-01-01", "2026-02-01", "2025-12", "2026年1月", "2026-02-05"},
		{"2026-Q3", "2026-Q3", "2026-07-01", "2026-10-01", "2026-Q2", "2026年第三季度", "2026-10-05"},
		{"2026-q1", "2026-Q1", "2026-01-01", "2026-04-01", "2025-Q4", "2026年第一季度", "2026-04-05"},
		{"2026-H1", "2026-H1", "2026-01-01", "2026-07-01", "2025-H2", "2026年上半年", "2026-07-05"},
		{"2026-H2", "2026-H2", "2026-07-01", "2027-01-01", "2026-H1", "2026年下半年", "2027-01-05"},
		{"2026", "2026", "2026-01-01", "2027-01-01", "2025", "2026年度", "2027-01-05"},
	} {
		p, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if p.String() != tc.name || !p.Start.Equal(day(tc.start)) || !p.End.Equal(day(tc.end)) ||
			p.Previous().String() != tc.prev || p.Chinese() != tc.chinese || !p.Due().Equal(day(tc.due)) {
			t.Fatalf("%s: got %s [%s, %s) prev %s %s due %s", tc.in, p, p.Start, p.End, p.Previous(), p.Chinese(), p.Due())
		}
		if back, _ := Parse(p.String()); back != p {
			t.Fatalf("%s does not read back", p)
		}
	}
	for _, bad := range []string{"", "26-10", "2026-13", "2026-00", "2026-Q5", "2026-H3", "2026-1", "2026-10-01", "abcd", "1890"} {
		if _, err := Parse(bad); err == nil {
			t.Fatalf("Parse(%q) accepted", bad)
		}
	}
}

func TestRanges(t *testing.T) {
	ps, err := ParseRange("2025-11..2026-02")
	if err != nil || len(ps) != 4 || ps[0].String() != "2025-11" || ps[3].String() != "2026-02" {
		t.Fatalf("ParseRange = %v, %v", ps, err)
	}
	for _, bad := range []string{"2026-02..2025-11", "2026-Q1..2026-10", "2026-01", "x..2026-01"} {
		if _, err := ParseRange(bad); err == nil {
			t.Fatalf("ParseRange(%q) accepted", bad)
		}
	}
	var names []string
	for _, p := range Ending(day("2026-06-01")) {
		names = append(names, p.String())
	}
	if got := len(names); got != 3 || names[0] != "2026-06" || names[1] != "2026-Q2" || names[2] != "2026-H1" {
		t.Fatalf("periods ending with June: %v", names)
	}
	if n := len(Ending(day("2026-12-01"))); n != 4 {
		t.Fatalf("periods ending with December: %d, want 4", n)
	}
	if !Of(Quarter, 2026, 8).Contains(time.Date(2026, 9, 30, 23, 0, 0, 0, time.FixedZone("CST", 8*3600))) {
		t.Fatal("30 September is in Q3")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-10", "2026-Q3", "2026-H1", "2026", "2026-13", "..", "2026-1..2026-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if back, err := Parse(p.String()); err != nil || back != p {
			t.Fatalf("%q → %s does not read back", s, p)
		}
		if !p.Start.Before(p.End) {
			t.Fatalf("%q: empty period", s)
		}
	})
}
