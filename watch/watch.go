// Package watch watches the 权力和责任清单 units show on their sites (plan
// item 11: shown and 动态更新) as a change-detection tool watches pages: for
// each list, every version the crawler saw and when, each item's content hash
// with when it was first seen and last changed, what the latest update added,
// removed and changed, whether the list is stale, and the links of the lists'
// sources that are broken.
//
// It owns the reading of list versions and their diff. The versions are the
// documents of sources of kind powerlist (v_list_versions, migration 0014);
// the index scores how current the lists are from the same view
// (configs/index/powerlist_fresh.sql) so the watcher and the score agree.
package watch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// Item is one 事项 of a list as it stands now.
type Item struct {
	Code      string    // 事项编码, the first word of its row
	Row       string    // the row as the page writes it
	Hash      string    // the row's content hash (first 12 hex of SHA-256)
	FirstSeen time.Time // the first crawl that saw the code
	Changed   time.Time // the first crawl that saw the row as it is now
}

// Change is an item added, removed or changed by an update.
type Change struct {
	Kind          string // added, removed, changed
	Code          string
	Before, After string // the rows; empty when added or removed
}

// List is one unit's list with its history.
type List struct {
	DocID, Title, URL, Source string
	Units                     []string
	Versions                  int
	FirstSeen, LastSeen       time.Time
	// LastUpdate is the last real update the index uses: the day a crawl
	// first saw the items change, or the 清单更新日期 the first version claimed.
	LastUpdate string
	// StaleFrom is when the list goes (or went) stale: Rule.Months after
	// the 上级 next changed, or Rule.MaxMonths after LastUpdate.
	StaleFrom time.Time
	Stale     bool // StaleFrom is not after now
	Upstream  bool // the 上级's catalogue itself: a list about no unit
	Items     []Item
	// Changes is the latest update the crawler saw (empty: none seen), made
	// between the crawls of ChangedFrom and ChangedAt.
	Changes                []Change
	ChangedFrom, ChangedAt time.Time
}

type version struct {
	DocID   string    `json:"doc_id"`
	Seen    time.Time `json:"seen"`
	Units   []string  `json:"units"`
	Title   string    `json:"title"`
	URL     string    `json:"url"`
	Source  string    `json:"source"`
	Items   string    `json:"items"`
	Claimed string    `json:"claimed"`
}

// Rule is when a list goes stale, as the index's powerlist_fresh params say:
// Months after the 上级 changed without the unit following, or MaxMonths
// after its last update whatever the 上级 did.
type Rule struct{ Months, MaxMonths int }

// RuleOf reads the rule from the index's powerlist_fresh params; without
// that indicator, 3 and 24 months.
func RuleOf(sys *index.System) Rule {
	r := Rule{Months: 3, MaxMonths: 24}
	for _, in := range sys.Indicators() {
		if in.ID != "powerlist_fresh" {
			continue
		}
		if v, err := strconv.Atoi(in.Params["months"]); err == nil {
			r.Months = v
		}
		if v, err := strconv.Atoi(in.Params["max_months"]); err == nil {
			r.MaxMonths = v
		}
	}
	return r
}

// Lists reads every list (unitID: only that unit's, and the 上级's), oldest
// version first, and works out its items, its latest update and whether it
// is stale by now.
func Lists(ctx context.Context, s *store.Store, unitID string, rule Rule, now time.Time) ([]List, error) {
	where := "1"
	if unitID != "" {
		where = "(has(units, " + store.Quote(unitID) + ") OR empty(units))"
	}
	var vs []version
	q := "SELECT doc_id, seen, units, title, url, source, items, claimed FROM trustwatch.v_list_versions WHERE " + where + " ORDER BY doc_id, seen"
	if err := s.SelectInto(ctx, q, &vs); err != nil {
		return nil, fmt.Errorf("read list versions: %w", err)
	}
	var updates []struct {
		DocID      string   `json:"doc_id"`
		LastUpdate string   `json:"last_update"`
		Upstream   bool     `json:"upstream"`
		Days       []string `json:"days"`
	}
	q = "SELECT doc_id, ifNull(toString(last_update), '') AS last_update, toBool(empty(units)) AS upstream, arrayMap(d -> toString(d), updates) AS days FROM trustwatch.v_powerlists WHERE " + where
	if err := s.SelectInto(ctx, q, &updates); err != nil {
		return nil, fmt.Errorf("read lists: %w", err)
	}
	last := map[string]string{}
	var upstream []time.Time // every update of the 上级's catalogue
	for _, u := range updates {
		last[u.DocID] = u.LastUpdate
		for _, d := range u.Days {
			if t, err := time.Parse("2006-01-02", d); err == nil && u.Upstream {
				upstream = append(upstream, t)
			}
		}
	}
	var out []List
	for len(vs) > 0 {
		n := 1
		for n < len(vs) && vs[n].DocID == vs[0].DocID {
			n++
		}
		l := build(vs[:n])
		l.LastUpdate, l.Upstream = last[l.DocID], len(l.Units) == 0
		if d, err := time.Parse("2006-01-02", l.LastUpdate); err == nil && !l.Upstream {
			l.StaleFrom = rule.staleFrom(d, upstream)
			l.Stale = !l.StaleFrom.After(now)
		}
		out = append(out, l)
		vs = vs[n:]
	}
	return out, nil
}

