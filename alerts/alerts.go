// Package alerts is 政务诚信预警: it evaluates the rules of configs/alerts.yaml
// (thresholds on the month's ranking after each ranking; spikes, severe
// records, overdue items, hot events and source health on every tick),
// keeps each warning's lifecycle (raised, updated, resolved, silenced,
// inhibited, acknowledged) in ClickHouse, plans the mails each route is due
// — a unit's new warnings grouped in one, repeats, resolution notices,
// escalations to the supervisors — stores each mail in the outbox and then
// sends it, retrying with backoff until the server accepts it.
//
// It owns warnings, silences, acknowledgements and the outbox. The rule and
// route vocabularies are alerts/rule's and alerts/route's; rendering and
// SMTP are alerts/email's; rankings are analytics'.
package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/alerts/route"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/source"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/unit"
	"github.com/trustwatch/trustwatch/workday"
)

// Status is where a warning is in its life.
type Status string

// A warning fires until its condition clears.
const (
	Firing   Status = "firing"
	Resolved Status = "resolved"
)

// Change is what a row of warning_changes records.
type Change string

// The changes of a warning.
const (
	Raised      Change = "raised"
	Updated     Change = "updated"
	Cleared     Change = "resolved" // the condition cleared: a resolution notice follows
	Expired     Change = "expired"  // a record left the window, or a later period replaced it: no notice
	Silenced    Change = "silenced"
	Unsilenced  Change = "unsilenced"
	Inhibited   Change = "inhibited"
	Uninhibited Change = "uninhibited"
	Acked       Change = "acked"
)

// Warning is a rule firing for a unit (or, for source health, a source)
// and the rule's own key: a period, a document, a day, a source.
type Warning struct {
	Fingerprint string     `json:"fingerprint"`
	Rule        string     `json:"rule"`
	Kind        rule.Kind  `json:"kind"`
	Level       rule.Level `json:"level"`
	Cause       string     `json:"cause"`
	UnitID      string     `json:"unit_id"`
	UnitName    string     `json:"unit_name"`
	Key         string     `json:"key"`
	Status      Status     `json:"status"`
	Change      Change     `json:"change"`
	Summary     string     `json:"summary"`
	Value       float64    `json:"value"`
	Figures     []Figure   `json:"-"`
	Evidence    []Evidence `json:"-"`
	StartsAt    time.Time  `json:"starts_at"`
	EndsAt      time.Time  `json:"ends_at"`
	SilencedBy  string     `json:"silenced_by"`
	InhibitedBy string     `json:"inhibited_by"`
	AckedBy     string     `json:"acked_by"`
	AckedAt     time.Time  `json:"acked_at"`
	ChangedAt   time.Time  `json:"changed_at"`
	// Description is the rule's, for the mail; not stored.
	Description string `json:"-"`
}

// Figure is one number behind a warning, with the period it is of.
type Figure struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Format string  `json:"format,omitempty"` // fmt verb, default %.4g
	Period string  `json:"period,omitempty"`
}

// String writes the figure for people: 政务诚信指数：35.5（2026年10月）.
func (f Figure) String() string {
	format := f.Format
	if format == "" {
		format = "%.4g"
	}
	s := f.Name + "：" + fmt.Sprintf(format, f.Value)
	if f.Period != "" {
		s += "（" + f.Period + "）"
	}
	return s
}

