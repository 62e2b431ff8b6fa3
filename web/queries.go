package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/store"
)

// periods lists the periods ranked, newest first within each kind.
func (s *Server) periods(ctx context.Context) ([]string, error) {
	var rows []struct {
		P string `json:"period"`
	}
	q := `SELECT period FROM trustwatch.v_index_runs
ORDER BY indexOf(['month', 'quarter', 'half', 'year'], period_kind), period_end DESC`
	if err := s.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read periods: %w", err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.P
	}
	return out, nil
}

// trendPoint is a unit's score in one period of a kind.
type trendPoint struct {
	Period string  `json:"period"`
	Total  float64 `json:"total"`
	Lo     float64 `json:"total_lo"`
	Hi     float64 `json:"total_hi"`
	Rank   int     `json:"rank"`
}

// trend reads a unit's scores over the periods of one kind, oldest first.
func (s *Server) trend(ctx context.Context, unitID, kind string) ([]trendPoint, error) {
	var out []trendPoint
	q := fmt.Sprintf(`SELECT s.period AS period, s.total AS total, s.total_lo AS total_lo, s.total_hi AS total_hi, toInt32(s.rank) AS rank
FROM trustwatch.v_index_scores AS s INNER JOIN trustwatch.v_index_runs AS r ON r.run_id = s.run_id
WHERE s.unit_id = %s AND r.period_kind = %s ORDER BY r.period_start`, store.Quote(unitID), store.Quote(kind))
	if err := s.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read trend: %w", err)
	}
	return out, nil
}

// document is a stored document with what was found in it.
type document struct {
	ID        string            `json:"id"`
	Version   string            `json:"version"`
	Source    string            `json:"source"`
	Title     string            `json:"title"`
	Text      string            `json:"text"`
	URL       string            `json:"url"`
	Published string            `json:"published"`
	Fields    map[string]string `json:"fields"`
	Units     []string          `json:"units"`
	Signals   []signal
}

type signal struct {
	UnitID   string `json:"unit_id"`
	Category string `json:"category"`
	Polarity int    `json:"polarity"`
	Severity int    `json:"severity"`
	Evidence string `json:"evidence"`
}

// document reads one document's latest version and its signals; false if
// there is none. It reads by id (the tables' key) rather than through the
// views, whose set of every latest version costs seconds at millions of
// documents.
func (s *Server) document(ctx context.Context, id string) (document, bool, error) {
	var docs []document
	q := `SELECT id, version, toString(source) AS source, title, text, url, toString(toDate(published_at)) AS published, fields, units
FROM trustwatch.documents WHERE id = ` + store.Quote(id) + ` ORDER BY ingested_at DESC LIMIT 1`
	if err := s.o.Store.SelectInto(ctx, q, &docs); err != nil || len(docs) == 0 {
		return document{}, false, err
	}
	d := docs[0]
	q = `SELECT toString(unit_id) AS unit_id, toString(category) AS category, toInt8(polarity) AS polarity, toUInt8(severity) AS severity, evidence
FROM trustwatch.signals FINAL WHERE doc_id = ` + store.Quote(id) + ` AND doc_version = ` + store.Quote(d.Version) + `
ORDER BY severity DESC, unit_id, category`
	return d, true, s.o.Store.SelectInto(ctx, q, &d.Signals)
}

// sourceHealth is a source's latest crawl and its recent failures.
type sourceHealth struct {
	crawler.SourceRun
	ID, Name     string
	RecentErrors int
	Never        bool
}

// evidenceRow is a document's place in an indicator's evidence in the
// latest run of a period.
type evidenceRow struct {
	Period    string  `json:"period"`
	Indicator string  `json:"indicator"`
	Name      string  `json:"-"`
	UnitID    string  `json:"unit_id"`
	Num       float64 `json:"num"`
	Den       float64 `json:"den"`
}

// evidenceOf lists a document's evidence rows for some units, so their
// official can contest them (objection.Objection.Indicator).
func (s *Server) evidenceOf(ctx context.Context, docID string, units []string) ([]evidenceRow, error) {
	if len(units) == 0 {
		return nil, nil
	}
	quoted := make([]string, len(units))
	for i, u := range units {
		quoted[i] = store.Quote(u)
	}
	var out []evidenceRow
	q := fmt.Sprintf(`SELECT period, toString(indicator) AS indicator, toString(unit_id) AS unit_id, num, den FROM trustwatch.v_index_evidence
WHERE doc_id = %s AND unit_id IN (%s) ORDER BY indicator, unit_id, period`, store.Quote(docID), strings.Join(quoted, ", "))
	if err := s.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read the evidence of %s: %w", docID, err)
	}
	names := map[string]string{}
	for _, in := range s.o.Index.Indicators() {
		names[in.ID] = in.Name
	}
	for i := range out {
		out[i].Name = names[out[i].Indicator]
	}
	return out, nil
}
