package analytics

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/schedule"
	"github.com/trustwatch/trustwatch/store"
)

// AfterRun is called with each successful run; the app wires alerts to it, so
// analytics never imports alerts.
type AfterRun func(ctx context.Context, run Run) error

// Scheduler runs the index jobs: refresh (the periods in progress) and close
// (the periods that ended), one run at a time.
type Scheduler struct {
	r              *Ranker
	refresh, close cron.Schedule
	after          AfterRun
	term           Term
	mu             sync.Mutex // one run at a time, whatever the job
}

// NewScheduler parses the two schedules (standard cron, or descriptors).
func NewScheduler(r *Ranker, refresh, closeSpec string, after AfterRun) (*Scheduler, error) {
	rs, err := schedule.Parse(refresh)
	if err != nil {
		return nil, err
	}
	cs, err := schedule.Parse(closeSpec)
	if err != nil {
		return nil, err
	}
	return &Scheduler{r: r, refresh: schedule.Aligned(rs), close: schedule.Aligned(cs), after: after,
		term: Term{Leader: DefaultLeader()}}, nil
}

// DefaultLeader names this process in job_ticks: host/pid.
func DefaultLeader() string {
	h, err := os.Hostname()
	if err != nil {
		h = "unknown"
	}
	return fmt.Sprintf("%s/%d", h, os.Getpid())
}

// Run resumes jobs a previous leader left unfinished and catches up missed
// periods, then runs each job at its times until ctx ends, recording each
// firing in job_ticks under term. A failed run is logged (and recorded
// failed in job_runs) and tried again at the next time.
func (s *Scheduler) Run(ctx context.Context, term Term) error {
	if term.Leader != "" {
		s.term = term
	}
	s.Resume(ctx)
	s.CatchUp(ctx)
	c := schedule.New()
	skip := cron.NewChain(cron.SkipIfStillRunning(cron.DiscardLogger))
	jobs := s.jobs()
	for job, sched := range map[string]cron.Schedule{JobRefresh: s.refresh, JobClose: s.close} {
		run := jobs[job]
		c.Schedule(sched, skip.Then(cron.FuncJob(func() { s.fire(ctx, job, schedule.Due(sched, time.Now()), run) })))
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done() // waits for a run in progress
	return nil
}

// jobs are the scheduled jobs by name.
func (s *Scheduler) jobs() map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		JobRefresh: func(ctx context.Context) error { return s.Refresh(ctx) },
		JobClose:   func(ctx context.Context) error { return s.Close(ctx) },
	}
}

// Refresh recomputes the month, quarter, half-year and year that hold the
// latest month with signals.
func (s *Scheduler) Refresh(ctx context.Context) error {
	latest, err := s.r.LatestPeriod(ctx)
	if errors.Is(err, ErrNoData) {
		s.r.o.Logger.Info("nothing to rank yet")
		return nil
	}
	if err != nil {
		s.r.o.Logger.Error("refresh", "err", err)
		return err
	}
	var ps []period.Period
	for _, k := range period.Kinds {
		ps = append(ps, period.Containing(k, latest.Start))
	}
	return s.batch(ctx, ps, JobRefresh)
}

// Close computes the periods that ended with the previous month: the plan's
// half-year evaluation is ready on 7月1日 (due 7月5日), the annual one on
// 1月1日 (due 1月5日).
func (s *Scheduler) Close(ctx context.Context) error {
	now := s.r.o.Now().In(document.Shanghai)
	last := period.Containing(period.Month, now).Previous()
	return s.batch(ctx, period.Ending(last.Start), JobClose)
}

// CatchUp computes every period that ended in the last year, after the
// first signal, and has no successful run: the close runs missed while
// TrustWatch was down.
func (s *Scheduler) CatchUp(ctx context.Context) {
	missed, err := s.r.Missed(ctx, s.r.o.Now().AddDate(-1, 0, 0))
	if err != nil {
		s.r.o.Logger.Error("catch up", "err", err)
		return
	}
	for _, p := range missed {
		s.r.o.Logger.Info("catching up a missed period", "period", p.String())
	}
	_ = s.batch(ctx, missed, JobClose) // each failure is logged and in job_runs
}

// batch computes periods as one batch, one batch at a time, and hands each
// run to the after-run hook; its error joins the periods' failures.
func (s *Scheduler) batch(ctx context.Context, ps []period.Period, job string) error {
	if len(ps) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.r.o.Logger
	_, err := s.r.RankAll(ctx, ps, job, func(_ int, p period.Period, run Run, err error) {
		if err != nil {
			log.Error("scheduled ranking", "job", job, "period", p.String(), "err", err)
			return
		}
		log.Info("ranking stored", "job", job, "run_id", run.ID, "period", p.String(), "units", len(run.Rows))
		if s.after != nil {
			if err := s.after(ctx, run); err != nil {
				log.Error("after ranking", "run_id", run.ID, "err", err)
			}
		}
	})
	return err
}

// Missed lists the periods that ended after since and after the first
// signal, with no successful run of any job, shortest kind first.
func (r *Ranker) Missed(ctx context.Context, since time.Time) ([]period.Period, error) {
	var first []struct {
		N int64  `json:"n"`
		D string `json:"d"`
	}
	if err := r.o.Store.SelectInto(ctx, "SELECT count() AS n, toString(min(event_date)) AS d FROM trustwatch.v_signals", &first); err != nil {
		return nil, fmt.Errorf("first signal: %w", err)
	}
	if len(first) == 0 || first[0].N == 0 {
		return nil, nil
	}
	from, err := time.Parse("2006-01-02", first[0].D)
	if err != nil {
		return nil, err
	}
	if since.After(from) {
		from = since
	}
	var done []struct {
		Label string `json:"label"`
	}
	// Done: a run that succeeded, or one refused for want of evidence (a
	// period before the sources began is not missed every time run starts).
	q := "SELECT DISTINCT label FROM trustwatch.job_runs WHERE status = 'ok' OR position(error, " + store.Quote(ErrNoEvidence.Error()) + ") > 0"
	if err := r.o.Store.SelectInto(ctx, q, &done); err != nil {
		return nil, fmt.Errorf("read job_runs: %w", err)
	}
	ok := map[string]bool{}
	for _, d := range done {
		ok[d.Label] = true
	}
	now := r.o.Now()
	var out []period.Period
	for _, k := range period.Kinds {
		for _, p := range period.Range(k, from, now) {
			if !p.End.After(now) && !ok[p.String()] { // ended, and never done
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Backfill computes each period in turn as one batch, telling progress of
// each; it goes on after a failed period and returns every failure.
func (r *Ranker) Backfill(ctx context.Context, ps []period.Period, progress func(i int, p period.Period, run Run, err error)) error {
	_, err := r.RankAll(ctx, ps, JobBackfill, progress)
	return err
}
