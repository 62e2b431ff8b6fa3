// Package alerts turns rankings into integrity warnings (预警): each rule of
// configs/trustwatch.yaml is tested against every unit's monthly figures, a
// warning is stored once per rule, unit and month (its fingerprint), and each
// warning is delivered through a Notifier to each recipient until one
// delivery to that recipient succeeds; every attempt is recorded.
//
// It owns rules, warnings and the once-only guarantee. How a warning reaches
// a person is alerts/email's business; computing rankings is analytics'.
package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// Warning is a rule firing for a unit in a period.
type Warning struct {
	Fingerprint string
	RunID       string
	Rule        string
	Level       rule.Level
	UnitID      string
	UnitName    string
	Period      time.Time
	Metric      rule.Metric
	MetricName  string // the metric in Chinese: 政务诚信指数, 双公示及时率 …
	Value       float64
	Op          rule.Op
	Threshold   float64
	Rank, Of    int
	Evidence    []Evidence // the worst signals behind it
}

// Evidence is one signal behind a warning, with its document.
type Evidence struct {
	Category string `json:"category"`
	Severity int    `json:"severity"`
	Text     string `json:"evidence"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Date     string `json:"date"`
}

// Delivery is what a Notifier did with a warning for one recipient.
type Delivery struct {
	Channel   string // smtp or outbox
	Recipient string
	Subject   string
	Location  string // SMTP server or outbox file
	Response  string // the server's reply, or why it failed
}

// Notifier delivers warnings to people, one recipient at a time, so that a
// refused address does not keep a warning from the others.
type Notifier interface {
	// Recipients are the addresses every warning goes to.
	Recipients() []string
	// Notify delivers w to one recipient.
	Notify(ctx context.Context, w Warning, to string) (Delivery, error)
}

// Options configure the alerter.
type Options struct {
	Store *store.Store // required
	Rules []rule.Rule  // checked by config
	// Names are the index's dimension and indicator names by id, for the
	// messages of rules that test them.
	Names    map[string]string
	Notifier Notifier     // required
	Logger   *slog.Logger // default slog.Default()
	Now      func() time.Time
}

// Alerter evaluates rules and notifies.
type Alerter struct {
	o Options
}

// New checks the options.
func New(o Options) (*Alerter, error) {
	if o.Store == nil || o.Notifier == nil {
		return nil, errors.New("alerts: store and notifier are required")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Alerter{o: o}, nil
}

// Result says what one evaluation did.
type Result struct {
	Warnings []Warning // every warning the ranking raises
	Notified []Warning // those delivered to someone now (the others were before)
	Failed   int       // deliveries that failed now; the next evaluation retries them
}

// Evaluate tests the rules against a run's rows, stores the warnings and
// delivers each to every recipient not yet reached. A failed delivery is
// recorded and the others go on; the error then says how many failed.
func (a *Alerter) Evaluate(ctx context.Context, run analytics.Run) (Result, error) {
	var res Result
	if run.Period.Kind != period.Month {
		return res, nil // the rules are monthly: a quarter's run must not warn again of its months
	}
	for _, r := range a.o.Rules {
		for _, row := range run.Rows {
			if w, ok := a.fire(r, run, row); ok {
				res.Warnings = append(res.Warnings, w)
			}
		}
	}
	if err := a.storeWarnings(ctx, res.Warnings); err != nil {
		return res, err
	}
	done, err := a.delivered(ctx, res.Warnings)
	if err != nil {
		return res, err
	}
	var errs []error
	for _, w := range res.Warnings {
		sent, failed, err := a.notify(ctx, w, done[w.Fingerprint])
		if err != nil {
			return res, err // the store failed: nothing can be recorded
		}
		if sent > 0 {
			res.Notified = append(res.Notified, w)
		}
		res.Failed += len(failed)
		errs = append(errs, failed...)
	}
	if len(errs) > 0 {
		return res, fmt.Errorf("%d deliveries failed (recorded in trustwatch.deliveries; retried at the next evaluation): %w", len(errs), errors.Join(errs...))
	}
	return res, nil
}

// fire tests one rule on one unit's row.
func (a *Alerter) fire(r rule.Rule, run analytics.Run, row analytics.Row) (Warning, bool) {
	v, ok := metric(row, r.Metric)
	threshold := *r.Threshold // required by config
	if !ok || !r.Op.Compare(v, threshold) {
		return Warning{}, false
	}
	return Warning{
		Fingerprint: r.Name + "|" + row.UnitID + "|" + run.Period.String(),
		RunID:       run.ID, Rule: r.Name, Level: r.Level, UnitID: row.UnitID, UnitName: row.UnitName,
		Period: run.Period.Start, Metric: r.Metric, MetricName: r.Metric.Name(a.o.Names), Value: v, Op: r.Op, Threshold: threshold,
		Rank: row.Rank, Of: len(run.Group(row.Group)),
	}, true
}

// metric reads a rule's metric off a row; false when the row has no value
// for it (an indicator without evidence, a change without a previous period).
func metric(row analytics.Row, m rule.Metric) (float64, bool) {
	switch kind, id := m.Parts(); kind {
	case "dimension":
		v, ok := row.Dimensions[id]
		return v, ok
	case "indicator":
		v, ok := row.Indicators[id]
		return v, ok
	}
	switch m {
	case rule.Complaints:
		return float64(row.Complaints), true
	case rule.Negatives:
		return float64(row.Negatives), true
	case rule.SeveritySum:
		return float64(row.SeveritySum), true
	case rule.Documents:
		return float64(row.Documents), true
	case rule.ScoreDrop:
		return row.PrevScore - row.Score, row.PrevRank > 0
	case rule.RankDrop:
		return float64(row.Rank - row.PrevRank), row.PrevRank > 0
	}
	return row.Score, true
}

// notify delivers w to each recipient not in done, recording every attempt;
// it returns how many deliveries succeeded and the errors of those that
// failed. Its own error means the store could not record an attempt.
func (a *Alerter) notify(ctx context.Context, w Warning, done map[string]bool) (int, []error, error) {
	var todo []string
	for _, to := range a.o.Notifier.Recipients() {
		if !done[to] {
			todo = append(todo, to)
		}
	}
	if len(todo) == 0 {
		return 0, nil, nil
	}
	ev, err := a.evidence(ctx, w)
	if err != nil {
		return 0, nil, err
	}
	w.Evidence = ev
	sent := 0
	var failed []error
	for _, to := range todo {
		d, err := a.o.Notifier.Notify(ctx, w, to)
		if err != nil {
			failed = append(failed, fmt.Errorf("deliver warning %s to %s: %w", w.Fingerprint, to, err))
			a.o.Logger.Warn("warning not delivered", "unit", w.UnitID, "rule", w.Rule, "to", to, "err", err)
		} else {
			sent++
			a.o.Logger.Info("warning delivered", "unit", w.UnitID, "rule", w.Rule, "level", w.Level, "channel", d.Channel, "to", to)
		}
		if rerr := a.recordDelivery(ctx, w, to, d, err); rerr != nil {
			return sent, failed, rerr
		}
	}
	return sent, failed, nil
}
