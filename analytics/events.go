package analytics

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/text"
)

// EventWindow is how far apart in time two documents may be published and
// still report one event: reposts follow within days.
const EventWindow = 7 * 24 * time.Hour

// EventStats is what one grouping found.
type EventStats struct {
	Documents int // documents with a unit, considered
	Events    int // events they form
	Grouped   int // documents in an event with others
	Changed   int // document_events rows written
}

// eventDoc is what grouping needs of a document.
type eventDoc struct {
	ID      string   `json:"id"`
	Source  string   `json:"source"`
	Units   []string `json:"units"`
	T       int64    `json:"t"`
	Simhash string   `json:"h"`
	Event   string   `json:"event"`
	hash    uint64
}

// GroupEvents finds the documents that report one event — from different
// sources, about a shared unit, published within EventWindow, with simhash
// fingerprints at most text.MaxEventDistance bits apart — and records the
// event of each document whose event changed. An event's id is its smallest
// document id, so it stays put as reposts join it. Ranking counts events.
func (r *Ranker) GroupEvents(ctx context.Context) (EventStats, error) {
	var docs []eventDoc
	q := `SELECT d.id AS id, d.source AS source, d.units AS units, toUnixTimestamp(d.published_at) AS t,
  toString(d.simhash) AS h, e.event_id AS event
FROM trustwatch.v_documents AS d LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = d.id
WHERE notEmpty(d.units) AND d.simhash != 0 ORDER BY d.id`
	if err := r.o.Store.SelectInto(ctx, q, &docs); err != nil {
		return EventStats{}, fmt.Errorf("group events: %w", err)
	}
	for i := range docs {
		h, err := strconv.ParseUint(docs[i].Simhash, 10, 64)
		if err != nil {
			return EventStats{}, fmt.Errorf("group events: document %s: bad simhash %q", docs[i].ID, docs[i].Simhash)
		}
		docs[i].hash = h
	}
	events := groupEvents(docs)
	st := EventStats{Documents: len(docs)}
	var rows [][]any
	now := r.o.Now().UTC()
	size := map[string]int{}
	for _, e := range events {
		size[e]++
	}
	for i, d := range docs {
		if events[i] == d.ID {
			st.Events++
		}
		if size[events[i]] > 1 {
			st.Grouped++
		}
		if old := orSelf(d.Event, d.ID); old != events[i] {
			rows = append(rows, []any{d.ID, events[i], now})
		}
	}
	st.Changed = len(rows)
	if len(rows) == 0 {
		return st, nil
	}
	err := r.o.Store.Insert(ctx, store.Database+".document_events", []string{"doc_id", "event_id", "computed_at"}, rows)
	if err != nil {
		return st, fmt.Errorf("group events: %w", err)
	}
	return st, nil
}

func orSelf(event, id string) string {
	if event == "" {
		return id
	}
	return event
}

// groupEvents returns the event id of each document (docs sorted by id):
// documents are compared only within one unit and EventWindow, so the cost
// follows how many documents a unit has in a week, not the square of all.
func groupEvents(docs []eventDoc) []string {
	uf := newUnionFind(len(docs))
	byUnit := map[string][]int{}
	for i, d := range docs {
		for _, u := range d.Units {
			byUnit[u] = append(byUnit[u], i)
		}
	}
	window := int64(EventWindow / time.Second)
	for _, idx := range byUnit {
		sort.Slice(idx, func(a, b int) bool { return docs[idx[a]].T < docs[idx[b]].T })
		for a, i := range idx {
			for _, j := range idx[a+1:] {
				if docs[j].T-docs[i].T > window {
					break
				}
				if docs[i].Source != docs[j].Source && text.Distance(docs[i].hash, docs[j].hash) <= text.MaxEventDistance {
					uf.union(i, j)
				}
			}
		}
	}
	out := make([]string, len(docs))
	for i := range docs {
		out[i] = docs[uf.find(i)].ID
	}
	return out
}

// unionFind keeps the smallest index as each set's root; docs are sorted by
// id, so the root is the event's smallest document id.
type unionFind []int

func newUnionFind(n int) unionFind {
	uf := make(unionFind, n)
	for i := range uf {
		uf[i] = i
	}
	return uf
}

func (uf unionFind) find(i int) int {
	for uf[i] != i {
		uf[i] = uf[uf[i]]
		i = uf[i]
	}
	return i
}

func (uf unionFind) union(a, b int) {
	ra, rb := uf.find(a), uf.find(b)
	switch {
	case ra < rb:
		uf[rb] = ra
	case rb < ra:
		uf[ra] = rb
	}
}
