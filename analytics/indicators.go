package analytics

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// evidence is every indicator's evidence, as index wants it.
type evidence = map[string]map[string][]index.Cell

// evidence runs each indicator's query into index_evidence under the run's
// id — the engine writes it; only the per-unit cells come back — and checks
// what came back: a query that fails, yields a unit the units file does not
// know, or a value that is not a finite number fails the run, naming the
// indicator.
func (r *Ranker) evidence(ctx context.Context, run *Run) (evidence, error) {
	known := map[string]bool{}
	for _, u := range r.o.Units {
		known[u.ID] = true
	}
	out := evidence{}
	for _, ind := range r.o.Index.Indicators() {
		if r.o.Progress != nil {
			r.o.Progress(ind.ID)
		}
		q := fmt.Sprintf(`INSERT INTO trustwatch.index_evidence (run_id, period, indicator, unit_id, doc_id, num, den)
SELECT %s, %s, %s, toString(unit_id), toString(doc_id), toFloat64(num), toFloat64(den) FROM (
%s
)`, store.Quote(run.ID), store.Quote(run.Period.String()), store.Quote(ind.ID), r.render(ind, run.Period))
		if err := r.o.Store.Exec(ctx, q); err != nil {
			return nil, fmt.Errorf("indicator %s (%s): %w", ind.ID, ind.Query, err)
		}
	}
	if err := r.checkFinite(ctx, run.ID); err != nil {
		return nil, err
	}
	var cells []struct {
		Indicator string  `json:"indicator"`
		UnitID    string  `json:"unit_id"`
		Num       float64 `json:"num"`
		Den       float64 `json:"den"`
		N         int     `json:"n"`
	}
	q := `SELECT indicator, unit_id, num, den, count() AS n FROM trustwatch.index_evidence
WHERE run_id = ` + store.Quote(run.ID) + ` GROUP BY indicator, unit_id, num, den ORDER BY indicator, unit_id, num, den`
	if err := r.o.Store.SelectInto(ctx, q, &cells); err != nil {
		return nil, fmt.Errorf("read evidence: %w", err)
	}
	var unknown []string
	for _, c := range cells {
		if !known[c.UnitID] {
			unknown = append(unknown, fmt.Sprintf("indicator %s: unit %q is not in the units file", c.Indicator, c.UnitID))
			continue
		}
		if out[c.Indicator] == nil {
			out[c.Indicator] = map[string][]index.Cell{}
		}
		out[c.Indicator][c.UnitID] = append(out[c.Indicator][c.UnitID], index.Cell{Num: c.Num, Den: c.Den, N: c.N})
		run.Evidence += int64(c.N)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("%s", strings.Join(dedupe(unknown), "; "))
	}
	return out, nil
}

// checkFinite refuses NaN, infinities and negative denominators.
func (r *Ranker) checkFinite(ctx context.Context, runID string) error {
	var bad []struct {
		Indicator string `json:"indicator"`
		UnitID    string `json:"unit_id"`
		DocID     string `json:"doc_id"`
		Num       string `json:"num_text"`
		Den       string `json:"den_text"`
	}
	q := `SELECT indicator, unit_id, doc_id, toString(num) AS num_text, toString(den) AS den_text FROM trustwatch.index_evidence
WHERE run_id = ` + store.Quote(runID) + ` AND (NOT isFinite(num) OR NOT isFinite(den) OR den < 0) ORDER BY indicator LIMIT 1`
	if err := r.o.Store.SelectInto(ctx, q, &bad); err != nil {
		return fmt.Errorf("check evidence: %w", err)
	}
	if len(bad) > 0 {
		b := bad[0]
		return fmt.Errorf("indicator %s: document %s of unit %s has num %s, den %s: want finite numbers and den ≥ 0", b.Indicator, b.DocID, b.UnitID, b.Num, b.Den)
	}
	return nil
}

