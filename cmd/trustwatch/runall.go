package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/source"
)

// cmdRun runs every stage in one process until interrupted: ingest
// continuously, crawl each source on its schedule (a source's schedule, else
// every -crawl-every), rank on the configured schedule, alert after each
// ranking and on a tick (live rules, mails due), and serve acknowledgement
// links when serve.addr is set.
func cmdRun(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("run")
	every := fs.Duration("crawl-every", time.Hour, "interval between crawls of sources that set no schedule")
	metrics := fs.String("metrics", "", "serve /metrics, /healthz and /readyz on host:port (default: metrics.addr of the config)")
	e, j, err := g.openScheduled(ctx, fs, args, every, metrics)
	if err != nil {
		return err
	}
	defer e.Close()
	a, sched := j.alerter, j.rankings
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 6)
	start := func(f func(context.Context) error) {
		wg.Add(1)
		go func() { defer wg.Done(); errc <- f(ctx) }()
	}
	start(func(ctx context.Context) error { _, err := e.IngestUntil(ctx, 0, 100*365*24*time.Hour); return err })
	crawls, err := crawlScheduler(ctx, g, e, *every)
	if err != nil {
		return err
	}
	start(crawls)
	start(func(ctx context.Context) error { return sched.Run(ctx, analytics.Term{}) })
	start(a.Loop)    // live rules, and the mails due, every few seconds
	start(j.reports) // the plan's reports on 7月5日 and 1月5日
	if e.Cfg.Serve.Addr != "" {
		start(func(ctx context.Context) error { return serve(ctx, g, e, a, e.Cfg.Serve.Addr) })
	}
	fmt.Fprintf(g.stdout, "trustwatch running: ranking on %q; Ctrl-C to stop\n", e.Cfg.Analytics.Schedule)
	err = <-errc // the first stage to stop stops them all
	cancel()
	wg.Wait()
	if errors.Is(err, context.Canceled) || ctx.Err() != nil && err == nil {
		return nil
	}
	return err
}

// scheduledJobs are what run and schedule run on a schedule: the rankings
// (alerts evaluated after each), the alert loop and the plan's reports.
type scheduledJobs struct {
	alerter  *alerts.Alerter
	rankings *analytics.Scheduler
	reports  func(context.Context) error
}

// openScheduled parses the flags of run and schedule, checks -crawl-every,
// opens the engine, serves its ops endpoints and builds the scheduled jobs.
func (g *globals) openScheduled(ctx context.Context, fs *flag.FlagSet, args []string, every *time.Duration, metrics *string) (*app.Engine, scheduledJobs, error) {
	var j scheduledJobs
	if err := g.parse(fs, args); err != nil {
		return nil, j, err
	}
	if err := source.CheckSchedule("@every " + every.String()); err != nil || *every <= 0 {
		return nil, j, usageError{fmt.Sprintf("-crawl-every %s: want %s or longer", every, source.MinScheduleInterval)}
	}
	e, err := g.open(ctx, fs, args)
	if err != nil {
		return nil, j, err
	}
	err = g.serveMetrics(ctx, e, *metrics)
	if err == nil {
		j.alerter, err = e.Alerter()
	}
	if err == nil {
		j.rankings, err = scheduler(e, j.alerter)
	}
	if err == nil {
		j.reports, err = e.ReportJob()
	}
	if err != nil {
		e.Close()
		return nil, j, err
	}
	return e, j, nil
}

func scheduler(e *app.Engine, a *alerts.Alerter) (*analytics.Scheduler, error) {
	r, err := e.Ranker()
	if err != nil {
		return nil, err
	}
	return analytics.NewScheduler(r, e.Cfg.Analytics.Schedule, e.Cfg.Analytics.Close, func(ctx context.Context, run analytics.Run) error {
		_, err := a.Evaluate(ctx, run)
		return err
	})
}

// crawlScheduler returns the crawl stage: each source crawled on its own
// schedule, one crawl at a time. It prints the plan.
func crawlScheduler(ctx context.Context, g *globals, e *app.Engine, every time.Duration) (func(context.Context) error, error) {
	url := ""
	crawl := func(ctx context.Context, srcs []source.Source) error {
		rep, err := e.CrawlSources(ctx, url, srcs, nil)
		g.log.Info("crawl done", "sources", len(srcs), "documents", rep.Documents, "errors", rep.Errors)
		return err
	}
	s, err := crawler.NewScheduler(crawler.ScheduleOptions{Sources: e.Cfg.Loaded.Sources, Default: "@every " + every.String(),
		Crawl: crawl, Logger: g.log})
	if err != nil {
		return nil, err
	}
	for _, line := range s.Plan() {
		fmt.Fprintf(g.stdout, "crawl %s\n", line)
	}
	return func(ctx context.Context) error {
		if e.NeedsSampleWeb() {
			u, stop, err := e.StartSampleWeb(ctx)
			if err != nil {
				return err
			}
			defer stop()
			url = u // set before s.Run starts the crawls that read it
		}
		return s.Run(ctx)
	}, nil
}

// cmdSchedule runs the scheduled jobs — crawl tasks for the workers,
// rankings (refresh and close), the plan's reports, the alert rules and the
// mails due — in one of several processes at a time: the holder of the
// scheduler's lease. The others wait and take over within
// schedule.session_timeout when it dies.
func cmdSchedule(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("schedule")
	metrics := fs.String("metrics", "", "serve /metrics, /healthz and /readyz on host:port (default: metrics.addr of the config)")
	every := fs.Duration("crawl-every", time.Hour, "interval between crawl tasks of sources that set no schedule")
	e, j, err := g.openScheduled(ctx, fs, args, every, metrics)
	if err != nil {
		return err
	}
	defer e.Close()
	crawls, err := crawler.NewScheduler(crawler.ScheduleOptions{Sources: e.Cfg.Loaded.Sources, Default: "@every " + every.String(), Logger: g.log,
		Crawl: func(ctx context.Context, srcs []source.Source) error { return e.EnqueueCrawls(ctx, srcs, time.Now()) }})
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "trustwatch schedule: campaigning for the lease %s (ranking on %q)\n", e.Cfg.Schedule.Group, e.Cfg.Analytics.Schedule)
	return e.Lead(ctx, func(ctx context.Context, t analytics.Term) {
		g.log.Info("leading the scheduled jobs", "generation", t.Generation)
		var wg sync.WaitGroup
		for _, job := range []func(context.Context) error{
			func(ctx context.Context) error { return j.rankings.Run(ctx, t) }, j.alerter.Loop, j.reports, crawls.Run,
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := job(ctx); err != nil && ctx.Err() == nil {
					g.log.Error("scheduled job stopped", "err", err)
				}
			}()
		}
		wg.Wait()
	})
}
