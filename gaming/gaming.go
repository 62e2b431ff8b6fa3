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

// claimSlack is how far from its publication date a page's claimed
// 公示日期 is looked for: Find reads the decisions published within it of
// the period.
const claimSlack = 45

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
// period that were backdated, and bursts in its last days; unitID "" for
// every unit. It applies v_backdated's rule to the period's decisions only,
// read from documents by kind, unit and a window of publication dates
// around the period — on a unit's page, reading every decision through the
// view took seconds at 2 million documents (docs/benchmarks.md).
func Find(ctx context.Context, s *store.Store, p period.Period, unitID string) (Findings, error) {
	f := Findings{Period: p}
	from, to := store.Quote(p.Start.Format("2006-01-02")), store.Quote(p.End.Format("2006-01-02"))
	unitDocs, unitRows := "1", "1"
	if unitID != "" {
		unitDocs, unitRows = "has(units, "+store.Quote(unitID)+")", "unit_id = "+store.Quote(unitID)
	}
	// The period's decisions, latest version of each: a page claims a
	// 公示日期 near its publication date, so claimSlack days either side
	// hold every decision claiming a day in the period.
	docs := fmt.Sprintf(`SELECT id, toString(source) AS source, units, title, url, fields, published_at FROM trustwatch.documents
WHERE kind = 'disclosure' AND %[1]s AND published_at >= toDate(%[2]s) - %[4]d AND published_at < toDate(%[3]s) + %[4]d
ORDER BY id, ingested_at DESC LIMIT 1 BY id`, unitDocs, from, to, claimSlack)
	q := fmt.Sprintf(`WITH docs AS (%[1]s)
SELECT doc_id, arrayJoin(units) AS unit_id, title, url, toString(claimed) AS claimed, first_seen, missed_at, toInt32(gap_days) AS gap_days FROM (
  SELECT d.id AS doc_id, d.units AS units, d.title AS title, d.url AS url, d.claimed AS claimed, d.first AS first_seen,
         r.started_at AS missed_at, dateDiff('day', d.claimed, toDate(d.first, 'Asia/Shanghai')) AS gap_days
  FROM (
    SELECT docs.id AS id, docs.source AS source, docs.units AS units, docs.title AS title, docs.url AS url, f.first AS first,
           ifNull(trustwatch_date(docs.fields['公示日期']), toDate(docs.published_at)) AS claimed
    FROM docs
    INNER JOIN (SELECT id, source, min(first_seen) AS first FROM trustwatch.doc_first_seen WHERE id IN (SELECT id FROM docs) GROUP BY id, source) AS f
      ON f.id = docs.id AND f.source = docs.source
  ) AS d
  ASOF INNER JOIN (SELECT toString(source) AS source, started_at, finished_at FROM trustwatch.crawl_runs WHERE healthy = 1) AS r
    ON r.source = d.source AND r.finished_at < d.first
  WHERE toDate(r.started_at, 'Asia/Shanghai') > d.claimed + 1 AND d.claimed >= toDate(%[2]s) AND d.claimed < toDate(%[3]s)
)
WHERE %[4]s
ORDER BY unit_id, claimed, doc_id`, docs, from, to, unitRows)
	if err := s.SelectInto(ctx, q, &f.Backdated); err != nil {
		return f, fmt.Errorf("find backdated decisions: %w", err)
	}
	q = fmt.Sprintf(`SELECT unit_id, toUInt32(count()) AS n, toString(min(published)) AS first, toString(max(published)) AS last,
  toFloat64(median(age)) AS median_age, groupArray(doc_id) AS docs
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id, trustwatch_date(fields['决定日期']) AS decided,
         ifNull(trustwatch_date(fields['公示日期']), toDate(published_at)) AS published, dateDiff('day', decided, published) AS age
  FROM (%[1]s)
  WHERE mapContains(fields, '决定日期')
)
WHERE decided IS NOT NULL AND published >= toDate(%[3]s) - %[4]d AND published < toDate(%[3]s) AND published >= toDate(%[2]s)
  AND age >= %[5]d AND %[7]s
GROUP BY unit_id HAVING n >= %[6]d ORDER BY n DESC, unit_id`, docs, from, to, BurstWindow, BurstAge, BurstMin, unitRows)
	if err := s.SelectInto(ctx, q, &f.Bursts); err != nil {
		return f, fmt.Errorf("find bursts: %w", err)
	}
	return f, nil
}