// build works out a list from its versions, oldest first.
func build(vs []version) List {
	latest := vs[len(vs)-1]
	l := List{DocID: latest.DocID, Title: latest.Title, URL: latest.URL, Source: latest.Source, Units: latest.Units,
		Versions: len(vs), FirstSeen: vs[0].Seen, LastSeen: latest.Seen}
	first := map[string]time.Time{} // code → first seen
	since := map[string]time.Time{} // code → the row's current text first seen
	var prev map[string]string
	for i, v := range vs {
		rows := parse(v.Items)
		for code, row := range rows {
			if _, ok := first[code]; !ok {
				first[code] = v.Seen
			}
			if prev[code] != row {
				since[code] = v.Seen
			}
		}
		if i > 0 {
			if ch := diff(prev, rows); len(ch) > 0 {
				l.Changes, l.ChangedFrom, l.ChangedAt = ch, vs[i-1].Seen, v.Seen
			}
		}
		prev = rows
	}
	for code, row := range prev {
		sum := sha256.Sum256([]byte(row))
		l.Items = append(l.Items, Item{Code: code, Row: row, Hash: hex.EncodeToString(sum[:6]), FirstSeen: first[code], Changed: since[code]})
	}
	slices.SortFunc(l.Items, func(a, b Item) int { return strings.Compare(a.Code, b.Code) })
	return l
}

// parse splits a list's 事项清单 into rows by their code (the first word).
func parse(items string) map[string]string {
	out := map[string]string{}
	for _, row := range strings.Split(items, "；") {
		row = strings.TrimSpace(row)
		if row == "" {
			continue
		}
		code, _, _ := strings.Cut(row, " ")
		out[code] = row
	}
	return out
}

// diff lists what changed from one version's rows to the next, by code.
func diff(before, after map[string]string) []Change {
	var out []Change
	for code, row := range after {
		switch old, ok := before[code]; {
		case !ok:
			out = append(out, Change{Kind: "added", Code: code, After: row})
		case old != row:
			out = append(out, Change{Kind: "changed", Code: code, Before: old, After: row})
		}
	}
	for code, row := range before {
		if _, ok := after[code]; !ok {
			out = append(out, Change{Kind: "removed", Code: code, Before: row})
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Broken is a link of a list source that failed in its latest crawl.
type Broken struct {
	Source string    `json:"source"`
	URL    string    `json:"url"`
	Status int       `json:"status"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// BrokenLinks reads the failed pages of the latest crawl of each source
// that holds lists.
func BrokenLinks(ctx context.Context, s *store.Store) ([]Broken, error) {
	var out []Broken
	q := `SELECT toString(e.source) AS source, e.url AS url, toUInt16(e.status) AS status, e.reason AS reason, e.at AS at
FROM trustwatch.crawl_errors AS e
INNER JOIN (SELECT source, argMax(run_id, started_at) AS run FROM trustwatch.crawl_runs GROUP BY source) AS r
  ON r.source = e.source AND r.run = e.run_id
WHERE toString(e.source) IN (SELECT DISTINCT source FROM trustwatch.v_list_versions)
ORDER BY source, url`
	if err := s.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read broken links: %w", err)
	}
	return out, nil
}

// staleFrom is when a list updated on day u goes stale: Months after the
// first change of the 上级 after u, or MaxMonths after u, whichever is
// first (ClickHouse's addMonths: the 31st becomes a shorter month's last day).
func (r Rule) staleFrom(u time.Time, upstream []time.Time) time.Time {
	at := period.AddMonths(u, r.MaxMonths)
	var first time.Time
	for _, d := range upstream {
		if d.After(u) && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	if !first.IsZero() && period.AddMonths(first, r.Months).Before(at) {
		at = period.AddMonths(first, r.Months)
	}
	return at
}
