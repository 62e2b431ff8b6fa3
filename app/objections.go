package app

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/period"
)

// Objections builds the objections service: a decision recomputes the
// ranked periods holding the record's day, and the filer hears the outcome
// by mail through a's outbox.
func (e *Engine) Objections(a *alerts.Alerter) (*objection.Service, error) {
	r, err := e.Ranker()
	if err != nil {
		return nil, err
	}
	users := auth.NewUsers(e.Cfg.Loaded.Users)
	return objection.New(objection.Options{Store: e.Store, Units: e.Cfg.Loaded.Units,
		Recompute: func(ctx context.Context, day time.Time) ([]objection.Recomputation, error) {
			return e.recompute(ctx, r, day)
		},
		Notify: func(ctx context.Context, o objection.Objection) error {
			u, ok := users.Get(o.FiledBy)
			if !ok || u.Email == "" {
				return nil // filed from the command line, or no address: the desk shows the outcome
			}
			return a.Enqueue(ctx, "objection", o.UnitID, objection.Mail(o, u.Email, time.Now()))
		}})
}

// recompute ranks again every period holding day that has a run: the
// corrected ranking, beside the published one (analytics.LoadRunAsOf);
// it says, per period, which units moved.
func (e *Engine) recompute(ctx context.Context, r *analytics.Ranker, day time.Time) ([]objection.Recomputation, error) {
	var ps []period.Period
	before := map[string]analytics.Run{}
	for _, k := range period.Kinds {
		p := period.Containing(k, day)
		if run, err := analytics.LoadRun(ctx, e.Store, p.String()); err == nil {
			ps, before[p.String()] = append(ps, p), run
		}
	}
	if len(ps) == 0 {
		return nil, nil
	}
	after, err := r.RankAll(ctx, ps, analytics.JobCorrection)
	if err != nil {
		return nil, fmt.Errorf("recompute %v: %w", ps, err)
	}
	out := make([]objection.Recomputation, len(after))
	for i, a := range after {
		b := before[a.Period.String()]
		out[i] = objection.Recomputation{Period: a.Period.String(), RunBefore: b.ID, RunAfter: a.ID, Changes: []objection.UnitChange{}}
		for _, c := range analytics.Compare(b, a) {
			out[i].Changes = append(out[i].Changes, objection.UnitChange{UnitID: c.UnitID, RankBefore: c.RankBefore, RankAfter: c.RankAfter,
				ScoreBefore: math.Round(c.ScoreBefore*10) / 10, ScoreAfter: math.Round(c.ScoreAfter*10) / 10})
		}
	}
	return out, nil
}
