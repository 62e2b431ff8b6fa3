package analytics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// evidence is every indicator's evidence, as index wants it.
type evidence = map[string]map[string][]index.Cell

// batchEvidence runs each indicator's query once into the batch's
// evidence table, with the span [day, until) in which each row counts, and
// checks what came back: a query that fails, yields no day, a unit the units
// file does not know, or a value that is not a finite number fails the
// batch, naming the indicator.
func (r *Ranker) batchEvidence(ctx context.Context, sn *snapshot, from time.Time) error {
	for _, ind := range r.o.Index.Indicators() {
		if r.o.Progress != nil {
			r.o.Progress(ind.ID)
		}
		q := sn.read(r.render(ind, from))
		opt, err := r.checkColumns(ctx, ind, q)
		if err != nil {
			return err
		}
		repaired := "toDate(0)"
		if opt["repaired"] {
			repaired = "ifNull(toDate(repaired), toDate(0))"
		}
		// A row without a day is kept (as 1970-01-01) to be reported by
		// checkFinite. Accepted objections to this indicator's evidence
		// (v_evidence_corrections) withdraw rows or move them to another unit.
		ins := fmt.Sprintf(`INSERT INTO trustwatch.index_evidence (batch_id, indicator, unit_id, doc_id, num, den, day, until, repaired)
SELECT %[1]s, %[2]s, if(c.decision = 'reassign', c.to_unit, e._unit), e._doc, toFloat64(num), toFloat64(den), ifNull(toDate(day), toDate(0)), ifNull(%[3]s, toDate(0)), %[4]s
FROM (SELECT *, toString(unit_id) AS _unit, toString(doc_id) AS _doc FROM (
%[5]s
)) AS e
LEFT JOIN (SELECT doc_id, unit_id, decision, to_unit FROM trustwatch.v_evidence_corrections WHERE indicator = %[2]s) AS c
  ON c.doc_id = e._doc AND c.unit_id = e._unit
WHERE c.decision != 'withdraw'`, store.Quote(sn.batch), store.Quote(ind.ID), untilExpr(ind, opt["until"]), repaired, q)
		if err := r.o.Store.Exec(ctx, ins); err != nil {
			return fmt.Errorf("indicator %s (%s): %w", ind.ID, ind.Query, err)
		}
	}
	if err := r.checkFinite(ctx, sn.batch); err != nil {
		return err
	}
	return r.checkUnits(ctx, sn.batch)
}

// untilExpr is the day a row stops counting: its until, capped at
// display_days after its day; without until, the day after its day, or
// display_days after it.
func untilExpr(ind index.Indicator, hasUntil bool) string {
	limit := fmt.Sprintf("toDate(day) + %d", 1+ind.DisplayDays)
	switch {
	case !hasUntil:
		return limit
	case ind.DisplayDays == 0:
		return "ifNull(toDate(until), toDate(day) + 1)"
	}
	return fmt.Sprintf("if(isNull(until), %s, least(toDate(until), %s))", limit, limit)
}

// requiredColumns are what every indicator query yields.
var requiredColumns = []string{"unit_id", "doc_id", "num", "den", "day"}

// checkColumns asks the engine what the query yields: the required
// columns, and which of the optional until and repaired it has.
func (r *Ranker) checkColumns(ctx context.Context, ind index.Indicator, q string) (map[string]bool, error) {
	var cols []struct {
		Name string `json:"name"`
	}
	if err := r.o.Store.SelectInto(ctx, "DESCRIBE TABLE (\n"+q+"\n)", &cols); err != nil {
		return nil, fmt.Errorf("indicator %s (%s): %w", ind.ID, ind.Query, err)
	}
	have := map[string]bool{}
	var names []string
	for _, c := range cols {
		have[c.Name] = true
		names = append(names, c.Name)
	}
	for _, c := range requiredColumns {
		if !have[c] {
			return nil, fmt.Errorf("indicator %s (%s): the query yields %s; want %s (and optionally until, repaired)",
				ind.ID, ind.Query, strings.Join(names, ", "), strings.Join(requiredColumns, ", "))
		}
	}
	return have, nil
}

// checkUnits refuses evidence about a unit the units file does not know.
func (r *Ranker) checkUnits(ctx context.Context, batch string) error {
	known := make([]string, len(r.o.Units))
	for i, u := range r.o.Units {
		known[i] = store.Quote(u.ID)
	}
	var bad []struct {
		Indicator string `json:"indicator"`
		UnitID    string `json:"unit_id"`
	}
	q := "SELECT DISTINCT indicator, unit_id FROM trustwatch.index_evidence WHERE batch_id = " + store.Quote(batch) +
		" AND unit_id NOT IN (" + strings.Join(known, ", ") + ") ORDER BY indicator, unit_id LIMIT 10"
	if err := r.o.Store.SelectInto(ctx, q, &bad); err != nil {
		return fmt.Errorf("check evidence: %w", err)
	}
	var msgs []string
	for _, b := range bad {
		msgs = append(msgs, fmt.Sprintf("indicator %s: unit %q is not in the units file", b.Indicator, b.UnitID))
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "; "))
	}
	return nil
}

