// Package workday is China's working-day calendar: weekends, the statutory
// holidays the State Council announces each year, and the 调休 make-up
// working days on weekends that pay for them. The plan (item 11) gives
// 双公示 seven working days; complaints are answered within working days.
//
// It owns the calendar and its arithmetic. The holiday data come from
// github.com/6tail/lunar-go's HolidayUtil (every notice since 2001-12-29);
// a new year's notice arrives with a new lunar-go release — `go get -u
// github.com/6tail/lunar-go` — and Covers tells whether a year is known, so
// a period in an unknown year is refused rather than counted on weekends only.
package workday

import (
	"fmt"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// Calendar answers which days are working days.
type Calendar struct {
	off   map[time.Time]string // statutory holidays (with their name)
	work  map[time.Time]string // weekend days that are working days (调休)
	years map[int]bool         // years with a published notice
}

var (
	once     sync.Once
	standard *Calendar
)

// China returns the calendar of the mainland's statutory holidays.
func China() *Calendar {
	once.Do(func() { standard = build() })
	return standard
}

// build reads every year lunar-go knows. HolidayUtil is read-only here: its
// Fix mutates package state and is never called.
func build() *Calendar {
	c := &Calendar{off: map[time.Time]string{}, work: map[time.Time]string{}, years: map[int]bool{}}
	for y := 2001; y <= 2100; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := time.Parse("2006-01-02", h.GetDay())
			if err != nil {
				continue
			}
			if d.Year() == y {
				c.years[y] = true
			}
			if h.IsWork() {
				c.work[d] = h.GetName()
			} else {
				c.off[d] = h.GetName()
			}
		}
	}
	return c
}

// Day is t's calendar date as a UTC midnight.
func Day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// Covers reports whether the holidays of year are known.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// CheckCovers returns an error naming the first year in [from, to) whose
// holidays are not known.
func (c *Calendar) CheckCovers(from, to time.Time) error {
	for y := from.Year(); y <= to.AddDate(0, 0, -1).Year(); y++ {
		if !c.Covers(y) {
			return fmt.Errorf("the working-day calendar has no holidays for %d (lunar-go knows %d–%d): update github.com/6tail/lunar-go", y, c.first(), c.last())
		}
	}
	return nil
}

func (c *Calendar) first() int {
	for y := 2001; y <= 2100; y++ {
		if c.years[y] {
			return y
		}
	}
	return 0
}

func (c *Calendar) last() int {
	for y := 2100; y >= 2001; y-- {
		if c.years[y] {
			return y
		}
	}
	return 0
}

// IsWorkday reports whether day t is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	d := Day(t)
	if _, ok := c.work[d]; ok {
		return true
	}
	if _, ok := c.off[d]; ok {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Holiday names the holiday or make-up day t is, and whether it is one.
func (c *Calendar) Holiday(t time.Time) (name string, working, ok bool) {
	d := Day(t)
	if n, ok := c.work[d]; ok {
		return n, true, true
	}
	n, ok := c.off[d]
	return n, false, ok
}

// Between counts the working days after from up to and including to: a
// decision of Friday published on the next Monday took 1 working day.
// It is negative when to is before from.
func (c *Calendar) Between(from, to time.Time) int {
	a, b := Day(from), Day(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

// Add returns the day n ≥ 0 working days after t: the deadline of something
// due within n working days of t.
func (c *Calendar) Add(t time.Time, n int) time.Time {
	d := Day(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Exceptions lists, within [from, to), the weekdays that are holidays and
// the weekend days that are working days — all a SQL query needs besides
// the day of the week to count working days.
func (c *Calendar) Exceptions(from, to time.Time) (off, work []time.Time) {
	for d := Day(from); d.Before(to); d = d.AddDate(0, 0, 1) {
		wd := d.Weekday()
		weekend := wd == time.Saturday || wd == time.Sunday
		if _, ok := c.off[d]; ok && !weekend {
			off = append(off, d)
		}
		if _, ok := c.work[d]; ok && weekend {
			work = append(work, d)
		}
	}
	return off, work
}

// Back returns the latest working day d before t with Between(d, t) = n:
// the last day a decision could be taken for t to be n working days after it.
func (c *Calendar) Back(t time.Time, n int) time.Time {
	d := Day(t)
	for n > 0 {
		if c.IsWorkday(d) {
			n--
		}
		d = d.AddDate(0, 0, -1)
	}
	for !c.IsWorkday(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}
