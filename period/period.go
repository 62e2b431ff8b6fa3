// Package period is the evaluation period: a month (2026-10), a quarter
// (2026-Q3), a half-year (2026-H1) or a year (2026), as the plan
// (郑政文〔2017〕129号) reports them — the half-year evaluation due by 7月5日,
// the annual one by 1月5日.
//
// It owns parsing, naming and the calendar arithmetic of periods; what is
// computed for a period belongs to analytics.
package period

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is the length of a period.
type Kind string

// The kinds of period, shortest first.
const (
	Month   Kind = "month"
	Quarter Kind = "quarter"
	Half    Kind = "half"
	Year    Kind = "year"
)

// Kinds lists every kind, shortest first.
var Kinds = []Kind{Month, Quarter, Half, Year}

// months is the length of each kind in months.
var months = map[Kind]int{Month: 1, Quarter: 3, Half: 6, Year: 12}

// Period is a half-open span of calendar days [Start, End) in Asia/Shanghai,
// held as UTC midnights so that it compares with ClickHouse Date values.
type Period struct {
	Kind  Kind
	Start time.Time // first day
	End   time.Time // the day after the last day
}

// Parse reads 2026-10, 2026-Q3, 2026-H1 or 2026.
func Parse(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("bad period %q: want a month 2026-10, a quarter 2026-Q3, a half-year 2026-H1 or a year 2026", s)
	yearPart, rest, hasRest := strings.Cut(s, "-")
	year, err := strconv.Atoi(yearPart)
	if err != nil || len(yearPart) != 4 || year < 1990 || year > 2100 {
		return Period{}, bad
	}
	if !hasRest {
		return Of(Year, year, 1), nil
	}
	switch {
	case len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4':
		return Of(Quarter, year, int(rest[1]-'1')*3+1), nil
	case len(rest) == 2 && (rest[0] == 'H' || rest[0] == 'h') && (rest[1] == '1' || rest[1] == '2'):
		return Of(Half, year, int(rest[1]-'1')*6+1), nil
	case len(rest) == 2 && rest[0] >= '0' && rest[0] <= '1':
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		return Of(Month, year, m), nil
	}
	return Period{}, bad
}

// Of returns the period of kind that contains month m of year.
func Of(k Kind, year, m int) Period {
	n := months[k]
	first := (m-1)/n*n + 1
	start := time.Date(year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: k, Start: start, End: start.AddDate(0, n, 0)}
}

// Containing returns the period of kind that contains day t.
func Containing(k Kind, t time.Time) Period { return Of(k, t.Year(), int(t.Month())) }

// String is the period's name: 2026-10, 2026-Q3, 2026-H1 or 2026.
func (p Period) String() string {
	y := p.Start.Year()
	switch p.Kind {
	case Quarter:
		return fmt.Sprintf("%d-Q%d", y, (int(p.Start.Month())-1)/3+1)
	case Half:
		return fmt.Sprintf("%d-H%d", y, (int(p.Start.Month())-1)/6+1)
	case Year:
		return strconv.Itoa(y)
	}
	return p.Start.Format("2006-01")
}

// Chinese is the period's name in reports: 2026年10月, 2026年第三季度, 2026年上半年, 2026年度.
func (p Period) Chinese() string {
	y := p.Start.Year()
	switch p.Kind {
	case Quarter:
		return fmt.Sprintf("%d年第%s季度", y, []string{"一", "二", "三", "四"}[(int(p.Start.Month())-1)/3])
	case Half:
		return fmt.Sprintf("%d年%s半年", y, []string{"上", "下"}[(int(p.Start.Month())-1)/6])
	case Year:
		return fmt.Sprintf("%d年度", y)
	}
	return fmt.Sprintf("%d年%d月", y, p.Start.Month())
}

// Previous is the period of the same kind just before.
func (p Period) Previous() Period {
	return Of(p.Kind, p.Start.AddDate(0, -months[p.Kind], 0).Year(), int(p.Start.AddDate(0, -months[p.Kind], 0).Month()))
}

// Next is the period of the same kind just after.
func (p Period) Next() Period { return Of(p.Kind, p.End.Year(), int(p.End.Month())) }

// Contains reports whether day t (any zone; its calendar date counts) is in p.
func (p Period) Contains(t time.Time) bool {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return !d.Before(p.Start) && d.Before(p.End)
}

// Last is the period's last day.
func (p Period) Last() time.Time { return p.End.AddDate(0, 0, -1) }

// Due is the day the period's evaluation is due: the plan sets 7月5日 for
// the half-year and 1月5日 for the year; a month or quarter is due on the
// 5th of the month after it, by the same rule.
func (p Period) Due() time.Time { return p.End.AddDate(0, 0, 4) }

// Range lists the periods of kind from the one containing from to the one
// containing to, inclusive, oldest first.
func Range(k Kind, from, to time.Time) []Period {
	var out []Period
	last := Containing(k, to)
	for p := Containing(k, from); !p.Start.After(last.Start); p = p.Next() {
		out = append(out, p)
	}
	return out
}

// ParseRange reads "2025-01..2026-10" (both ends of one kind) into the
// periods between them, inclusive.
func ParseRange(s string) ([]Period, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return nil, fmt.Errorf("bad period range %q: want FROM..TO, e.g. 2025-01..2026-10", s)
	}
	from, err := Parse(a)
	if err != nil {
		return nil, err
	}
	to, err := Parse(b)
	if err != nil {
		return nil, err
	}
	if from.Kind != to.Kind {
		return nil, fmt.Errorf("bad period range %q: both ends must be of one kind (%s, %s)", s, from.Kind, to.Kind)
	}
	if to.Start.Before(from.Start) {
		return nil, fmt.Errorf("bad period range %q: it ends before it starts", s)
	}
	return Range(from.Kind, from.Start, to.Start), nil
}

// Ending lists, for each kind, the periods that end on day t's month end —
// what a schedule computes once a month is over: always the month, the
// quarter after March/June/September/December, and so on.
func Ending(monthStart time.Time) []Period {
	var out []Period
	for _, k := range Kinds {
		p := Containing(k, monthStart)
		if p.End.Equal(Of(Month, monthStart.Year(), int(monthStart.Month())).End) {
			out = append(out, p)
		}
	}
	return out
}

// AddMonths adds n months to day t as ClickHouse's addMonths does, so Go
// and the index's SQL agree: the 31st followed by a shorter month becomes
// that month's last day (Go's AddDate would roll into the month after).
func AddMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, t.Location())
}
