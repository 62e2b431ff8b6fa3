package app

import (
	"testing"
	"time"
)

func TestDueReports(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for day, want := range map[time.Time]string{
		time.Date(2026, 7, 5, 6, 0, 0, 0, cst): "2026-H1",
		time.Date(2027, 1, 5, 6, 0, 0, 0, cst): "2026-H2 2026",
	} {
		got := ""
		for i, p := range DueReports(day) {
			if i > 0 {
				got += " "
			}
			got += p.String()
		}
		if got != want {
			t.Errorf("%s: %q, want %q", day, got, want)
		}
	}
}