// Evidence is one document behind a warning.
type Evidence struct {
	Category string `json:"category"`
	Severity int    `json:"severity"`
	Text     string `json:"evidence"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Date     string `json:"date"`
}

// Episode identifies one firing of a warning: the fingerprint and when it
// started, so a warning that fires again after resolving is mailed again.
func (w Warning) Episode() string {
	return w.Fingerprint + "@" + itoa(w.StartsAt.UnixMilli())
}

// StateName says the warning's status in Chinese with what mutes it, for
// listings and pages: 预警中·屏蔽·已确认.
func (w Warning) StateName() string {
	s := "预警中"
	if w.Status == Resolved {
		s = "已解除"
	}
	if w.SilencedBy != "" {
		s += "·屏蔽"
	}
	if w.InhibitedBy != "" {
		s += "·抑制"
	}
	if w.AckedBy != "" {
		s += "·已确认"
	}
	return s
}

// Acknowledged reports whether someone acknowledged this episode.
func (w Warning) Acknowledged() bool { return w.AckedBy != "" }

// fingerprint identifies a warning by rule, unit and the rule's key.
func fingerprint(ruleName, unitID, key string) string {
	sum := sha256.Sum256([]byte(ruleName + "\x00" + unitID + "\x00" + key))
	return hex.EncodeToString(sum[:10])
}

// Options configure the alerter.
type Options struct {
	Store      *store.Store      // required
	Rules      rule.File         // rules, policy, inhibitions; defaults applied
	Recipients route.File        // routing; defaults applied
	Units      *unit.Registry    // required: names, and which units rules cover
	Sources    []source.Source   // what source rules watch
	Ranker     *analytics.Ranker // overdue rules run its deadline indicators; required for them
	Calendar   *workday.Calendar // spike baselines tell workdays from days off; required for spikes
	Names      map[string]string // the index's dimension and indicator names by id
	Notifier   Notifier          // required
	// AckKey signs acknowledgement links (≥ 32 bytes); empty: no links.
	AckKey []byte
	// BaseURL is where `serve` answers acknowledgement links.
	BaseURL string
	Logger  *slog.Logger // default slog.Default()
	Now     func() time.Time
}

// Alerter evaluates rules, keeps warnings and sends mail. Its methods may be
// called from several goroutines (the ranking schedule and the tick loop);
// one runs at a time.
type Alerter struct {
	o  Options
	mu sync.Mutex
	// lastLive is when the live rules were last evaluated.
	lastLive time.Time
	// started is when the alerter started: a source never crawled is
	// silent since then.
	started time.Time
}

// New checks the options.
func New(o Options) (*Alerter, error) {
	if o.Store == nil || o.Notifier == nil || o.Units == nil {
		return nil, errors.New("alerts: store, units and notifier are required")
	}
	for _, r := range o.Rules.Rules {
		if r.Kind == rule.Overdue && o.Ranker == nil {
			return nil, errors.New("alerts: overdue rules need the ranker")
		}
		if r.Kind == rule.Spike && o.Calendar == nil {
			return nil, errors.New("alerts: spike rules need the working-day calendar")
		}
	}
	if len(o.AckKey) > 0 && o.BaseURL == "" {
		return nil, errors.New("alerts: acknowledgement links need serve.base_url (or serve.addr)")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Alerter{o: o, started: o.Now()}, nil
}

// Result says what one evaluation or tick did.
type Result struct {
	Raised, Resolved []Warning // warnings that changed so
	Firing           int       // warnings firing after it
	Planned          []Notice  // mails stored in the outbox
	Sent, Failed     int       // attempts to send that succeeded, failed
}

// Add merges what a later step did: changes and attempts add up, and the
// firing count is the later one.
func (r *Result) Add(o Result) {
	r.Raised = append(r.Raised, o.Raised...)
	r.Resolved = append(r.Resolved, o.Resolved...)
	r.Planned = append(r.Planned, o.Planned...)
	r.Sent += o.Sent
	r.Failed += o.Failed
	r.Firing = o.Firing
}

// Evaluate tests the threshold rules against a month's run (the latest
// month only: re-ranking an older month must not resolve the newer month's
// warnings), then plans and sends what is due.
func (a *Alerter) Evaluate(ctx context.Context, run analytics.Run) (Result, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var res Result
	latest, err := a.isLatestMonth(ctx, run)
	if err != nil || !latest {
		return res, err
	}
	ws := a.thresholds(run)
	r, err := a.reconcile(ctx, rulesOf(a.o.Rules.Rules, rule.Threshold), ws)
	if err != nil {
		return res, err
	}
	res.Add(r)
	r, err = a.deliver(ctx, false)
	res.Add(r)
	return res, err
}

// Tick evaluates the live rules when their interval has passed, then plans
// and sends what is due. `run` calls it every few seconds. force evaluates
// now and mails new warnings without their group wait: an operator asking
// for an evaluation, or the demo, wants the mails at once.
func (a *Alerter) Tick(ctx context.Context, force bool) (Result, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var res Result
	now := a.o.Now()
	if force || now.Sub(a.lastLive) >= a.o.Rules.Policy.EvaluateEvery {
		r, err := a.evaluateLive(ctx, now)
		if err != nil {
			return res, err
		}
		res.Add(r)
		a.lastLive = now
	}
	r, err := a.deliver(ctx, force)
	res.Add(r)
	return res, err
}

// Loop ticks until ctx ends, every 5 s or evaluate_every if shorter;
// a failed tick is logged and the next one tries again.
func (a *Alerter) Loop(ctx context.Context) error {
	every := min(5*time.Second, a.o.Rules.Policy.EvaluateEvery)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := a.Tick(ctx, false); err != nil && ctx.Err() == nil {
			a.o.Logger.Warn("alerts tick failed; retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// deliver plans the mails due and sends what is pending; now skips the
// group wait.
func (a *Alerter) deliver(ctx context.Context, now bool) (Result, error) {
	var res Result
	planned, firing, err := a.plan(ctx, a.o.Now(), now)
	if err != nil {
		return res, err
	}
	res.Planned, res.Firing = planned, firing
	res.Sent, res.Failed, err = a.dispatch(ctx)
	return res, err
}

func rulesOf(rs []rule.Rule, kinds ...rule.Kind) []rule.Rule {
	var out []rule.Rule
	for _, r := range rs {
		for _, k := range kinds {
			if r.Kind == k {
				out = append(out, r)
			}
		}
	}
	return out
}

// RuleNames lists the rules' names, for pickers.
func (a *Alerter) RuleNames() []string {
	out := make([]string, len(a.o.Rules.Rules))
	for i, r := range a.o.Rules.Rules {
		out[i] = r.Name
	}
	return out
}
