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
	if every, ok := s.(cron.ConstantDelaySchedule); ok {
		return every.Delay
	}
	return 0
}
