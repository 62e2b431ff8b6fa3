package alerts_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/email"
	"github.com/trustwatch/trustwatch/alerts/route"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/internal/mailpit"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/workday"
)

// ackKey signs the tests' acknowledgement links.
var ackKey = []byte("0123456789abcdef0123456789abcdef")

// clock is a settable time for the alerter.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is an alerter over a real chDB store, sending through mailpit
// (or smtpAddr), with its own addresses so mailboxes are the test's.
type harness struct {
	t       *testing.T
	cfg     *config.Config
	s       *store.Store
	a       *alerts.Alerter
	clock   *clock
	routes  route.File
	mailpit string
	suffix  string
}

func loadConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testRoutes routes zhongmou and jinshui to their own officials, every
// other unit to the default, with unique addresses.
func testRoutes(suffix string) route.File {
	f := route.File{
		Default:     route.Route{To: []string{"市诚信办 <cxb-" + suffix + "@localhost>"}},
		Operators:   []string{"运维 <ops-" + suffix + "@localhost>"},
		Supervisors: []string{"市政府督查室 <dcs-" + suffix + "@localhost>"},
		Evaluators:  []string{"评估组 <eval-" + suffix + "@localhost>"},
		Routes: []route.Route{
			{Name: "中牟县", Units: []string{"zhongmou"}, To: []string{"中牟县政府办 <zm-" + suffix + "@localhost>"}, Cc: []string{"诚信办 <cxbcc-" + suffix + "@localhost>"}},
			{Name: "金水区", Units: []string{"jinshui"}, To: []string{"金水区政府办 <js-" + suffix + "@localhost>"}},
		},
	}
	f.Defaults()
	return f
}

// testPolicy is short enough for tests to step through with the clock.
func testPolicy() rule.Policy {
	no := true
	return rule.Policy{EvaluateEvery: time.Second, GroupWait: 10 * time.Second, RepeatInterval: time.Hour, SendResolved: &no,
		EscalateAfter: 30 * time.Minute, EscalateLevels: []rule.Level{rule.Red, rule.Orange}, AckTTL: 24 * time.Hour,
		AckKeyEnv: "X", RetryMin: 100 * time.Millisecond, RetryMax: time.Second}
}

func newHarness(t *testing.T, rules []rule.Rule, start time.Time) *harness {
	t.Helper()
	smtp, api := mailpit.Env(t)
	return newHarnessAt(t, storetest.Open(t), rules, start, smtp, api)
}

func newHarnessAt(t *testing.T, s *store.Store, rules []rule.Rule, start time.Time, smtp, api string, mods ...func(*alerts.Options)) *harness {
	t.Helper()
	h := &harness{t: t, cfg: loadConfig(t), s: s, clock: &clock{t: start}, mailpit: api, suffix: fmt.Sprint(time.Now().UnixNano())}
	h.routes = testRoutes(h.suffix)
	f := rule.File{Rules: rules, Policy: testPolicy(), Inhibit: []rule.Inhibit{{Source: rule.Red, Targets: []rule.Level{rule.Yellow, rule.Blue}}}}
	f.Defaults()
	sender, err := email.New(email.Options{From: "TrustWatch <tw@localhost>", SMTPAddr: smtp, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r, err := analytics.New(analytics.Options{Store: s, Units: h.cfg.Loaded.Units.All(), Index: h.cfg.Loaded.Index, Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	o := alerts.Options{Store: s, Rules: f, Recipients: h.routes, Units: h.cfg.Loaded.Units,
		Sources: h.cfg.Loaded.Sources, Ranker: r, Calendar: workday.China(), Notifier: sender,
		AckKey: ackKey, BaseURL: "http://127.0.0.1:8088", Now: h.clock.Now,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	for _, m := range mods {
		m(&o)
	}
	h.a, err = alerts.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func ptr(f float64) *float64 { return &f }

// monthRun is a ranking of October 2026 with the given scores (0–100) and
// 双公示及时率 per unit id; other units score 80.
func (h *harness) monthRun(scores map[string]float64, sgs map[string]float64) analytics.Run {
	run := analytics.Run{ID: "run-" + h.suffix, Period: period.Of(period.Month, 2026, 10)}
	for i, u := range h.cfg.Loaded.Units.Ranked() {
		score, ok := scores[u.ID]
		if !ok {
			score = 80
		}
		row := analytics.Row{UnitID: u.ID, UnitName: u.Name, Group: index.Districts, Score: score, Rank: i + 1,
			Indicators: map[string]float64{}}
		if v, ok := sgs[u.ID]; ok {
			row.Indicators["sgs_timeliness"] = v
		}
		run.Rows = append(run.Rows, row)
	}
	return run
}

func (h *harness) evaluate(run analytics.Run) alerts.Result {
	h.t.Helper()
	res, err := h.a.Evaluate(context.Background(), run)
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

func (h *harness) tick() alerts.Result {
	h.t.Helper()
	res, err := h.a.Tick(context.Background(), false)
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

// mail returns the messages mailpit holds for an address (in To or Cc).
func (h *harness) mail(addrPrefix string) []mailpit.Message {
	h.t.Helper()
	return mailpit.For(h.t, h.mailpit, addrPrefix+"-"+h.suffix+"@localhost")
}

func subjects(ms []mailpit.Message) string { return strings.Join(mailpit.Subjects(ms), " | ") }
