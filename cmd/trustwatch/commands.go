package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/store"
)

func cmdDemo(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("demo")
	addr := fs.String("serve", "", "then serve the desk on host:port (e.g. 127.0.0.1:8088) until Ctrl-C")
	e, err := g.open(ctx, fs, args)
	if err != nil {
		return err
	}
	defer e.Close()
	fmt.Fprintln(g.stdout, "TrustWatch 政务诚信监测预警 — demo on the offline sample web (embedded defaults unless configured)")
	if _, err = e.Demo(ctx, g.stdout); err != nil || *addr == "" {
		return err
	}
	a, err := e.Alerter()
	if err != nil {
		return err
	}
	return serve(ctx, g, e, a, *addr)
}

func cmdCrawl(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("crawl")
	sw := fs.String("sampleweb", "", "base URL of a running sample web for {sampleweb} sources (default: serve one in-process)")
	report := fs.Bool("report", false, "print each source's latest crawl, its health and the latest failed pages; crawl nothing")
	worker := fs.Bool("worker", false, "run as a crawler service: crawl the tasks of the tasks topic (crawl.tasks_topic) with the other workers until interrupted")
	enqueue := fs.Bool("enqueue", false, "publish a crawl task for every source to the tasks topic, for the workers; crawl nothing")
	metrics := fs.String("metrics", "", "with -worker: serve /metrics, /healthz and /readyz on host:port (default: metrics.addr of the config)")
	e, err := g.open(ctx, fs, args)
	if err != nil {
		return err
	}
	defer e.Close()
	switch {
	case *report:
		return e.CrawlReport(ctx, g.stdout)
	case *enqueue:
		if err := e.EnqueueCrawls(ctx, e.Cfg.Loaded.Sources, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "enqueued %d crawl tasks to %s\n", len(e.Cfg.Loaded.Sources), e.Cfg.Crawl.TasksTopic)
		return nil
	}
	url := *sw
	if url == "" && e.NeedsSampleWeb() {
		u, stop, err := e.StartSampleWeb(ctx)
		if err != nil {
			return err
		}
		defer stop()
		url = u
	}
	if *worker {
		if err := g.serveMetrics(ctx, e, *metrics); err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "crawl worker: taking tasks from %s as a member of %s (Ctrl-C to stop)\n", e.Cfg.Crawl.TasksTopic, e.Cfg.Crawl.Group)
		return e.CrawlWorker(ctx, url)
	}
	rep, err := e.CrawlWithProgress(ctx, url, terminal(g.stderr))
	for _, s := range rep.Sources {
		health := "ok"
		if !s.Healthy {
			health = "UNHEALTHY: " + s.Health
		}
		fmt.Fprintf(g.stdout, "%-20s %5d pages  %5d documents  %3d errors  %2d retries  %s\n", s.Source, s.Pages, s.Documents, s.Errors, s.Retries, health)
	}
	if err != nil { // say what failed, not a count that reads like success
		return err
	}
	fmt.Fprintf(g.stdout, "published %d documents to %s\n", rep.Documents, e.Cfg.Kafka.Topic)
	return nil
}

