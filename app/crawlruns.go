package app

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/table"
)

// RecordCrawl stores a crawl's per-source statistics in crawl_runs and its
// failed pages in crawl_errors.
func (e *Engine) RecordCrawl(ctx context.Context, rep crawler.Report) error {
	var runs, errs [][]any
	for _, s := range rep.Sources {
		healthy := uint8(0)
		if s.Healthy {
			healthy = 1
		}
		runs = append(runs, []any{rep.RunID, s.Source, s.Started, s.Finished, uint32(s.Pages), uint32(s.Documents),
			uint32(s.Errors), uint32(s.Retries), healthy, s.Health})
		for _, f := range s.Failures {
			errs = append(errs, []any{rep.RunID, s.Source, f.URL, uint16(f.Status), f.Reason, f.At})
		}
	}
	cols := []string{"run_id", "source", "started_at", "finished_at", "pages", "documents", "errors", "retries", "healthy", "health"}
	if err := e.Store.Insert(ctx, store.Database+".crawl_runs", cols, runs); err != nil {
		return fmt.Errorf("record crawl run: %w", err)
	}
	if err := e.Store.Insert(ctx, store.Database+".crawl_errors", []string{"run_id", "source", "url", "status", "reason", "at"}, errs); err != nil {
		return fmt.Errorf("record crawl errors: %w", err)
	}
	return nil
}

// CrawlReport prints each source's latest crawl and the latest failed pages.
func (e *Engine) CrawlReport(ctx context.Context, out io.Writer) error {
	runs, err := crawler.LatestRuns(ctx, e.Store)
	if err != nil {
		return err
	}
	t := table.Table{Header: []string{"source", "last crawl (UTC)", "pages", "documents", "errors", "retries", "health"},
		Right: map[int]bool{2: true, 3: true, 4: true, 5: true}}
	for _, r := range runs {
		health := "ok"
		if !r.Healthy {
			health = "UNHEALTHY: " + r.Health
		}
		t.Rows = append(t.Rows, []string{r.Source, r.Started.UTC().Format("2006-01-02 15:04:05.000"), strconv.Itoa(r.Pages), strconv.Itoa(r.Documents),
			strconv.Itoa(r.Errors), strconv.Itoa(r.Retries), health})
	}
	if err := t.Write(out); err != nil {
		return err
	}
	fails, err := crawler.LatestFailures(ctx, e.Store, 20)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nlatest failed pages (%d shown)\n", len(fails))
	ft := table.Table{Header: []string{"at", "source", "status", "url", "reason"}}
	for _, f := range fails {
		ft.Rows = append(ft.Rows, []string{f.At.UTC().Format("2006-01-02 15:04:05.000"), f.Source, strconv.Itoa(f.Status), f.URL, f.Reason})
	}
	return ft.Write(out)
}
