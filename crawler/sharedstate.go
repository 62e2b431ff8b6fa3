package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// sharedState keeps the crawl state in the store's crawl_state table, where
// every crawler process reads and writes it.
type sharedState struct {
	st  *store.Store
	now func() time.Time
}

// OpenSharedState returns a crawl state kept in the store.
func OpenSharedState(st *store.Store) *State {
	return &State{shared: &sharedState{st: st, now: time.Now}, Pages: map[string]map[string]PageState{},
		dirty: map[string]map[string]PageState{}}
}

// refresh reads a source's state from the store before its crawl: another
// process may have crawled it since.
func (s *State) refresh(ctx context.Context, source string) error {
	if s.shared == nil {
		return nil
	}
	var rows []struct {
		URL          string `json:"url"`
		ETag         string `json:"e"`
		LastModified string `json:"lm"`
		Version      string `json:"v"`
		Records      int    `json:"r"`
	}
	q := "SELECT url, argMax(etag, saved_at) AS e, argMax(last_modified, saved_at) AS lm, argMax(version, saved_at) AS v, " +
		"toInt64(argMax(records, saved_at)) AS r FROM trustwatch.crawl_state WHERE source = " + store.Quote(source) + " GROUP BY url"
	if err := s.shared.st.SelectInto(ctx, q, &rows); err != nil {
		return fmt.Errorf("read the crawl state of %s: %w", source, err)
	}
	pages := make(map[string]PageState, len(rows))
	for _, r := range rows {
		pages[r.URL] = PageState{ETag: r.ETag, LastModified: r.LastModified, Version: r.Version, Records: r.Records}
	}
	s.mu.Lock()
	s.Pages[source] = pages
	s.mu.Unlock()
	return nil
}

// checkpoint writes what was put since the last checkpoint, for one source
// or ("") all; nothing for a file state, which Save writes whole.
func (s *State) checkpoint(ctx context.Context, source string) error {
	if s.shared == nil {
		return nil
	}
	s.mu.Lock()
	var rows [][]any
	at := s.shared.now().UTC()
	for src, pages := range s.dirty {
		if source != "" && src != source {
			continue
		}
		for u, p := range pages {
			rows = append(rows, []any{src, u, p.ETag, p.LastModified, p.Version, uint32(p.Records), at})
		}
		delete(s.dirty, src)
	}
	s.mu.Unlock()
	cols := []string{"source", "url", "etag", "last_modified", "version", "records", "saved_at"}
	if err := s.shared.st.Insert(context.WithoutCancel(ctx), store.Database+".crawl_state", cols, rows); err != nil {
		return fmt.Errorf("save the crawl state: %w", err)
	}
	return nil
}
