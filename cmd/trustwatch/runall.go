package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/app"
)

// cmdRun runs every stage in one process until interrupted: ingest
// continuously, crawl every -crawl-every, rank on the configured schedule and
// alert after each ranking.
func cmdRun(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("run")
	every := fs.Duration("crawl-every", time.Hour, "interval between crawls")
	metrics := fs.String("metrics", "", "serve Prometheus /metrics on host:port (default: metrics.addr of the config)")
	e, err := g.open(ctx, fs, args)
	if err != nil {
		return err
	}
	defer e.Close()
	if err := g.serveMetrics(ctx, e, *metrics); err != nil {
		return err
	}
	sched, err := scheduler(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	start := func(f func(context.Context) error) {
		wg.Add(1)
		go func() { defer wg.Done(); errc <- f(ctx) }()
	}
	start(func(ctx context.Context) error { _, err := e.IngestUntil(ctx, 0, 100*365*24*time.Hour); return err })
	start(func(ctx context.Context) error { return crawlLoop(ctx, g, e, *every) })
	start(sched.Run)
	fmt.Fprintf(g.stdout, "trustwatch running: crawl every %s, ranking on %q; Ctrl-C to stop\n", *every, e.Cfg.Analytics.Schedule)
	err = <-errc // the first stage to stop stops them all
	cancel()
	wg.Wait()
	if errors.Is(err, context.Canceled) || ctx.Err() != nil && err == nil {
		return nil
	}
	return err
}

func scheduler(e *app.Engine) (*analytics.Scheduler, error) {
	r, err := e.Ranker()
	if err != nil {
		return nil, err
	}
	a, err := e.Alerter()
	if err != nil {
		return nil, err
	}
	return analytics.NewScheduler(r, e.Cfg.Analytics.Schedule, func(ctx context.Context, run analytics.Run) error {
		_, err := a.Evaluate(ctx, run)
		return err
	})
}

func crawlLoop(ctx context.Context, g *globals, e *app.Engine, every time.Duration) error {
	url := ""
	if e.NeedsSampleWeb() {
		u, stop, err := e.StartSampleWeb(ctx)
		if err != nil {
			return err
		}
		defer stop()
		url = u
	}
	for {
		rep, err := e.Crawl(ctx, url)
		if err != nil {
			g.log.Error("crawl", "err", err)
		} else {
			g.log.Info("crawl done", "documents", rep.Documents, "errors", rep.Errors)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}
