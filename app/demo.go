package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/report"
)

// DemoResult is what a demo run did, for tests and the summary.
type DemoResult struct {
	SampleWebURL string
	Crawled      int // documents published
	Unchanged    int // detail pages unchanged since the last crawl
	PageErrors   int
	Stored       int64
	Signals      int64
	Run          analytics.Run
	Alerts       alerts.Result
}

// Demo runs the whole pipeline once: serve the sample web, crawl it into
// Kafka, ingest into ClickHouse, rank the latest month and raise warnings.
func (e *Engine) Demo(ctx context.Context, out io.Writer) (DemoResult, error) {
	var res DemoResult
	sw, stopWeb, err := e.StartSampleWeb(ctx)
	if err != nil {
		return res, err
	}
	defer stopWeb()
	res.SampleWebURL = sw
	if _, err := e.Bus(ctx); err != nil {
		return res, err
	}
	fmt.Fprintf(out, "sample web   %s\nkafka        %s, topic %s\nclickhouse   %s\n\n", sw, e.DescribeBus(), e.Cfg.Kafka.Topic, e.Store.Describe())

	start := time.Now()
	rep, err := e.Crawl(ctx, sw)
	if err != nil {
		return res, err
	}
	res.Crawled, res.PageErrors = rep.Documents, rep.Errors
	for _, s := range rep.Sources {
		res.Unchanged += s.Unchanged
	}
	fmt.Fprintf(out, "crawled      %d new or changed documents from %d sources (%d unchanged, %d page errors) in %.1fs\n",
		rep.Documents, len(rep.Sources), res.Unchanged, rep.Errors, time.Since(start).Seconds())
	// Ingest whatever the topic holds for the group, not only what this crawl
	// published: a run killed during ingest left its documents waiting there.
	pending, err := e.Pending(ctx)
	if err != nil {
		return res, err
	}
	if pending == 0 {
		fmt.Fprintf(out, "ingested     nothing new\n\n")
		return e.demoRankAndAlert(ctx, out, res)
	}
	start = time.Now()
	st, err := e.IngestUntil(ctx, pending, 30*time.Second)
	if err != nil {
		return res, err
	}
	res.Stored, res.Signals = st.Stored, st.Signals
	fmt.Fprintf(out, "ingested     %d documents, %d signals, %d to the dead-letter topic in %.1fs", st.Stored, st.Signals, st.Dead, time.Since(start).Seconds())
	if waiting := pending - int64(rep.Documents); waiting > 0 {
		fmt.Fprintf(out, " (%d messages were waiting from an earlier run)", waiting)
	}
	fmt.Fprintf(out, "\n\n")
	if st.Stored+st.Dead < pending {
		return res, fmt.Errorf("ingest stored %d of %d waiting documents before going idle", st.Stored, pending)
	}
	return e.demoRankAndAlert(ctx, out, res)
}

func (e *Engine) demoRankAndAlert(ctx context.Context, out io.Writer, res DemoResult) (DemoResult, error) {
	r, err := e.Ranker()
	if err != nil {
		return res, err
	}
	p, err := r.LatestPeriod(ctx)
	if err != nil {
		return res, err
	}
	if res.Run, err = r.Rank(ctx, p, analytics.JobRank); err != nil {
		return res, err
	}
	ev := res.Run.Events
	fmt.Fprintf(out, "events       %d documents about units form %d events (%d documents reposted across sources grouped)\n\n",
		ev.Documents, ev.Events, ev.Grouped)
	for _, g := range index.Groups {
		if err := report.Ranking(out, res.Run, g); err != nil {
			return res, err
		}
		fmt.Fprintln(out)
	}
	if err := e.demoExplain(ctx, out, res.Run); err != nil {
		return res, err
	}
	a, err := e.Alerter()
	if err != nil {
		return res, err
	}
	if res.Alerts, err = a.Evaluate(ctx, res.Run); err != nil {
		return res, err
	}
	tick, err := a.Tick(ctx, true) // the rules that need no ranking, and the mails due
	if err != nil {
		return res, err
	}
	res.Alerts.Add(tick)
	if err := e.printWarnings(ctx, out, a, res.Alerts); err != nil {
		return res, err
	}
	e.printWhere(out, res.Run)
	return res, nil
}

