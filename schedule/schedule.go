// Package schedule is how TrustWatch reads a schedule: standard cron specs
// and descriptors (@hourly, @every 6h) of robfig/cron, evaluated in
// Asia/Shanghai — "0 2 * * *" is 02:00 in Zhengzhou, whatever zone the
// server runs in — unless the spec names its own zone (CRON_TZ=…).
//
// It owns parsing and the clock's zone; what runs on a schedule belongs to
// the crawler's and analytics' schedulers.
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/trustwatch/trustwatch/document"
)

// Parse reads a schedule, evaluated in Asia/Shanghai.
func Parse(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("bad schedule %q: %w", spec, err)
	}
	if ss, ok := s.(*cron.SpecSchedule); ok && !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
		ss.Location = document.Shanghai
	}
	return s, nil
}

// New returns a cron runner whose clock is in Asia/Shanghai.
func New() *cron.Cron { return cron.New(cron.WithLocation(document.Shanghai)) }

// Interval is the fixed interval of an @every schedule; 0 for a cron spec.
func Interval(s cron.Schedule) time.Duration {
	switch every := s.(type) {
	case cron.ConstantDelaySchedule:
		return every.Delay
	case aligned:
		return every.every
	}
	return 0
}

// aligned is an @every schedule whose times are multiples of its interval
// (from the Unix epoch), so every process computes the same times: a
// scheduler that takes over from another fires the ticks the other would
// have fired, and can tell one it already ran.
type aligned struct{ every time.Duration }

func (a aligned) Next(t time.Time) time.Time { return t.Truncate(a.every).Add(a.every) }

// Aligned returns s with its times on multiples of its interval when it is
// an @every schedule; a cron spec's times are aligned already.
func Aligned(s cron.Schedule) cron.Schedule {
	if d := Interval(s); d > 0 {
		return aligned{every: d}
	}
	return s
}

// Due is the time of the firing that is due at now: the latest time of s at
// or before now (cron fires a little late, never early). Times are looked
// for up to a day back.
func Due(s cron.Schedule, now time.Time) time.Time {
	if a, ok := s.(aligned); ok {
		return now.Truncate(a.every)
	}
	due := now.Truncate(time.Second)
	for t := s.Next(now.Add(-24 * time.Hour)); !t.After(now); t = s.Next(t) {
		due = t
	}
	return due
}
