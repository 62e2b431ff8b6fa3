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
	var runs []struct {
		Source    string `json:"source"`
		Started   string `json:"started"`
		Pages     int    `json:"pages"`
		Documents int    `json:"documents"`
		Errors    int    `json:"errors"`
		Retries   int    `json:"retries"`
		Healthy   int    `json:"healthy"`
		Health    string `json:"health"`
	}
	q := `SELECT source, toString(started_at) AS started, pages, documents, errors, retries, healthy, health
FROM trustwatch.crawl_runs ORDER BY source, started_at DESC LIMIT 1 BY source`
	if err := e.Store.SelectInto(ctx, q, &runs); err != nil {
		return err
	}
	t := table.Table{Header: []string{"source", "last crawl (UTC)", "pages", "documents", "errors", "retries", "health"},
		Right: map[int]bool{2: true, 3: true, 4: true, 5: true}}
	for _, r := range runs {
		health := "ok"
		if r.Healthy == 0 {
			health = "UNHEALTHY: " + r.Health
		}
		t.Rows = append(t.Rows, []string{r.Source, r.Started, strconv.Itoa(r.Pages), strconv.Itoa(r.Documents),
			strconv.Itoa(r.Errors), strconv.Itoa(r.Retries), health})
	}
	if err := t.Write(out); err != nil {
		return err
	}
	errs, err := e.Store.Select(ctx, `SELECT toString(at) AS at, source, status, url, reason
FROM trustwatch.crawl_errors ORDER BY at DESC LIMIT 20`)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nlatest failed pages (%d shown)\n", len(errs.Rows))
	return table.FromRows(errs.Columns, errs.Rows).Write(out)
}