func cmdIngest(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("ingest")
	idle := fs.Duration("idle", 0, "stop after this long without new documents, counted from the first (0: run until interrupted)")
	metrics := fs.String("metrics", "", "serve Prometheus /metrics on host:port (default: metrics.addr of the config)")
	replay := fs.Bool("from-beginning", false, "replay the whole documents topic (rebuilds a lost store; stop other ingest processes first)")
	e, err := g.open(ctx, fs, args)
	if err != nil {
		return err
	}
	defer e.Close()
	if err := g.serveMetrics(ctx, e, *metrics); err != nil {
		return err
	}
	if *replay {
		n, err := e.ReplayFromBeginning(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(g.stderr, "replaying %s from the beginning: %d messages\n", e.Cfg.Kafka.Topic, n)
	}
	wait := *idle
	if wait == 0 {
		wait = 100 * 365 * 24 * time.Hour
	}
	st, err := e.IngestUntil(ctx, 0, wait)
	fmt.Fprintf(g.stdout, "stored %d documents and %d signals in %d batches; %d messages to the dead-letter topic %s; %d retries\n",
		st.Stored, st.Signals, st.Batches, st.Dead, e.Cfg.Kafka.DLQTopic, st.Retries)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func cmdSQL(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("sql")
	format := fs.String("format", "", "ClickHouse output format (default PrettyCompact on a terminal, else TabSeparatedWithNames)")
	maxRows := fs.Int64("max-rows", 1_000_000, "refuse a result of more rows")
	timeout := fs.Duration("timeout", time.Minute, "stop the query after this long")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return usageError{`sql: give a query, e.g. trustwatch sql "SELECT * FROM trustwatch.v_rankings"`}
	}
	if *format == "" {
		*format = "TabSeparatedWithNames"
		if terminal(g.stdout) != nil {
			*format = "PrettyCompact"
		}
	}
	e, err := g.engine(ctx)
	if err != nil {
		return err
	}
	defer e.Close()
	w := bufio.NewWriter(g.stdout)
	err = e.Store.QueryReadOnly(ctx, q, *format, store.Limits{MaxExecutionTime: *timeout, MaxResultRows: *maxRows}, w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if errors.Is(err, store.ErrRefused) {
		return usageError{err.Error() + " (trustwatch sql is read-only; operators change the store with: trustwatch store exec)"}
	}
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

func cmdSampleWeb(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("sampleweb")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	cfg, err := g.load()
	if err != nil {
		return err
	}
	e := &app.Engine{Cfg: cfg, Logger: g.log}
	url, stop, err := e.StartSampleWeb(ctx)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(g.stdout, "sample web serving on %s (Ctrl-C to stop)\n", url)
	<-ctx.Done()
	return nil
}

func cmdConfig(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("config check")
	const use = "usage: trustwatch config check [-config file]"
	if slices.ContainsFunc(args, isHelp) && (len(args) == 0 || isHelp(args[0]) || strings.HasPrefix(args[0], "-")) {
		fmt.Fprintln(g.stdout, use)
		return errHelp
	}
	if len(args) == 0 || args[0] != "check" {
		return usageError{use}
	}
	if err := g.parse(fs, args[1:]); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	cfg, err := g.load()
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "%s: ok — %d units (%d ranked), %d sources, %d alert rules, %d routes\n", g.configPath,
		len(cfg.Loaded.Units.All()), len(cfg.Loaded.Units.Ranked()), len(cfg.Loaded.Sources), len(cfg.Loaded.Alerts.Rules),
		len(cfg.Loaded.Recipients.Routes))
	for _, n := range cfg.Loaded.Notes {
		fmt.Fprintf(g.stdout, "note: %s\n", n)
	}
	return nil
}

func cmdVersion(ctx context.Context, g *globals, args []string) error {
	if err := g.parse(g.flags("version"), args); err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, "trustwatch", version)
	return nil
}

// serveMetrics starts the /metrics endpoint at addr, or at the configured
// metrics.addr when addr is empty; neither set means no endpoint.
func (g *globals) serveMetrics(ctx context.Context, e *app.Engine, addr string) error {
	if addr == "" {
		addr = e.Cfg.Metrics.Addr
	}
	if addr == "" {
		return nil
	}
	bound, _, err := e.ServeMetrics(ctx, addr)
	if err != nil {
		return err
	}
	g.log.Info("serving metrics", "url", "http://"+bound+"/metrics")
	fmt.Fprintf(g.stderr, "metrics on http://%s/metrics\n", bound)
	return nil
}

// terminal returns w when it is a terminal (progress lines rewrite themselves
// there; in a log file they would be noise), else nil.
func terminal(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}
