package analytics

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// LoadRun reads back the latest stored run of a period (2026-10, 2026-Q3,
// 2026-H1, 2026), or of the latest period ranked when label is "".
func LoadRun(ctx context.Context, s *store.Store, label string) (Run, error) {
	where := "1"
	if label != "" {
		p, err := period.Parse(label)
		if err != nil {
			return Run{}, fmt.Errorf("load ranking: %w", err)
		}
		where = "period = " + store.Quote(p.String())
	}
	var runs []struct {
		RunID   string `json:"run_id"`
		Period  string `json:"period"`
		Version string `json:"index_version"`
	}
	q := `SELECT run_id, period, index_version FROM trustwatch.v_index_runs WHERE ` + where + ` ORDER BY period_end DESC, period_start DESC LIMIT 1`
	if err := s.SelectInto(ctx, q, &runs); err != nil {
		return Run{}, fmt.Errorf("load ranking: %w", err)
	}
	if len(runs) == 0 {
		return Run{}, fmt.Errorf("load ranking: no ranking stored for %q (run `trustwatch rank -period %s` first)", label, label)
	}
	p, err := period.Parse(runs[0].Period)
	if err != nil {
		return Run{}, err
	}
	return loadRun(ctx, s, p, runs[0].RunID, runs[0].Version)
}

// loadRun reads one stored run's rows and indicator values.
func loadRun(ctx context.Context, s *store.Store, p period.Period, runID, version string) (Run, error) {
	run := Run{ID: runID, Period: p, Version: version}
	q := `SELECT run_id, unit_group, unit_id, unit_name, total, total_lo, total_hi, grade, rank, rank_lo, rank_hi, prev_rank, prev_total, dimensions,
documents, sources, complaints, negatives, severity_sum, positives, covered, applicable, toBool(insufficient) AS insufficient
FROM trustwatch.index_scores WHERE run_id = ` + store.Quote(run.ID) + ` ORDER BY unit_group = 'departments', rank, unit_id`
	if err := s.SelectInto(ctx, q, &run.Rows); err != nil {
		return Run{}, fmt.Errorf("load ranking: %w", err)
	}
	return run, loadIndicatorValues(ctx, s, &run)
}

// loadIndicatorValues fills each row's indicator values.
func loadIndicatorValues(ctx context.Context, s *store.Store, run *Run) error {
	var vals []struct {
		Group     string  `json:"unit_group"`
		UnitID    string  `json:"unit_id"`
		Indicator string  `json:"indicator"`
		Value     float64 `json:"v"`
	}
	q := "SELECT unit_group, unit_id, indicator, assumeNotNull(value) AS v FROM trustwatch.index_indicators WHERE run_id = " +
		store.Quote(run.ID) + " AND value IS NOT NULL AND enough = 1"
	if err := s.SelectInto(ctx, q, &vals); err != nil {
		return fmt.Errorf("load indicator values: %w", err)
	}
	at := map[string]int{}
	for i, r := range run.Rows {
		at[string(r.Group)+"/"+r.UnitID] = i
		run.Rows[i].Indicators = map[string]float64{}
	}
	for _, v := range vals {
		if i, ok := at[v.Group+"/"+v.UnitID]; ok {
			run.Rows[i].Indicators[v.Indicator] = v.Value
		}
	}
	return nil
}

// Explanation is one unit's score taken apart, down to its evidence.
type Explanation struct {
	Row        Row
	Period     period.Period
	Dimensions map[string]float64
	Indicators []IndicatorLine
}

// IndicatorLine is one indicator of an explanation.
type IndicatorLine struct {
	Dimension     string   `json:"dimension"`
	DimensionName string   `json:"-"`
	Name          string   `json:"-"`
	Indicator     string   `json:"indicator"`
	Value         *float64 `json:"value"`
	Numerator     float64  `json:"numerator"`
	Denominator   float64  `json:"denominator"`
	Evidence      int      `json:"evidence"`
	Credibility   float64  `json:"credibility"`
	Adjusted      float64  `json:"adjusted"`
	Enough        bool     `json:"enough"`
	Score         float64  `json:"score"`
	Weight        float64  `json:"weight"`
	Contribution  float64  `json:"contribution"`
	Documents     []EvidenceDoc
}

// EvidenceDoc is one document behind an indicator.
type EvidenceDoc struct {
	DocID     string  `json:"doc_id"`
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Published string  `json:"published"`
	Num       float64 `json:"num"`
	Den       float64 `json:"den"`
	// Repaired is the day the record's credit was repaired (信用修复), if
	// it was before the period began: Num is then already weighted.
	Repaired string `json:"repaired"`
}

// ErrUnknownUnit is returned by Explain for a unit not in the run.
var ErrUnknownUnit = errors.New("unit not in this ranking")

