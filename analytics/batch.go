package analytics

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/period"
)

// snapshot is what a batch of runs reads: the deduplicated views copied
// once, at the batch's start, into in-memory tables, and every indicator's
// evidence computed once over them with the day (and until) that place each
// row in periods. Every period of the batch then sees the same documents — a
// crawl landing mid-run cannot make two indicators disagree — and each
// period is a filter on the evidence, not a pass over the views
// (docs/architecture.md).
type snapshot struct {
	names map[string]string // view → snapshot table
	batch string            // the batch's id in index_evidence
}

// snapshotViews are the views indicator queries read, and what is copied of
// each: v_documents without its text (an indicator needing the body reads
// trustwatch.documents).
var snapshotViews = []struct{ view, columns string }{
	{"v_documents", "id, version, source, kind, url, title, published_at, fetched_at, fields, units, tokens, label, simhash"},
	{"v_signal_events", "*"},
	{"v_judgments", "*"},
}

// viewRe finds the snapshotted views in a query.
var viewRe = regexp.MustCompile(`\btrustwatch\.(v_documents|v_signal_events|v_judgments)\b`)

func (r *Ranker) takeSnapshot(ctx context.Context, batchID string, from time.Time) (*snapshot, error) {
	sn := &snapshot{names: map[string]string{}, batch: batchID}
	prefix := "trustwatch.snap_" + batchID + "_"
	for _, v := range snapshotViews {
		name := prefix + strings.TrimPrefix(v.view, "v_")
		sn.names[v.view] = name
		q := fmt.Sprintf("CREATE TABLE %s ENGINE = Memory AS SELECT %s FROM trustwatch.%s", name, v.columns, v.view)
		if err := r.o.Store.Exec(ctx, q); err != nil {
			sn.drop(ctx, r)
			return nil, fmt.Errorf("snapshot %s: %w", v.view, err)
		}
	}
	if err := r.batchEvidence(ctx, sn, from); err != nil {
		sn.drop(ctx, r)
		return nil, err
	}
	return sn, nil
}

// read rewrites a query to read the snapshot instead of the views.
func (sn *snapshot) read(q string) string {
	return viewRe.ReplaceAllStringFunc(q, func(m string) string { return sn.names[strings.TrimPrefix(m, "trustwatch.")] })
}

func (sn *snapshot) drop(ctx context.Context, r *Ranker) {
	for _, name := range mapValues(sn.names) {
		if err := r.o.Store.Exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+name); err != nil {
			r.o.Logger.Error("drop snapshot", "table", name, "err", err)
		}
	}
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// RankAll computes periods as one batch: events are grouped, the views
// read and every indicator's evidence computed once; each period is then a
// run of its own, recorded in job_runs. It goes on after a failed period and
// returns the runs that succeeded and every failure. progress, when not
// nil, is told of each period.
func (r *Ranker) RankAll(ctx context.Context, ps []period.Period, job string, progress ...func(i int, p period.Period, run Run, err error)) ([]Run, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	started := r.o.Now().UTC()
	batchID := strings.NewReplacer("T", "", "-", "").Replace(newRunID(started))
	from := ps[0].Start
	for _, p := range ps {
		if p.Start.Before(from) {
			from = p.Start
		}
	}
	events, err := r.GroupEvents(ctx)
	var sn *snapshot
	if err == nil {
		sn, err = r.takeSnapshot(ctx, batchID, from)
	}
	if err != nil {
		// Every period is recorded failed, with the reason: none is silently skipped.
		for i, p := range ps {
			run := Run{ID: newRunID(started), Period: p, Version: r.o.Index.Version}
			r.record(ctx, job, run, started, err)
			for _, f := range progress {
				f(i, p, run, err)
			}
		}
		return nil, fmt.Errorf("rank %s: %w", ps[0], err)
	}
	defer sn.drop(ctx, r)
	var runs []Run
	var errs []error
	for i, p := range ps {
		if ctx.Err() != nil {
			return runs, ctx.Err()
		}
		run, err := r.rankOne(ctx, sn, p, job, events)
		if err != nil {
			errs = append(errs, err)
		} else {
			runs = append(runs, run)
		}
		for _, f := range progress {
			f(i, p, run, err)
		}
	}
	return runs, errors.Join(errs...)
}