// periodEvidence reads the cells of the batch's evidence that count in the
// run's period: the run's evidence is the batch's, seen through its period
// (v_run_evidence), so nothing is stored per period.
func (r *Ranker) periodEvidence(ctx context.Context, sn *snapshot, run *Run) (evidence, error) {
	var cells []struct {
		Indicator string  `json:"indicator"`
		UnitID    string  `json:"unit_id"`
		Num       float64 `json:"num"`
		Den       float64 `json:"den"`
		N         int     `json:"n"`
	}
	// A record repaired before the period began keeps repair.weight of its
	// value, or leaves at weight 0 (v_run_evidence says the same in SQL).
	start, w := dateLit(run.Period.Start), r.o.Index.Repair.Weight
	repairedBefore := fmt.Sprintf("(repaired != toDate(0) AND repaired <= %s)", start)
	q := fmt.Sprintf(`SELECT indicator, unit_id, v AS num, den, count() AS n FROM (
  SELECT indicator, unit_id, num * if(%s, %v, 1) AS v, den FROM trustwatch.index_evidence
  WHERE batch_id = %s AND day < %s AND until > %s AND NOT (%s AND %v = 0))
GROUP BY indicator, unit_id, v, den ORDER BY indicator, unit_id, v, den`, repairedBefore, w, store.Quote(sn.batch), dateLit(run.Period.End), start, repairedBefore, w)
	if err := r.o.Store.SelectInto(ctx, q, &cells); err != nil {
		return nil, fmt.Errorf("read evidence: %w", err)
	}
	out := evidence{}
	for _, c := range cells {
		if out[c.Indicator] == nil {
			out[c.Indicator] = map[string][]index.Cell{}
		}
		out[c.Indicator][c.UnitID] = append(out[c.Indicator][c.UnitID], index.Cell{Num: c.Num, Den: c.Den, N: c.N})
		run.Evidence += int64(c.N)
	}
	return out, nil
}

// checkFinite refuses NaN, infinities, negative denominators and rows
// without a day.
func (r *Ranker) checkFinite(ctx context.Context, batch string) error {
	var bad []struct {
		Indicator string `json:"indicator"`
		UnitID    string `json:"unit_id"`
		DocID     string `json:"doc_id"`
		Num       string `json:"num_text"`
		Den       string `json:"den_text"`
		NoDay     int    `json:"no_day"`
	}
	q := `SELECT indicator, unit_id, doc_id, toString(num) AS num_text, toString(den) AS den_text, day = toDate(0) AS no_day
FROM trustwatch.index_evidence WHERE batch_id = ` + store.Quote(batch) + `
AND (NOT isFinite(num) OR NOT isFinite(den) OR den < 0 OR day = toDate(0)) ORDER BY indicator LIMIT 1`
	if err := r.o.Store.SelectInto(ctx, q, &bad); err != nil {
		return fmt.Errorf("check evidence: %w", err)
	}
	if len(bad) > 0 && bad[0].NoDay == 1 {
		return fmt.Errorf("indicator %s: document %s of unit %s has no day: want the date that puts it in a period", bad[0].Indicator, bad[0].DocID, bad[0].UnitID)
	}
	if len(bad) > 0 {
		b := bad[0]
		return fmt.Errorf("indicator %s: document %s of unit %s has num %s, den %s: want finite numbers and den ≥ 0", b.Indicator, b.DocID, b.UnitID, b.Num, b.Den)
	}
	return nil
}

// render fills an indicator query's placeholders for a batch whose first
// period starts at from.
func (r *Ranker) render(ind index.Indicator, from time.Time) string {
	// The calendar's exceptions from well before the batch to a year past
	// now: a complaint's answer may come long after its period.
	off, work := r.o.Calendar.Exceptions(from.AddDate(-2, 0, 0), r.o.Now().AddDate(1, 0, 0))
	ids := make([]string, len(r.o.Units))
	for i, u := range r.o.Units {
		ids[i] = store.Quote(u.ID)
	}
	pairs := []string{"{{offdays}}", dates(off), "{{workdays}}", dates(work), "{{units}}", "[" + strings.Join(ids, ", ") + "]"}
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

// coverage is a unit's counts, as the coverage queries return them.
type coverage struct {
	UnitID string `json:"unit_id"`
	Counts
}

func (r *Ranker) coverage(ctx context.Context, sn *snapshot, p period.Period) (map[string]coverage, error) {
	span := fmt.Sprintf("%%s >= %s AND %%s < %s", dateLit(p.Start), dateLit(p.End))
	var docs, sigs []coverage
	q := `SELECT unit_id, count() AS documents, uniqExact(source) AS sources, countIf(kind = 'complaint') AS complaints
FROM (SELECT arrayJoin(units) AS unit_id, source, kind FROM trustwatch.v_documents WHERE ` + fmt.Sprintf(span, "toDate(published_at)", "toDate(published_at)") + `)
GROUP BY unit_id`
	if err := r.o.Store.SelectInto(ctx, sn.read(q), &docs); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	q = `SELECT unit_id, countIf(polarity < 0) AS negatives, toUInt64(sumIf(severity, polarity < 0)) AS severity_sum, countIf(polarity > 0) AS positives
FROM trustwatch.v_signal_events WHERE ` + fmt.Sprintf(span, "event_date", "event_date") + ` GROUP BY unit_id`
	if err := r.o.Store.SelectInto(ctx, sn.read(q), &sigs); err != nil {
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

// previous is a unit's place in the previous period of the same kind.
type previous struct {
	Group  string  `json:"unit_group"`
	UnitID string  `json:"unit_id"`
	Rank   int     `json:"rank"`
	Total  float64 `json:"total"`
}

// previousRanks reads each unit's place in the previous period of the same
// kind, keyed group/unit.
func (r *Ranker) previousRanks(ctx context.Context, p period.Period) (map[string]previous, error) {
	var rows []previous
	q := "SELECT unit_group, unit_id, rank, total FROM trustwatch.v_index_scores WHERE period = " + store.Quote(p.Previous().String())
	if err := r.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("previous ranks: %w", err)
	}
	out := map[string]previous{}
	for _, x := range rows {
		out[x.Group+"/"+x.UnitID] = x
	}
	return out, nil
}
