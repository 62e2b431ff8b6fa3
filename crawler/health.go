package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// The crawl statistics app records in crawl_runs and crawl_errors, read
// back for `crawl -report` and the desk's 来源 page.

// SourceRun is a source's latest crawl.
type SourceRun struct {
	Source    string    `json:"source"`
	Started   time.Time `json:"started_at"`
	Pages     int       `json:"pages"`
	Documents int       `json:"documents"`
	Errors    int       `json:"errors"`
	Retries   int       `json:"retries"`
	Healthy   bool      `json:"healthy"`
	Health    string    `json:"health"`
}

// PageFailure is a page a crawl could not use.
type PageFailure struct {
	At     time.Time `json:"at"`
	Source string    `json:"source"`
	Status int       `json:"status"`
	URL    string    `json:"url"`
	Reason string    `json:"reason"`
}

// LatestRuns reads each source's latest crawl, by source.
func LatestRuns(ctx context.Context, s *store.Store) ([]SourceRun, error) {
	var out []SourceRun
	q := `SELECT toString(source) AS source, started_at, pages, documents, errors, retries, toBool(healthy) AS healthy, health
FROM trustwatch.crawl_runs ORDER BY source, started_at DESC LIMIT 1 BY source`
	if err := s.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read crawl runs: %w", err)
	}
	return out, nil
}

// LatestFailures reads the n latest failed pages, newest first.
func LatestFailures(ctx context.Context, s *store.Store, n int) ([]PageFailure, error) {
	var out []PageFailure
	q := fmt.Sprintf(`SELECT at, toString(source) AS source, toUInt16(status) AS status, url, reason
FROM trustwatch.crawl_errors ORDER BY at DESC LIMIT %d`, n)
	if err := s.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read crawl errors: %w", err)
	}
	return out, nil
}

// FailuresSince counts each source's failed pages since t.
func FailuresSince(ctx context.Context, s *store.Store, t time.Time) (map[string]int, error) {
	var rows []struct {
		Source string `json:"source"`
		N      int    `json:"n"`
	}
	q := `SELECT toString(source) AS source, toUInt32(count()) AS n FROM trustwatch.crawl_errors WHERE at >= toDateTime64(` +
		store.Quote(t.UTC().Format("2006-01-02 15:04:05")) + `, 3, 'UTC') GROUP BY source`
	if err := s.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read crawl errors: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Source] = r.N
	}
	return out, nil
}
