// Package ingest moves documents from the documents topic into the store:
// it reads as a consumer group, analyses each document (package text), writes
// documents and their signals in batches, and commits offsets only after the
// batch is stored — so a crash replays, and the store's versioned tables
// absorb the replay.
//
// It owns batching and the commit order. It does not decide what a document
// means (text) or how tables are laid out (store).
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/text"
)

// Consumer is the part of bus.Consumer that ingest uses.
type Consumer interface {
	Fetch(ctx context.Context) (bus.Record, error)
	Commit(ctx context.Context, recs ...bus.Record) error
}

// Options configure ingest.
type Options struct {
	Consumer     Consumer       // required
	Store        *store.Store   // required
	Analyzer     *text.Analyzer // required
	BatchSize    int            // documents per insert, default 500
	BatchTimeout time.Duration  // flush a partial batch after, default 1s
	Logger       *slog.Logger   // default slog.Default()
}

// Stats count what ingest has done since it started.
type Stats struct {
	Stored  int64 // documents stored
	Signals int64 // signals stored
	Bad     int64 // messages that could not be decoded, skipped
	Batches int64
}

// Ingest is the running consumer.
type Ingest struct {
	o                             Options
	stored, signals, bad, batches atomic.Int64
}

// New checks the options.
func New(o Options) (*Ingest, error) {
	if o.Consumer == nil || o.Store == nil || o.Analyzer == nil {
		return nil, errors.New("ingest: consumer, store and analyzer are required")
	}
	if o.BatchSize == 0 {
		o.BatchSize = 500
	}
	if o.BatchTimeout == 0 {
		o.BatchTimeout = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Ingest{o: o}, nil
}

// Stats returns the counters.
func (in *Ingest) Stats() Stats {
	return Stats{Stored: in.stored.Load(), Signals: in.signals.Load(), Bad: in.bad.Load(), Batches: in.batches.Load()}
}

// Run consumes until ctx ends, then stores and commits what it already read.
func (in *Ingest) Run(ctx context.Context) error {
	fetchCtx, stopFetch := context.WithCancel(ctx)
	defer stopFetch()
	recs := make(chan bus.Record)
	fetchErr := make(chan error, 1)
	go func() { fetchErr <- in.fetch(fetchCtx, recs) }()
	err := in.batchLoop(ctx, recs)
	stopFetch() // a failed batch ends the run: stop fetching too
	for range recs {
		// drain what fetch was handing over; it is not committed and will be read again
	}
	if ferr := <-fetchErr; err == nil && ferr != nil && !errors.Is(ferr, context.Canceled) {
		err = ferr
	}
	return err
}

// fetch feeds records to out until ctx ends or the consumer fails.
func (in *Ingest) fetch(ctx context.Context, out chan<- bus.Record) error {
	defer close(out)
	for {
		r, err := in.o.Consumer.Fetch(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("fetch from documents topic: %w", err)
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return ctx.Err() // r is not committed: it will be read again
		}
	}
}

func (in *Ingest) batchLoop(ctx context.Context, recs <-chan bus.Record) error {
	var batch []bus.Record
	timer := time.NewTimer(in.o.BatchTimeout)
	defer timer.Stop()
	for {
		select {
		case r, ok := <-recs:
			if !ok {
				return in.final(batch)
			}
			batch = append(batch, r)
			if len(batch) < in.o.BatchSize {
				continue
			}
		case <-timer.C:
		}
		if err := in.flush(ctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		timer.Reset(in.o.BatchTimeout)
	}
}

// final stores what was read before shutdown, with its own deadline since
// the run's context is already done.
func (in *Ingest) final(batch []bus.Record) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return in.flush(ctx, batch)
}

// flush stores a batch, then commits its offsets.
func (in *Ingest) flush(ctx context.Context, batch []bus.Record) error {
	if len(batch) == 0 {
		return nil
	}
	docs, sigs, bad := in.prepare(batch)
	if err := in.o.Store.Insert(ctx, store.Database+".documents", documentColumns, docs); err != nil {
		return fmt.Errorf("store batch of %d documents: %w", len(docs), err)
	}
	if err := in.o.Store.Insert(ctx, store.Database+".signals", signalColumns, sigs); err != nil {
		return fmt.Errorf("store signals of %d documents: %w", len(docs), err)
	}
	if err := in.o.Consumer.Commit(ctx, batch...); err != nil {
		return err
	}
	in.stored.Add(int64(len(docs)))
	in.signals.Add(int64(len(sigs)))
	in.bad.Add(int64(bad))
	in.batches.Add(1)
	in.o.Logger.Debug("batch stored", "documents", len(docs), "signals", len(sigs), "bad", bad)
	return nil
}

// prepare decodes and analyses a batch into rows; undecodable messages are
// logged and skipped (issue: a dead-letter topic keeps them).
func (in *Ingest) prepare(batch []bus.Record) (docs, sigs [][]any, bad int) {
	now := time.Now().UTC()
	for _, r := range batch {
		d, err := document.Decode(r.Value)
		if err != nil {
			bad++
			in.o.Logger.Warn("bad message skipped", "partition", r.Partition, "offset", r.Offset, "err", err)
			continue
		}
		res := in.o.Analyzer.Analyze(d)
		docs = append(docs, documentRow(d, res, now))
		for _, s := range res.Signals {
			sigs = append(sigs, signalRow(d, s, now))
		}
	}
	return docs, sigs, bad
}