// Explain takes one unit's score of a stored run apart: dimension scores,
// each indicator's value, numerator and denominator, credibility, score,
// weight and contribution, and up to perIndicator evidence documents each.
func Explain(ctx context.Context, s *store.Store, sys *index.System, run Run, unitID string, perIndicator int) (Explanation, error) {
	ex := Explanation{Period: run.Period}
	found := false
	for _, r := range run.Rows {
		if r.UnitID == unitID {
			ex.Row, found = r, true
		}
	}
	if !found {
		return ex, fmt.Errorf("%w: %q (see the ranking for unit ids)", ErrUnknownUnit, unitID)
	}
	q := `SELECT dimension, indicator, value, numerator, denominator, evidence, credibility, adjusted, toBool(enough) AS enough,
score, weight, contribution FROM trustwatch.index_indicators
WHERE run_id = ` + store.Quote(run.ID) + ` AND unit_id = ` + store.Quote(unitID) + ` AND unit_group = ` + store.Quote(string(ex.Row.Group)) + `
ORDER BY contribution`
	if err := s.SelectInto(ctx, q, &ex.Indicators); err != nil {
		return ex, fmt.Errorf("explain: %w", err)
	}
	docs, err := evidenceDocs(ctx, s, sys, run.ID, unitID, perIndicator)
	if err != nil {
		return ex, err
	}
	for i := range ex.Indicators {
		line := &ex.Indicators[i]
		for _, d := range sys.Dimensions {
			for _, in := range d.Indicators {
				if in.ID == line.Indicator {
					line.Name, line.DimensionName = in.Name, d.Name
				}
			}
		}
		line.Documents = docs[line.Indicator]
	}
	return ex, nil
}

// evidenceDocs reads up to perIndicator evidence documents of each
// indicator of one unit in a run, those that cost the unit most first: the
// late ones of a share, the heaviest records of a count. It reads the run's
// batch of index_evidence by its key (batch, unit) and picks the documents
// before reading their latest versions by id (what v_documents shows), so
// neither the view over every run's evidence nor v_documents' set of every
// latest version is built.
func evidenceDocs(ctx context.Context, s *store.Store, sys *index.System, runID, unitID string, perIndicator int) (map[string][]EvidenceDoc, error) {
	var runs []struct {
		Batch  string  `json:"batch_id"`
		Start  string  `json:"start"`
		End    string  `json:"end"`
		Weight float64 `json:"repair_weight"`
	}
	q := "SELECT batch_id, toString(period_start) AS start, toString(period_end) AS end, repair_weight FROM trustwatch.index_runs WHERE run_id = " + store.Quote(runID) + " LIMIT 1"
	if err := s.SelectInto(ctx, q, &runs); err != nil || len(runs) == 0 {
		return nil, fmt.Errorf("explain: run %s: %v", runID, err)
	}
	var higher []string // indicators where a lower num/den is worse
	for _, in := range sys.Indicators() {
		if in.Direction == index.HigherBetter {
			higher = append(higher, store.Quote(in.ID))
		}
	}
	worse := "num / greatest(den, 1e-9)"
	cost := worse
	if len(higher) > 0 {
		cost = fmt.Sprintf("if(indicator IN (%s), %s, -%s)", strings.Join(higher, ", "), worse, worse)
	}
	r := runs[0]
	// As v_run_evidence: a record repaired before the period began counts at the run's weight.
	q = fmt.Sprintf(`WITH picked AS (
  SELECT indicator, doc_id, wnum, den, day, rep, %[5]s AS cost FROM (
    SELECT indicator, doc_id, num * if(rep != '', %[7]v, 1) AS wnum, num, den, day,
           if(repaired != toDate(0) AND repaired <= toDate(%[3]s), toString(repaired), '') AS rep
    FROM trustwatch.index_evidence
    WHERE batch_id = %[1]s AND unit_id = %[2]s AND day < toDate(%[4]s) AND until > toDate(%[3]s))
  WHERE NOT (rep != '' AND %[7]v = 0)
  ORDER BY indicator, cost, day DESC, doc_id LIMIT %[6]d BY indicator
)
SELECT e.indicator AS indicator, e.doc_id AS doc_id, d.title AS title, d.url AS url,
       toString(toDate(d.published_at)) AS published, e.wnum AS num, e.den AS den, e.rep AS repaired
FROM picked AS e INNER JOIN (
  SELECT id, title, url, published_at FROM trustwatch.documents WHERE id IN (SELECT doc_id FROM picked)
  ORDER BY id, ingested_at DESC LIMIT 1 BY id
) AS d ON d.id = e.doc_id
ORDER BY e.indicator, e.cost, e.day DESC, e.doc_id`, store.Quote(r.Batch), store.Quote(unitID), store.Quote(r.Start), store.Quote(r.End), cost, perIndicator, r.Weight)
	var rows []struct {
		Indicator string `json:"indicator"`
		EvidenceDoc
	}
	if err := s.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("explain: evidence: %w", err)
	}
	out := map[string][]EvidenceDoc{}
	for _, r := range rows {
		out[r.Indicator] = append(out[r.Indicator], r.EvidenceDoc)
	}
	return out, nil
}

// Groups lists the groups a run ranked.
func (r Run) Groups() []index.Group {
	var out []index.Group
	for _, g := range index.Groups {
		if len(r.Group(g)) > 0 {
			out = append(out, g)
		}
	}
	return out
}
