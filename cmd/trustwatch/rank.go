package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/report"
)

type rankFlags struct {
	period, group, explain, backfill, asOf string
	audit                                  bool
	evidence                               int
}

func cmdRank(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("rank")
	var f rankFlags
	fs.StringVar(&f.period, "period", "", "period: a month 2026-10, quarter 2026-Q3, half-year 2026-H1 or year 2026 (default: the latest month with signals)")
	fs.StringVar(&f.group, "group", "", "districts or departments (default: both)")
	fs.StringVar(&f.explain, "explain", "", "a unit id: print its score taken apart, down to the evidence")
	fs.BoolVar(&f.audit, "audit", false, "recompute under alternative weightings and report how ranks move")
	fs.StringVar(&f.backfill, "backfill", "", "compute every period FROM..TO, e.g. 2025-01..2026-10 or 2025-Q1..2026-Q3")
	fs.IntVar(&f.evidence, "evidence", 5, "with -explain: evidence documents shown per indicator")
	fs.StringVar(&f.asOf, "as-of", "", "YYYY-MM-DD: the period's ranking as it stood at the end of that day (stored, not recomputed), and what changed since")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	// Every flag is checked before the store is opened.
	groups, err := parseGroups(f.group)
	if err != nil {
		return err
	}
	var backfillPeriods []period.Period
	if f.backfill != "" {
		if backfillPeriods, err = period.ParseRange(f.backfill); err != nil {
			return usageError{"-backfill: " + err.Error()}
		}
	}
	var p period.Period
	if f.period != "" {
		if p, err = period.Parse(f.period); err != nil {
			return usageError{"-period: " + err.Error()}
		}
	}
	var asOf time.Time
	if f.asOf != "" {
		d, err := time.Parse("2006-01-02", f.asOf)
		if err != nil || f.period == "" || f.backfill != "" || f.explain != "" || f.audit {
			return usageError{fmt.Sprintf("-as-of %q: want YYYY-MM-DD, with -period and without -backfill, -explain, -audit", f.asOf)}
		}
		asOf = analytics.EndOfDay(d)
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	e, err := g.engine(ctx)
	if err != nil {
		return err
	}
	defer e.Close()
	r, err := e.Ranker()
	if err != nil {
		return err
	}
	if backfillPeriods != nil {
		return backfill(ctx, g, r, backfillPeriods)
	}
	if f.period == "" {
		if p, err = r.LatestPeriod(ctx); err != nil {
			return err
		}
	}
	if f.explain != "" {
		return explain(ctx, g, e, r, p, f)
	}
	if !asOf.IsZero() {
		return rankAsOf(ctx, g, e, p, asOf, groups)
	}
	run, err := r.Rank(ctx, p, analytics.JobRank)
	if err != nil {
		return err
	}
	for _, grp := range groups {
		if err := report.Ranking(g.stdout, run, grp); err != nil {
			return err
		}
		fmt.Fprintln(g.stdout)
		if f.audit {
			if err := printAudit(g, e, run, grp); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseGroups(s string) ([]index.Group, error) {
	switch s {
	case "":
		return index.Groups, nil
	case string(index.Districts), string(index.Departments):
		return []index.Group{index.Group(s)}, nil
	}
	return nil, usageError{fmt.Sprintf("-group: want districts or departments, got %q", s)}
}

func printAudit(g *globals, e *app.Engine, run analytics.Run, grp index.Group) error {
	for _, res := range run.Results {
		if res.Group == grp {
			if err := report.Audit(g.stdout, e.Cfg.Loaded.Index.Audit(res), 5); err != nil {
				return err
			}
			fmt.Fprintln(g.stdout)
		}
	}
	return nil
}

// explain prints a unit's breakdown from the period's stored run, computing
// the period first when it has none.
func explain(ctx context.Context, g *globals, e *app.Engine, r *analytics.Ranker, p period.Period, f rankFlags) error {
	run, err := analytics.LoadRun(ctx, e.Store, p.String())
	if err != nil {
		if run, err = r.Rank(ctx, p, analytics.JobRank); err != nil {
			return err
		}
	}
	ex, err := analytics.Explain(ctx, e.Store, e.Cfg.Loaded.Index, run, f.explain, f.evidence)
	if errors.Is(err, analytics.ErrUnknownUnit) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	return report.Explanation(g.stdout, ex)
}

func backfill(ctx context.Context, g *globals, r *analytics.Ranker, ps []period.Period) error {
	start := time.Now()
	last := start
	err := r.Backfill(ctx, ps, func(i int, p period.Period, run analytics.Run, err error) {
		status := fmt.Sprintf("ok, %d units ranked, %d evidence rows", len(run.Rows), run.Evidence)
		if err != nil {
			status = "failed: " + err.Error()
		}
		fmt.Fprintf(g.stdout, "[%d/%d] %s %s (%.1fs)\n", i+1, len(ps), p, status, time.Since(last).Seconds())
		last = time.Now()
	})
	fmt.Fprintf(g.stdout, "backfill of %d periods done in %.1fs\n", len(ps), time.Since(start).Seconds())
	return err
}

// rankAsOf prints a period's ranking as it stood at asOf, and what the
// latest run of the period changed since.
func rankAsOf(ctx context.Context, g *globals, e *app.Engine, p period.Period, asOf time.Time, groups []index.Group) error {
	then, err := analytics.LoadRunAsOf(ctx, e.Store, p, asOf)
	if err != nil {
		return err
	}
	for _, grp := range groups {
		if err := report.Ranking(g.stdout, then, grp); err != nil {
			return err
		}
		fmt.Fprintln(g.stdout)
	}
	now, err := analytics.LoadRun(ctx, e.Store, p.String())
	if err != nil || now.ID == then.ID {
		fmt.Fprintf(g.stdout, "批次 %s 仍是 %s 的最新排名。\n", then.ID, p.Chinese())
		return err
	}
	if err := report.Changes(g.stdout, then, now, analytics.Compare(then, now)); err != nil {
		return err
	}
	why, err := objection.AcceptedSince(ctx, e.Store, p, then.ID)
	if err != nil {
		return err
	}
	return report.Decisions(g.stdout, why)
}
