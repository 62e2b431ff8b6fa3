package web

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// Correction is what a ranking computed after the one published says
// changed and why: the units that moved and the objections accepted since
// (a later run may also follow documents that arrived late).
type Correction struct {
	PublishedOn  string // the day the published version stood, 2026-07-05
	PublishedRun string
	Changes      []analytics.Change
	Decisions    []objection.Objection // accepted since, about records dated before the period ended
}

// Edition is which run of a period a report shows.
type Edition string

// Editions: the latest run (corrected, if anything changed after the due
// day), or the run that stood on the report's due day.
const (
	Latest    Edition = ""
	Published Edition = "published"
)

// correction compares the run that stood at the end of day published with
// latest; nil when they are the same run or none stood then.
func correction(ctx context.Context, s *store.Store, latest analytics.Run, published time.Time, keep func(analytics.Change) bool) (*Correction, error) {
	pub, err := analytics.LoadRunAsOf(ctx, s, latest.Period, analytics.EndOfDay(published))
	if err != nil || pub.ID == latest.ID {
		return nil, nil // nothing was published by then, or nothing changed since
	}
	c := &Correction{PublishedOn: published.Format("2006-01-02"), PublishedRun: pub.ID}
	for _, ch := range analytics.Compare(pub, latest) {
		if keep == nil || keep(ch) {
			c.Changes = append(c.Changes, ch)
		}
	}
	if c.Decisions, err = objection.AcceptedSince(ctx, s, latest.Period, pub.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// reportRun picks the run a report of edition shows, and the correction
// of the published one when the latest is shown after the due day.
func reportRun(ctx context.Context, s *store.Store, p period.Period, ed Edition, now time.Time) (analytics.Run, *Correction, error) {
	due := p.Due()
	if ed == Published {
		if now.Before(analytics.EndOfDay(due)) {
			return analytics.Run{}, nil, fmt.Errorf("the report of %s is due on %s: not published yet", p, due.Format("2006-01-02"))
		}
		run, err := analytics.LoadRunAsOf(ctx, s, p, analytics.EndOfDay(due))
		return run, nil, err
	}
	run, err := analytics.LoadRun(ctx, s, p.String())
	if err != nil || now.Before(analytics.EndOfDay(due)) {
		return run, nil, err // before the due day, the report is a draft: nothing to correct
	}
	c, err := correction(ctx, s, run, due, nil)
	return run, c, err
}

// groupName names a change's group for a report.
func groupName(g string) string { return index.Group(g).Chinese() }
