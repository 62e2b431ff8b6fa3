package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/text"
)

// Reasons a message goes to the dead-letter topic (header "reason").
const (
	ReasonDecode    = "undecodable"      // not a document
	ReasonSchema    = "unknown_schema"   // another schema version
	ReasonOversized = "oversized"        // over MaxMessageBytes
	ReasonRejected  = "store_rejected"   // the store refused its rows as invalid
	ReasonDate      = "implausible_date" // published before 1990 or in the future (document.DateWindow)
)

// item is one record on its way to the store.
type item struct {
	rec    bus.Record
	doc    document.Document
	res    text.Result
	reason string // non-empty: goes to the dead-letter topic
	detail string
}

// flush stores a prepared batch, sends its bad messages to the dead-letter
// topic, then commits its offsets. Transient failures are retried until ctx
// ends; only then does flush fail, with nothing committed.
func (in *Ingest) flush(ctx context.Context, items []item) error {
	start := time.Now()
	if err := in.storeItems(ctx, items); err != nil {
		return err
	}
	in.o.Metrics.InsertSeconds.Observe(time.Since(start).Seconds())
	if err := in.deadLetter(ctx, items); err != nil {
		return err
	}
	recs := make([]bus.Record, len(items))
	for i, it := range items {
		recs[i] = it.rec
	}
	if err := in.retry(ctx, "commit offsets", bus.Transient, func() error { return in.o.Consumer.Commit(ctx, recs...) }); err != nil {
		return err
	}
	in.account(items)
	return nil
}

// prepareOne decodes and analyses one record, or says why it goes to the
// dead-letter topic. It runs in the worker pool of collect.
func (in *Ingest) prepareOne(r bus.Record) item {
	it := item{rec: r}
	if len(r.Value) > in.o.MaxMessageBytes {
		it.reason, it.detail = ReasonOversized, fmt.Sprintf("%d bytes > %d", len(r.Value), in.o.MaxMessageBytes)
		return it
	}
	d, err := document.Decode(r.Value)
	switch {
	case errors.Is(err, document.ErrSchema):
		it.reason, it.detail = ReasonSchema, err.Error()
	case err != nil:
		it.reason, it.detail = ReasonDecode, err.Error()
	default:
		if err := checkDate(d, in.o.Dates); err != nil {
			it.reason, it.detail = ReasonDate, err.Error()
		}
	}
	if it.reason != "" {
		return it
	}
	if d.Analysis != nil {
		it.doc, it.res = d, *d.Analysis // pre-enriched upstream
	} else {
		it.doc, it.res = d, in.o.Analyzer.Analyze(d)
	}
	if it.res.Simhash == 0 {
		// The fingerprint that groups reposts into events is ingest's, not the
		// analyzer's: it is computed here, in the worker pool, for analysed
		// documents and for pre-enriched ones that lack it.
		it.res.Simhash = text.Fingerprint(d.Title, d.Text)
	}
	return it
}

// checkDate refuses a publication date no one would believe (document
// .DateWindow), judged against when the document was fetched; a document
// without a date is accepted.
func checkDate(d document.Document, w document.DateWindow) error {
	if d.PublishedAt.IsZero() {
		return nil
	}
	now := d.FetchedAt
	if now.IsZero() {
		now = time.Now()
	}
	return w.Check(d.PublishedAt, now)
}

// storeItems inserts the good items' documents, then their signals. When the
// store rejects a batch as invalid, each document is tried alone and the ones
// it still rejects are marked for the dead-letter topic.
func (in *Ingest) storeItems(ctx context.Context, items []item) error {
	good := goodItems(items)
	if len(good) == 0 {
		return nil
	}
	err := in.retry(ctx, "store batch", store.Transient, func() error { return in.insert(ctx, good) })
	if err == nil || store.Transient(err) || ctx.Err() != nil {
		return err // stored, or not storable now: nothing is committed
	}
	in.o.Logger.Warn("store rejected a batch; storing its documents one by one", "documents", len(good), "err", err)
	for _, it := range good {
		err := in.retry(ctx, "store document", store.Transient, func() error { return in.insert(ctx, []*item{it}) })
		if err != nil && (store.Transient(err) || ctx.Err() != nil) {
			return err
		}
		if err != nil {
			it.reason, it.detail = ReasonRejected, err.Error()
		}
	}
	return nil
}

