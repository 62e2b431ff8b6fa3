package app

import (
	"context"
	"fmt"
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
		Recompute: func(ctx context.Context, day time.Time) error { return e.recompute(ctx, r, day) },
		Notify: func(ctx context.Context, o objection.Objection) error {
			u, ok := users.Get(o.FiledBy)
			if !ok || u.Email == "" {
				return nil // filed from the command line, or no address: the desk shows the outcome
			}
			return a.Enqueue(ctx, "objection", o.UnitID, objection.Mail(o, u.Email, time.Now()))
		}})
}

// recompute ranks again every period holding day that has a run: the
// corrected ranking, beside the published one (analytics.LoadRunAsOf).
func (e *Engine) recompute(ctx context.Context, r *analytics.Ranker, day time.Time) error {
	var ps []period.Period
	for _, k := range period.Kinds {
		p := period.Containing(k, day)
		if runs, err := analytics.Runs(ctx, e.Store, p); err == nil && len(runs) > 0 {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	if _, err := r.RankAll(ctx, ps, analytics.JobCorrection); err != nil {
		return fmt.Errorf("recompute %v: %w", ps, err)
	}
	return nil
}
