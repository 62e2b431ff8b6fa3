// Package gaming finds signs that a unit games the evaluation, from the
// crawler's own observations rather than from what pages claim:
//
//   - backdating: a 双公示 decision whose 公示日期 a healthy crawl of its
//     source contradicts — the crawl ran after the claimed day and did not
//     see the page, which appeared only later (v_backdated, migration 0013);
//   - bursts: many decisions taken long ago published together in the last
//     days before a period closes, when a unit that knows how it is scored
//     clears its backlog just before the evaluation.
//
// It owns the findings and their rules; the index decides whether a
// backdated decision counts as late (configs/index.yaml, sgs_timeliness
// param backdated), the desk shows the findings on a unit's page.
package gaming

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// The burst rule: at least BurstMin decisions, each published BurstAge
// days or more after it was taken, within the last BurstWindow days of a
// period.
const (
	BurstWindow = 10
	BurstAge    = 30
	BurstMin    = 5
)

// Backdated is a decision published later than it claims.
type Backdated struct {
	DocID     string    `json:"doc_id"`
	UnitID    string    `json:"unit_id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Claimed   string    `json:"claimed"`    // its 公示日期
	FirstSeen time.Time `json:"first_seen"` // when the crawler first saw it
	MissedAt  time.Time `json:"missed_at"`  // the last healthy crawl of its source that did not
	GapDays   int       `json:"gap_days"`   // first seen minus claimed, in days
}

// Burst is a unit's backlog of old decisions published just before a
// period closed.
type Burst struct {
	UnitID    string   `json:"unit_id"`
	Count     int      `json:"n"`
	First     string   `json:"first"` // the first and last 公示日期 of the burst
	Last      string   `json:"last"`
	MedianAge float64  `json:"median_age"` // days from 决定日期 to 公示日期
	Docs      []string `json:"docs"`
}

// Findings are a period's findings.
type Findings struct {
	Period    period.Period
	Backdated []Backdated
	Bursts    []Burst
}

// Find reads the findings of a period: decisions claiming a 公示日期 in the
// period that were backdated, and bursts in its last days; unitID ""
// for every unit.
func Find(ctx context.Context, s *store.Store, p period.Period, unitID string) (Findings, error) {
	f := Findings{Period: p}
	from, to := store.Quote(p.Start.Format("2006-01-02")), store.Quote(p.End.Format("2006-01-02"))
	unit := "1"
	if unitID != "" {
		unit = "unit_id = " + store.Quote(unitID)
	}
	q := fmt.Sprintf(`SELECT b.doc_id AS doc_id, arrayJoin(b.units) AS unit_id, d.title AS title, d.url AS url, toString(b.claimed) AS claimed,
  b.first_seen AS first_seen, b.missed_at AS missed_at, toInt32(b.gap_days) AS gap_days
FROM trustwatch.v_backdated AS b
LEFT JOIN (SELECT id, title, url FROM trustwatch.documents ORDER BY id, ingested_at DESC LIMIT 1 BY id) AS d ON d.id = b.doc_id
WHERE b.claimed >= toDate(%s) AND b.claimed < toDate(%s)
ORDER BY unit_id, claimed, doc_id`, from, to)
	q = "SELECT * FROM (" + q + ") WHERE " + unit
	if err := s.SelectInto(ctx, q, &f.Backdated); err != nil {
		return f, fmt.Errorf("find backdated decisions: %w", err)
	}
	q = fmt.Sprintf(`SELECT unit_id, toUInt32(count()) AS n, toString(min(published)) AS first, toString(max(published)) AS last,
  toFloat64(median(age)) AS median_age, groupArray(doc_id) AS docs
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id, trustwatch_date(fields['决定日期']) AS decided,
         ifNull(trustwatch_date(fields['公示日期']), toDate(published_at)) AS published, dateDiff('day', decided, published) AS age
  FROM trustwatch.v_documents
  WHERE kind = 'disclosure' AND mapContains(fields, '决定日期')
)
WHERE decided IS NOT NULL AND published >= toDate(%[2]s) - %[3]d AND published < toDate(%[2]s) AND published >= toDate(%[1]s)
  AND age >= %[4]d AND %[6]s
GROUP BY unit_id HAVING n >= %[5]d ORDER BY n DESC, unit_id`, from, to, BurstWindow, BurstAge, BurstMin, unit)
	if err := s.SelectInto(ctx, q, &f.Bursts); err != nil {
		return f, fmt.Errorf("find bursts: %w", err)
	}
	return f, nil
}