func goodItems(items []item) []*item {
	var out []*item
	for i := range items {
		if items[i].reason == "" {
			out = append(out, &items[i])
		}
	}
	return out
}

func (in *Ingest) insert(ctx context.Context, items []*item) error {
	now := time.Now().UTC()
	var docs, sigs, judgments [][]any
	for _, it := range items {
		doc, s := Rows(it.doc, it.res, now)
		docs = append(docs, doc)
		sigs = append(sigs, s...)
		if j, ok := JudgmentRow(it.doc, it.res, now); ok {
			judgments = append(judgments, j)
		}
	}
	if err := in.o.Store.Insert(ctx, store.Database+".documents", DocumentColumns, docs); err != nil {
		return fmt.Errorf("store %d documents: %w", len(docs), err)
	}
	if err := in.o.Store.Insert(ctx, store.Database+".signals", SignalColumns, sigs); err != nil {
		return fmt.Errorf("store signals of %d documents: %w", len(docs), err)
	}
	if err := in.o.Store.Insert(ctx, store.Database+".judgments", JudgmentColumns, judgments); err != nil {
		return fmt.Errorf("store judgments of %d documents: %w", len(docs), err)
	}
	return nil
}

// deadLetter publishes the bad items with their reason before their offsets
// are committed, so a bad message is never lost either.
func (in *Ingest) deadLetter(ctx context.Context, items []item) error {
	var msgs []bus.Message
	for _, it := range items {
		if it.reason == "" {
			continue
		}
		in.o.Logger.Warn("message to dead-letter topic", "reason", it.reason, "partition", it.rec.Partition, "offset", it.rec.Offset, "detail", it.detail)
		msgs = append(msgs, bus.Message{Key: it.rec.Key, Value: it.rec.Value, Headers: map[string]string{
			"reason": it.reason, "detail": it.detail, "partition": strconv.Itoa(it.rec.Partition),
			"offset": strconv.FormatInt(it.rec.Offset, 10), "failed_at": time.Now().UTC().Format(time.RFC3339),
		}})
	}
	if len(msgs) == 0 {
		return nil
	}
	return in.retry(ctx, "publish to dead-letter topic", bus.Transient, func() error { return in.o.DeadLetters.Publish(ctx, msgs...) })
}

// retry runs op until it succeeds, fails with an error that transient says
// cannot pass by retrying, or ctx ends; waits double from 100 ms up to
// MaxBackoff.
func (in *Ingest) retry(ctx context.Context, what string, transient func(error) bool, op func() error) error {
	wait := 100 * time.Millisecond
	for {
		err := op()
		if err == nil || !transient(err) {
			return err
		}
		in.retries.Add(1)
		in.o.Metrics.Retries.Inc()
		in.o.Logger.Warn("retrying", "op", what, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: gave up at shutdown: %w", what, err)
		case <-time.After(wait):
		}
		wait = min(2*wait, in.o.MaxBackoff)
	}
}

// account updates counters and metrics for a committed batch.
func (in *Ingest) account(items []item) {
	m := in.o.Metrics
	m.BatchSize.Observe(float64(len(items)))
	m.Lag.Set(float64(in.o.Consumer.Lag()))
	for _, it := range items {
		if it.reason != "" {
			in.dead.Add(1)
			m.DeadLetters.WithLabelValues(it.reason).Inc()
			continue
		}
		in.stored.Add(1)
		in.signals.Add(int64(len(it.res.Signals)))
		m.Signals.Add(float64(len(it.res.Signals)))
		m.Documents.WithLabelValues(it.doc.Source, it.doc.Kind).Inc()
	}
	in.batches.Add(1)
	in.o.Logger.Debug("batch stored", "messages", len(items))
}
