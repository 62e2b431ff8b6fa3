package workday

import (
	"testing"
	"time"
)

func d(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

// The State Council's notices (国办发明电): each real week around the
// holidays the plan's 7 working days most often cross.
func TestRealHolidayWeeks(t *testing.T) {
	c := China()
	for _, tc := range []struct {
		name       string
		off, work  []string // statutory days off; weekend days worked
		notWorking []string // ordinary weekdays that must stay working days
	}{
		{"春节 2024 (国办发明电〔2023〕7号)",
			[]string{"2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-02-17"},
			[]string{"2024-02-04", "2024-02-18"}, []string{"2024-02-08", "2024-02-09", "2024-02-19"}},
		{"春节 2025 (国办发明电〔2024〕12号)",
			[]string{"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"},
			[]string{"2025-01-26", "2025-02-08"}, []string{"2025-01-27", "2025-02-05"}},
		{"国庆 2024",
			[]string{"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07"},
			[]string{"2024-09-29", "2024-10-12"}, []string{"2024-09-30", "2024-10-08"}},
		{"国庆中秋 2025",
			[]string{"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"},
			[]string{"2025-09-28", "2025-10-11"}, []string{"2025-09-30", "2025-10-09"}},
	} {
		for _, s := range tc.off {
			if c.IsWorkday(d(s)) {
				t.Errorf("%s: %s is a holiday, read as a working day", tc.name, s)
			}
		}
		for _, s := range tc.work {
			if !c.IsWorkday(d(s)) {
				t.Errorf("%s: %s (%s) is a make-up working day, read as a day off", tc.name, s, d(s).Weekday())
			}
		}
		for _, s := range tc.notWorking {
			if !c.IsWorkday(d(s)) {
				t.Errorf("%s: %s is an ordinary working day", tc.name, s)
			}
		}
	}
}

func TestBetweenAndAdd(t *testing.T) {
	c := China()
	for _, tc := range []struct {
		from, to string
		n        int
	}{
		{"2026-11-06", "2026-11-09", 1},  // Friday → Monday
		{"2026-11-02", "2026-11-02", 0},  // same day
		{"2026-11-09", "2026-11-06", -1}, // backwards
		// decided the Friday before National Day 2025: 9-28 (Sunday) works,
		// 9-29, 9-30 work, 10-1..10-8 off, 10-9, 10-10 work, 10-11 (Saturday) works.
		{"2025-09-26", "2025-10-11", 6},
		// decided two days before Spring Festival 2024: 2-9 works (除夕 was no
		// statutory holiday in 2024), 2-10..2-17 off, 2-18 (Sunday) works, 2-19, 2-20, 2-21.
		{"2024-02-08", "2024-02-21", 5},
	} {
		if got := c.Between(d(tc.from), d(tc.to)); got != tc.n {
			t.Errorf("Between(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.n)
		}
	}
	// 7 working days after a decision of 2025-09-26: the sixth is 10-11 (a
	// make-up Saturday), the seventh the Monday after.
	if got := c.Add(d("2025-09-26"), 7).Format("2006-01-02"); got != "2025-10-13" {
		t.Errorf("7 working days after 2025-09-26: %s, want 2025-10-13", got)
	}
	if got := c.Between(d("2025-09-26"), d("2025-10-13")); got != 7 {
		t.Errorf("Between(2025-09-26, 2025-10-13) = %d, want 7", got)
	}
}

func TestCoversAndExceptions(t *testing.T) {
	c := China()
	if !c.Covers(2024) || !c.Covers(2026) || c.Covers(2099) {
		t.Fatalf("covers 2024 %v 2026 %v 2099 %v", c.Covers(2024), c.Covers(2026), c.Covers(2099))
	}
	if err := c.CheckCovers(d("2099-01-01"), d("2100-01-01")); err == nil {
		t.Fatal("a year without a notice was accepted")
	}
	off, work := c.Exceptions(d("2025-09-01"), d("2025-11-01"))
	if len(off) != 6 || len(work) != 2 { // 10-1..10-8 less the weekend 10-4, 10-5; 9-28, 10-11
		t.Fatalf("exceptions of Sep–Oct 2025: off %v work %v", off, work)
	}
}

func TestBack(t *testing.T) {
	c := China()
	for _, s := range []string{"2026-10-12", "2026-10-09", "2026-09-28", "2024-02-19", "2026-10-10", "2026-10-11"} {
		for n := 1; n <= 12; n++ {
			got := c.Back(d(s), n)
			if !c.IsWorkday(got) || c.Between(got, d(s)) != n {
				t.Fatalf("Back(%s, %d) = %s: %d working days, working day %v", s, n, got.Format("2006-01-02"), c.Between(got, d(s)), c.IsWorkday(got))
			}
		}
	}
}
