package analytics

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// A tick is one firing of a scheduled job. With several `schedule`
// processes only the leader runs jobs, but leadership passes: a leader that
// is paused may overlap briefly with the next, and one killed mid-job
// leaves it unfinished. So each tick is recorded in job_ticks with who ran
// it and the lease generation (the fencing token): a tick done is not run
// again, and one started by a dead leader is run by the next (Resume).

// Term says who runs the jobs: the process and its lease generation.
type Term struct {
	Leader     string // host/pid
	Generation int64
}

// Tick states as job_ticks records them.
const (
	tickStarted = "started"
	tickDone    = "done"
	tickFailed  = "failed"
)

// fire runs job for the tick due now unless it is done already; the run is
// recorded started, then done or failed.
func (s *Scheduler) fire(ctx context.Context, job string, tick time.Time, run func(context.Context) error) {
	log := s.r.o.Logger
	done, err := s.tickDone(ctx, job, tick)
	if err != nil {
		log.Error("read job_ticks", "job", job, "err", err)
		return
	}
	if done {
		log.Info("tick already run by another leader", "job", job, "tick", tick)
		return
	}
	s.recordTick(ctx, job, tick, tickStarted, nil)
	err = run(ctx)
	if ctx.Err() != nil { // the lease or the process ended mid-job: the next leader resumes it
		return
	}
	state := tickDone
	if err != nil {
		state = tickFailed
	}
	s.recordTick(ctx, job, tick, state, err)
}

func (s *Scheduler) tickDone(ctx context.Context, job string, tick time.Time) (bool, error) {
	var n []struct {
		N int64 `json:"n"`
	}
	q := fmt.Sprintf("SELECT count() AS n FROM trustwatch.job_ticks WHERE job = %s AND tick = %s AND state = %s",
		store.Quote(job), store.Quote(tick.UTC().Format("2006-01-02 15:04:05.000")), store.Quote(tickDone))
	if err := s.r.o.Store.SelectInto(ctx, q, &n); err != nil {
		return false, err
	}
	return len(n) == 1 && n[0].N > 0, nil
}

func (s *Scheduler) recordTick(ctx context.Context, job string, tick time.Time, state string, runErr error) {
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
	}
	row := []any{job, tick.UTC(), s.term.Leader, s.term.Generation, state, s.r.o.Now().UTC(), msg}
	cols := []string{"job", "tick", "leader", "generation", "state", "at", "error"}
	if err := s.r.o.Store.Insert(context.WithoutCancel(ctx), store.Database+".job_ticks", cols, [][]any{row}); err != nil {
		s.r.o.Logger.Error("record job tick", "job", job, "tick", tick, "err", err)
	}
}

// Resume runs again the ticks of the last day that a leader started and
// never finished — it died, or lost its lease, mid-job.
func (s *Scheduler) Resume(ctx context.Context) {
	var open []struct {
		Job  string    `json:"job"`
		Tick time.Time `json:"tick"`
	}
	q := "SELECT job, tick FROM trustwatch.v_job_ticks WHERE outcome = " + store.Quote(tickStarted) +
		" AND tick > now64(3) - INTERVAL 1 DAY ORDER BY tick"
	if err := s.r.o.Store.SelectInto(ctx, q, &open); err != nil {
		s.r.o.Logger.Error("resume interrupted jobs", "err", err)
		return
	}
	for _, t := range open {
		run, ok := s.jobs()[t.Job]
		if !ok {
			continue
		}
		s.r.o.Logger.Info("resuming a job its leader left unfinished", "job", t.Job, "tick", t.Tick)
		s.fire(ctx, t.Job, t.Tick, run)
	}
}
