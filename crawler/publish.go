package crawler

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/trustwatch/trustwatch/document"
)

// ErrRejected is wrapped by a PublishFunc's error when the topic refuses the
// documents for what they are (too large, invalid): sending them unchanged
// can never succeed, but other documents can. The crawler then publishes the
// batch one document at a time and records each refused one as a failed
// page. Any other publish error ends the source's crawl.
var ErrRejected = errors.New("documents rejected by the topic")

// pending is a document waiting to be published with the crawl state to
// record once it is: the state follows what the topic holds, never what was
// merely fetched, so a document that failed to publish is fetched and
// published again by the next crawl.
type pending struct {
	doc   document.Document
	key   string    // its key in the crawl state (stable URL, or record:<id>)
	state PageState // recorded after publication
	file  *fileJob  // the attachment a record came from, if any
}

// fileJob is an attachment whose validators wait until every new record of
// it is published.
type fileJob struct {
	key    string
	state  PageState
	mu     sync.Mutex
	left   int  // records queued and not yet settled
	queued bool // every record of the file is queued
	failed bool // a record failed to publish
}

func (f *fileJob) expect() {
	if f == nil {
		return // a record of a JSON API page: no file to record
	}
	f.mu.Lock()
	f.left++
	f.mu.Unlock()
}

// settle counts one record as published (ok) or not, and reports whether
// the file's state may now be recorded.
func (f *fileJob) settle(ok, queuedAll bool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if queuedAll {
		f.queued = true
	} else {
		f.left--
		f.failed = f.failed || !ok
	}
	return f.queued && f.left == 0 && !f.failed
}

// fileQueued marks every record of file as queued; the file's state is
// recorded now if none was new, or when its last record is published.
func (r *sourceRun) fileQueued(file *fileJob) {
	if file.settle(true, true) {
		r.record(file.key, file.state)
	}
}

// unchanged reports whether this version of the page or record was
// published by an earlier crawl.
func (r *sourceRun) unchanged(key, version string) bool {
	if r.c.o.State == nil {
		return false
	}
	before, ok := r.c.o.State.get(r.src.ID, key)
	return ok && before.Version == version
}

func (r *sourceRun) record(key string, ps PageState) {
	if r.c.o.State != nil {
		r.c.o.State.put(r.src.ID, key, ps)
	}
}

// add fits a document to the topic's message size, queues it, and publishes
// a full batch.
func (r *sourceRun) add(ctx context.Context, p pending) {
	if limit := r.c.o.MaxDocumentBytes; limit > 0 {
		cut, err := p.doc.Fit(limit)
		if err != nil {
			r.failed(p.doc.URL, 0, err)
			r.count(func(rep *SourceReport) { rep.Unpublished++ })
			r.settle(p, false)
			return
		}
		if cut {
			r.count(func(rep *SourceReport) { rep.Truncated++ })
			r.c.o.Logger.Warn("document truncated to the message size", "source", r.src.ID, "url", p.doc.URL, "bytes", p.doc.Truncated, "max", limit)
		}
	}
	r.mu.Lock()
	r.batch = append(r.batch, p)
	full := len(r.batch) >= r.c.o.BatchSize
	r.mu.Unlock()
	if full {
		r.flush(ctx)
	}
}

// flush publishes the queued documents and records their state. A batch the
// topic rejects is published one document at a time, so one bad document
// does not take the others with it.
func (r *sourceRun) flush(ctx context.Context) {
	r.mu.Lock()
	batch := r.batch
	r.batch = nil
	r.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	defer r.checkpoint(ctx)
	err := r.c.o.Publish(ctx, docsOf(batch))
	if err == nil {
		r.published(batch)
		return
	}
	if !errors.Is(err, ErrRejected) {
		r.fatal(err, batch)
		return
	}
	for i, p := range batch {
		err := r.c.o.Publish(ctx, []document.Document{p.doc})
		switch {
		case err == nil:
			r.published(batch[i : i+1])
		case errors.Is(err, ErrRejected):
			r.failed(p.doc.URL, 0, fmt.Errorf("publish: %w", err))
			r.count(func(rep *SourceReport) { rep.Unpublished++ })
			r.settle(p, false)
		default:
			r.fatal(err, batch[i:])
			return
		}
	}
}

func docsOf(batch []pending) []document.Document {
	out := make([]document.Document, len(batch))
	for i, p := range batch {
		out[i] = p.doc
	}
	return out
}

// checkpoint writes a shared crawl state after a batch, so a worker taking
// the source over republishes at most the batch in flight. A failure is
// logged: the state is written again at the end of the crawl, and a
// document published twice is stored once.
func (r *sourceRun) checkpoint(ctx context.Context) {
	if st := r.c.o.State; st != nil {
		if err := st.checkpoint(ctx, r.src.ID); err != nil {
			r.c.o.Logger.Warn("crawl state not saved", "source", r.src.ID, "err", err)
		}
	}
}

// published records the state of documents the topic now holds.
func (r *sourceRun) published(batch []pending) {
	for _, p := range batch {
		r.record(p.key, p.state)
		r.settle(p, true)
	}
	r.count(func(rep *SourceReport) { rep.Documents += len(batch) })
}

// settle tells a record's attachment how its publication went.
func (r *sourceRun) settle(p pending, ok bool) {
	if p.file != nil && p.file.settle(ok, false) {
		r.record(p.file.key, p.file.state)
	}
}

// fatal keeps the first publish error, which ends the source's crawl; the
// documents of the batch stay unrecorded, so the next crawl publishes them.
func (r *sourceRun) fatal(err error, batch []pending) {
	for _, p := range batch {
		r.settle(p, false)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.Unpublished += len(batch)
	if r.pubErr == nil {
		r.pubErr = fmt.Errorf("publish %d documents: %w", len(batch), err)
	}
}
