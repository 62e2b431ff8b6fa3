package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/email"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/ingest"
	"github.com/trustwatch/trustwatch/source"
	"github.com/trustwatch/trustwatch/web"
	"github.com/trustwatch/trustwatch/workday"
)

// Crawl crawls every configured source once and publishes to the documents
// topic. sampleWebURL replaces {sampleweb} in start URLs.
func (e *Engine) Crawl(ctx context.Context, sampleWebURL string) (crawler.Report, error) {
	return e.CrawlWithProgress(ctx, sampleWebURL, nil)
}

// CrawlWithProgress is Crawl showing progress on w once a second (nil: none).
func (e *Engine) CrawlWithProgress(ctx context.Context, sampleWebURL string, w io.Writer) (crawler.Report, error) {
	return e.CrawlSources(ctx, sampleWebURL, e.Cfg.Loaded.Sources, w)
}

// CrawlSources crawls some of the configured sources once (the crawl
// scheduler's job), publishing to the documents topic and recording the run.
func (e *Engine) CrawlSources(ctx context.Context, sampleWebURL string, sources []source.Source, w io.Writer) (crawler.Report, error) {
	o, err := e.Bus(ctx)
	if err != nil {
		return crawler.Report{}, err
	}
	p, err := bus.NewProducer(o)
	if err != nil {
		return crawler.Report{}, err
	}
	defer p.Close()
	state, err := e.crawlState()
	if err != nil {
		return crawler.Report{}, err
	}
	c, err := crawler.New(crawler.Options{Sources: sources, SampleWebURL: sampleWebURL, Logger: e.Logger, State: state, Progress: w,
		MaxDocumentBytes: e.Cfg.Kafka.MaxMessageBytes, MinDelay: e.Cfg.Crawl.MinDelay, Dates: e.Cfg.DateWindow(), AllowAddrs: e.Cfg.AllowAddrs(),
		Publish: func(ctx context.Context, docs []document.Document) error { return publish(ctx, p, docs) }})
	if err != nil {
		return crawler.Report{}, err
	}
	rep, err := c.Run(ctx)
	for _, s := range rep.Sources {
		if !s.Healthy {
			e.Logger.Warn("source unhealthy", "source", s.Source, "why", s.Health)
		}
	}
	return rep, errors.Join(err, e.RecordCrawl(context.WithoutCancel(ctx), rep))
}

// crawlState is where the crawl state lives: in the store when the store is
// a server several crawler processes share, else in the data directory.
func (e *Engine) crawlState() (*crawler.State, error) {
	if len(e.Cfg.ClickHouse.Addrs) > 0 {
		return crawler.OpenSharedState(e.Store), nil
	}
	return crawler.OpenState(filepath.Join(e.Cfg.Loaded.DataDir, "crawl-state.json"))
}

// NeedsSampleWeb reports whether a source crawls the sample web.
func (e *Engine) NeedsSampleWeb() bool {
	for _, s := range e.Cfg.Loaded.Sources {
		for _, u := range s.StartURLs {
			if strings.Contains(u, source.SampleWebPlaceholder) {
				return true
			}
		}
	}
	return false
}

// publish keys each document by its id, so one page stays in one partition.
func publish(ctx context.Context, p *bus.Producer, docs []document.Document) error {
	msgs := make([]bus.Message, len(docs))
	for i, d := range docs {
		v, err := d.Encode()
		if err != nil {
			return err
		}
		msgs[i] = bus.Message{Key: []byte(d.ID), Value: v}
	}
	err := p.Publish(ctx, msgs...)
	if bus.Rejected(err) {
		return fmt.Errorf("%w: %w", crawler.ErrRejected, err)
	}
	return err
}

// Pending is how many messages of the documents topic the ingest group has
// yet to consume.
func (e *Engine) Pending(ctx context.Context) (int64, error) {
	o, err := e.Bus(ctx)
	if err != nil {
		return 0, err
	}
	return bus.GroupLag(ctx, o, e.Cfg.Kafka.Group)
}

// ReplayFromBeginning resets the ingest group to the start of the documents
// topic, so the next ingest stores every document again (analysts' views
// show each once) — how a lost or damaged store is rebuilt from Kafka.
func (e *Engine) ReplayFromBeginning(ctx context.Context) (int64, error) {
	o, err := e.Bus(ctx)
	if err != nil {
		return 0, err
	}
	if err := bus.ResetGroup(ctx, o, e.Cfg.Kafka.Group); err != nil {
		return 0, err
	}
	return bus.GroupLag(ctx, o, e.Cfg.Kafka.Group)
}

// Ingest builds the ingest stage with its consumer and dead-letter producer;
// call the returned close function after Run returns.
func (e *Engine) Ingest(ctx context.Context) (*ingest.Ingest, func(), error) {
	o, err := e.Bus(ctx)
	if err != nil {
		return nil, nil, err
	}
	a, err := e.Analyzer()
	if err != nil {
		return nil, nil, err
	}
	dlqOpts := o
	dlqOpts.Topic = e.Cfg.Kafka.DLQTopic
	dlq, err := bus.NewProducer(dlqOpts)
	if err != nil {
		return nil, nil, err
	}
	c, err := bus.NewConsumer(o, e.Cfg.Kafka.Group)
	if err != nil {
		dlq.Close()
		return nil, nil, err
	}
	closeAll := func() { c.Close(); dlq.Close() }
	in, err := ingest.New(ingest.Options{Consumer: c, Store: e.Store, Analyzer: a, DeadLetters: dlq, Logger: e.Logger,
		BatchSize: e.Cfg.Ingest.BatchSize, BatchTimeout: e.Cfg.Ingest.BatchTimeout, Workers: e.Cfg.Ingest.Workers,
		MaxMessageBytes: e.Cfg.Ingest.MaxMessageBytes, Metrics: e.ingestMetrics(), Dates: e.Cfg.DateWindow()})
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	return in, closeAll, nil
}

