package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/source"
)

// tasksBus is the crawl tasks topic, created when missing — checked once
// per process, not at every enqueue.
func (e *Engine) tasksBus(ctx context.Context) (bus.Options, error) {
	o, err := e.Bus(ctx)
	if err != nil {
		return o, err
	}
	o.Topic = e.Cfg.Crawl.TasksTopic
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.tasksTopic {
		if err := bus.EnsureTopic(ctx, o); err != nil {
			return o, err
		}
		e.tasksTopic = true
	}
	return o, nil
}

// EnqueueCrawls publishes a crawl task for each source, keyed by its site.
func (e *Engine) EnqueueCrawls(ctx context.Context, srcs []source.Source, due time.Time) error {
	o, err := e.tasksBus(ctx)
	if err != nil {
		return err
	}
	p, err := bus.NewProducer(o)
	if err != nil {
		return err
	}
	defer p.Close()
	msgs := make([]bus.Message, len(srcs))
	for i, s := range srcs {
		v, err := crawler.Task{Source: s.ID, Due: due.UTC()}.Encode()
		if err != nil {
			return err
		}
		msgs[i] = bus.Message{Key: []byte(s.Site()), Value: v}
	}
	return p.Publish(ctx, msgs...)
}

// CrawlWorker crawls the tasks of the crawl group's partitions it is given
// until ctx ends, committing each task once its crawl is recorded. A task
// in progress when the process dies is not committed: the worker that gets
// its partition crawls the source again, and the shared crawl state makes
// it publish only what the dead one had not.
func (e *Engine) CrawlWorker(ctx context.Context, sampleWebURL string) error {
	o, err := e.tasksBus(ctx)
	if err != nil {
		return err
	}
	c, err := bus.NewConsumer(o, e.Cfg.Crawl.Group)
	if err != nil {
		return err
	}
	defer c.Close()
	tasks := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "trustwatch_crawl_tasks_total",
		Help: "Crawl tasks taken from the tasks topic, by outcome."}, []string{"outcome"})
	docs := prometheus.NewCounter(prometheus.CounterOpts{Name: "trustwatch_crawl_documents_total",
		Help: "Documents this worker published."})
	e.Metrics.MustRegister(tasks, docs)
	byID := map[string]source.Source{}
	for _, s := range e.Cfg.Loaded.Sources {
		byID[s.ID] = s
	}
	for {
		rec, err := c.Fetch(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("crawl tasks: %w", err)
		}
		outcome, n := e.crawlTask(ctx, rec, byID, sampleWebURL)
		if ctx.Err() != nil {
			return nil // not committed: the task is crawled again by whoever takes the partition
		}
		tasks.WithLabelValues(outcome).Inc()
		docs.Add(float64(n))
		if err := c.Commit(ctx, rec); err != nil && !errors.Is(err, context.Canceled) {
			e.Logger.Warn("crawl task not committed; it may be crawled again", "err", err)
		}
	}
}

// crawlTask crawls one task's source and says how it went.
func (e *Engine) crawlTask(ctx context.Context, rec bus.Record, byID map[string]source.Source, sampleWebURL string) (string, int) {
	t, err := crawler.DecodeTask(rec.Value)
	if err != nil {
		e.Logger.Error("skipping a message that is no crawl task", "partition", rec.Partition, "offset", rec.Offset, "err", err)
		return "invalid", 0
	}
	s, ok := byID[t.Source]
	if !ok {
		e.Logger.Error("skipping a crawl task of an unknown source", "source", t.Source)
		return "unknown", 0
	}
	rep, err := e.CrawlSources(ctx, sampleWebURL, []source.Source{s}, nil)
	if err != nil {
		e.Logger.Error("crawl task failed", "source", s.ID, "err", err)
		return "failed", rep.Documents
	}
	e.Logger.Info("crawl task done", "source", s.ID, "documents", rep.Documents)
	return "ok", rep.Documents
}