func dedupe(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// render fills an indicator query's placeholders.
func (r *Ranker) render(ind index.Indicator, p period.Period) string {
	displayFrom := p.Start
	if ind.DisplayDays > 0 {
		displayFrom = p.Start.AddDate(0, 0, -ind.DisplayDays)
	}
	// The calendar's exceptions from well before the period to a year past
	// now: a complaint's answer may come long after the period.
	off, work := r.o.Calendar.Exceptions(p.Start.AddDate(-2, 0, 0), r.o.Now().AddDate(1, 0, 0))
	ids := make([]string, len(r.o.Units))
	for i, u := range r.o.Units {
		ids[i] = store.Quote(u.ID)
	}
	pairs := []string{
		"{{from}}", dateLit(p.Start), "{{to}}", dateLit(p.End), "{{display_from}}", dateLit(displayFrom),
		"{{offdays}}", dates(off), "{{workdays}}", dates(work), "{{units}}", "[" + strings.Join(ids, ", ") + "]",
	}
	for k, v := range ind.Params {
		pairs = append(pairs, "{{"+k+"}}", v) // config allows only [A-Za-z0-9_.-] here
	}
	return strings.NewReplacer(pairs...).Replace(ind.SQL)
}

func dateLit(t time.Time) string { return "toDate(" + store.Quote(t.Format("2006-01-02")) + ")" }

func dates(ts []time.Time) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = dateLit(t)
	}
	return "CAST([" + strings.Join(parts, ", ") + "] AS Array(Date))"
}

// coverage is what was found about a unit in a period.
type coverage struct {
	UnitID      string `json:"unit_id"`
	Documents   int    `json:"documents"`
	Sources     int    `json:"sources"`
	Complaints  int    `json:"complaints"`
	Negatives   int    `json:"negatives"`
	SeveritySum int    `json:"severity_sum"`
	Positives   int    `json:"positives"`
}

func (r *Ranker) coverage(ctx context.Context, p period.Period) (map[string]coverage, error) {
	span := fmt.Sprintf("%%s >= %s AND %%s < %s", dateLit(p.Start), dateLit(p.End))
	var docs, sigs []coverage
	q := `SELECT unit_id, count() AS documents, uniqExact(source) AS sources, countIf(kind = 'complaint') AS complaints
FROM (SELECT arrayJoin(units) AS unit_id, source, kind FROM trustwatch.v_documents WHERE ` + fmt.Sprintf(span, "toDate(published_at)", "toDate(published_at)") + `)
GROUP BY unit_id`
	if err := r.o.Store.SelectInto(ctx, q, &docs); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	q = `SELECT unit_id, countIf(polarity < 0) AS negatives, toUInt64(sumIf(severity, polarity < 0)) AS severity_sum, countIf(polarity > 0) AS positives
FROM trustwatch.v_signal_events WHERE ` + fmt.Sprintf(span, "event_date", "event_date") + ` GROUP BY unit_id`
	if err := r.o.Store.SelectInto(ctx, q, &sigs); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	out := map[string]coverage{}
	for _, d := range docs {
		out[d.UnitID] = d
	}
	for _, s := range sigs {
		c := out[s.UnitID]
		c.UnitID, c.Negatives, c.SeveritySum, c.Positives = s.UnitID, s.Negatives, s.SeveritySum, s.Positives
		out[s.UnitID] = c
	}
	return out, nil
}

// previousRanks reads each unit's rank in the previous period of the same
// kind, keyed group/unit.
func (r *Ranker) previousRanks(ctx context.Context, p period.Period) (map[string]int, error) {
	var rows []struct {
		Group  string `json:"unit_group"`
		UnitID string `json:"unit_id"`
		Rank   int    `json:"rank"`
	}
	q := "SELECT unit_group, unit_id, rank FROM trustwatch.v_index_scores WHERE period = " + store.Quote(p.Previous().String())
	if err := r.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("previous ranks: %w", err)
	}
	out := map[string]int{}
	for _, x := range rows {
		out[x.Group+"/"+x.UnitID] = x.Rank
	}
	return out, nil
}