// ingestMetrics registers ingest's metrics once per engine.
func (e *Engine) ingestMetrics() *ingest.Metrics {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ingestM == nil {
		e.ingestM = ingest.NewMetrics(e.Metrics)
	}
	return e.ingestM
}

// Ranker builds the analytics stage: the index of configs/index.yaml over
// every configured unit, in two rankings.
func (e *Engine) Ranker() (*analytics.Ranker, error) {
	l := e.Cfg.Loaded
	return analytics.New(analytics.Options{Store: e.Store, Units: l.Units.All(), Index: l.Index, IndexHash: l.IndexHash, Logger: e.Logger})
}

// Alerter builds the alerts stage: the rules and routes of the config,
// mail through the configured SMTP server or the outbox directory.
func (e *Engine) Alerter() (*alerts.Alerter, error) {
	m, l := e.Cfg.Email, e.Cfg.Loaded
	sender, err := email.New(email.Options{From: m.From, SMTPAddr: m.SMTP.Addr, Username: m.SMTP.Username,
		Password: l.Secrets.SMTPPassword, StartTLS: m.SMTP.StartTLS, TLS: m.SMTP.TLS, Timeout: m.SMTP.Timeout,
		OutboxDir: filepath.Join(l.DataDir, "outbox")})
	if err != nil {
		return nil, err
	}
	r, err := e.Ranker()
	if err != nil {
		return nil, err
	}
	return alerts.New(alerts.Options{Store: e.Store, Rules: l.Alerts, Recipients: l.Recipients, Units: l.Units,
		Sources: l.Sources, Ranker: r, Calendar: workday.China(), Names: e.indexNames(), Notifier: sender,
		AckKey: []byte(l.Secrets.AckKey), BaseURL: e.Cfg.Serve.BaseURL, Logger: e.Logger})
}

// Desk builds the web desk over the store, answering a's acknowledgement
// links; with no users configured it serves the links only.
func (e *Engine) Desk(a *alerts.Alerter) (*web.Server, error) {
	l := e.Cfg.Loaded
	var key []byte
	if l.Secrets.SessionKey != "" {
		key = []byte(l.Secrets.SessionKey)
	}
	obj, err := e.Objections(a)
	if err != nil {
		return nil, err
	}
	return web.New(web.Options{Alerter: a, Store: e.Store, Index: l.Index, Units: l.Units, Sources: l.Sources,
		Users: l.Users, Objections: obj, SessionKey: key, Secure: e.Cfg.Serve.Secure, Logger: e.Logger})
}

// IngestUntil runs ingest until it has stored want documents (or sent them to
// the dead-letter topic), or until idle passes without progress, then stops it
// cleanly. The idle clock starts with the first document, since joining a
// group can wait for a dead member's session to expire; with no document at
// all it stops after max(idle, FirstWait).
func (e *Engine) IngestUntil(ctx context.Context, want int64, idle time.Duration) (ingest.Stats, error) {
	in, closeIngest, err := e.Ingest(ctx)
	if err != nil {
		return ingest.Stats{}, err
	}
	defer closeIngest()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- in.Run(runCtx) }()
	err, ended := waitProgress(ctx, in, want, idle, done)
	stop()
	if !ended {
		err = errors.Join(err, ignoreCanceled(<-done))
	}
	return in.Stats(), err
}

// FirstWait is how long IngestUntil waits for a first document.
const FirstWait = 60 * time.Second

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// waitProgress returns when ingest has stored want documents or gone idle;
// ended says ingest itself returned (with the error given).
func waitProgress(ctx context.Context, in *ingest.Ingest, want int64, idle time.Duration, done <-chan error) (error, bool) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last, lastAt := int64(0), time.Now()
	for {
		st := in.Stats()
		n := st.Stored + st.Dead
		if want > 0 && n >= want {
			return nil, false
		}
		limit := idle
		if n == 0 {
			limit = max(idle, FirstWait)
		}
		if n != last {
			last, lastAt = n, time.Now()
		} else if time.Since(lastAt) > limit {
			return nil, false
		}
		select {
		case <-ctx.Done():
			return ctx.Err(), false
		case err := <-done:
			return ignoreCanceled(err), true
		case <-tick.C:
		}
	}
}

// indexNames are the index's dimension and indicator names by id, for the
// messages of rules that test them.
func (e *Engine) indexNames() map[string]string {
	out := map[string]string{}
	if ix := e.Cfg.Loaded.Index; ix != nil {
		for _, d := range ix.Dimensions {
			out[d.ID] = d.Name
			for _, in := range d.Indicators {
				out[in.ID] = in.Name
			}
		}
	}
	return out
}