// demoExplain takes the last-ranked district apart, down to its evidence.
func (e *Engine) demoExplain(ctx context.Context, out io.Writer, run analytics.Run) error {
	rows := run.Group(index.Districts)
	if len(rows) == 0 {
		return nil
	}
	last := rows[len(rows)-1]
	ex, err := analytics.Explain(ctx, e.Store, e.Cfg.Loaded.Index, run, last.UnitID, 2)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "trustwatch rank -period %s -explain %s\n", run.Period, last.UnitID)
	return report.Explanation(out, ex)
}

func (e *Engine) printWarnings(ctx context.Context, out io.Writer, a *alerts.Alerter, res alerts.Result) error {
	fmt.Fprintf(out, "\n预警 warnings: %d firing, %d raised now; %d mails stored, %d sent\n", res.Firing, len(res.Raised), len(res.Planned), res.Sent)
	ws, err := a.Warnings(ctx, false, "", "", "")
	if err != nil {
		return err
	}
	if len(ws) > 12 {
		fmt.Fprintf(out, "(the first 12; all: bin/trustwatch alerts list)\n")
		ws = ws[:12]
	}
	return report.Warnings(out, ws)
}

func (e *Engine) printWhere(out io.Writer, run analytics.Run) {
	dir := e.Cfg.Loaded.DataDir
	where := "emails       " + filepath.Join(dir, "outbox") + " (.eml files)"
	if a := e.Cfg.Email.SMTP.Addr; a != "" {
		where = "emails       sent over SMTP to " + a
	}
	fmt.Fprintf(out, "\n%s\ndata         %s\n", where, dir)
	e.printDesk(out)
	fmt.Fprintf(out, "\nquery it:\n")
	fmt.Fprintf(out, "  bin/trustwatch rank -period %s -audit\n", run.Period)
	fmt.Fprintf(out, "  bin/trustwatch alerts list -level 红        # then: alerts show FINGERPRINT, alerts silence, alerts ack\n")
	fmt.Fprintf(out, "  bin/trustwatch sql \"SELECT unit_group, rank, rank_lo, rank_hi, unit_name, total, grade FROM trustwatch.v_index_scores WHERE period = '%s' ORDER BY unit_group, rank\"\n", run.Period)
	fmt.Fprintf(out, "  bin/trustwatch sql \"SELECT unit_id, category, count() AS n FROM trustwatch.v_signals WHERE polarity < 0 GROUP BY unit_id, category ORDER BY n DESC LIMIT 10\"\n")
	fmt.Fprintf(out, "  bin/trustwatch sql \"SELECT first_published, title, sources FROM trustwatch.v_events WHERE documents > 1 ORDER BY first_published DESC LIMIT 5\"\n")
}

// StartSampleWeb serves the sample web on the configured address until the
// returned stop function is called.
func (e *Engine) StartSampleWeb(ctx context.Context) (string, func(), error) {
	sw := e.Cfg.SampleWeb
	latest, _ := time.Parse("2006-01", sw.Latest) // validated by config
	site, err := sampleweb.New(sampleweb.Options{Units: e.Cfg.Loaded.Units.Ranked(), Departments: e.Cfg.Loaded.Units.Departments(), Seed: sw.Seed, Latest: latest, Months: sw.Months})
	if err != nil {
		return "", nil, err
	}
	srv, err := site.Listen(sw.Addr)
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Run(ctx)
	}()
	return srv.URL(), func() { cancel(); <-done }, nil
}

// demoAccounts are the demo users of configs/users.yaml and their
// passwords. They are printed only while the configured hashes still match:
// once an operator replaces them, the demo prints none.
var demoAccounts = []struct{ name, password string }{
	{"pingjia", "pingjia-2026"}, {"zhongmou", "zhongmou-2026"}, {"fenxi", "fenxi-2026"}, {"guanli", "guanli-2026"},
}

func (e *Engine) printDesk(out io.Writer) {
	users := auth.NewUsers(e.Cfg.Loaded.Users)
	var lines []string
	for _, d := range demoAccounts {
		if u, ok := users.Login(d.name, d.password); ok {
			lines = append(lines, fmt.Sprintf("  %-9s %-14s %s", d.name, d.password, u.Display))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(out, "desk         bin/trustwatch serve → http://127.0.0.1:8088 (or: bin/trustwatch demo -serve 127.0.0.1:8088)\n")
	fmt.Fprintf(out, "             demo accounts of configs/users.yaml — replace their hashes before real use:\n%s\n", strings.Join(lines, "\n"))
}
