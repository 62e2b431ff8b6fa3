package analytics

import (
	"context"
	"errors"

	"github.com/robfig/cron/v3"

	"github.com/trustwatch/trustwatch/schedule"
)

// AfterRun is called with each successful run; the app wires alerts to it, so
// analytics never imports alerts.
type AfterRun func(ctx context.Context, run Run) error

// Scheduler ranks the latest period on a cron schedule.
type Scheduler struct {
	r     *Ranker
	sched cron.Schedule
	after AfterRun
}

// NewScheduler parses spec (standard cron, or descriptors like @hourly).
func NewScheduler(r *Ranker, spec string, after AfterRun) (*Scheduler, error) {
	s, err := schedule.Parse(spec)
	if err != nil {
		return nil, err
	}
	return &Scheduler{r: r, sched: s, after: after}, nil
}

// Run waits for each scheduled time and ranks the latest period, until ctx
// ends. A failed run is logged and retried at the next time.
func (s *Scheduler) Run(ctx context.Context) error {
	c := schedule.New()
	c.Schedule(s.sched, cron.FuncJob(func() { s.RunOnce(ctx) }))
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done() // waits for a run in progress
	return nil
}

// RunOnce ranks the latest period and calls the after-run hook.
func (s *Scheduler) RunOnce(ctx context.Context) {
	log := s.r.o.Logger
	period, err := s.r.LatestPeriod(ctx)
	if errors.Is(err, ErrNoData) {
		log.Info("nothing to rank yet")
		return
	}
	if err != nil {
		log.Error("scheduled ranking", "err", err)
		return
	}
	run, err := s.r.Rank(ctx, period)
	if err != nil {
		log.Error("scheduled ranking", "err", err)
		return
	}
	log.Info("ranking stored", "run_id", run.ID, "period", period.Format("2006-01"), "units", len(run.Rows))
	if s.after != nil {
		if err := s.after(ctx, run); err != nil {
			log.Error("after ranking", "run_id", run.ID, "err", err)
		}
	}
}
