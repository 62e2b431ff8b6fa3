package analytics

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/index"
)

// Failure is a record an indicator counts against its unit (num < den):
// a decision published late, a complaint answered late.
type Failure struct {
	UnitID string `json:"unit_id"`
	DocID  string `json:"doc_id"`
	Day    string `json:"day"`
	Title  string `json:"title"`
	URL    string `json:"url"`
}

// Failures runs an indicator's query over the live views and returns its
// failures counted on or after since, newest first: the same definition
// the index uses, so a warning and the ranking never disagree on a record.
func (r *Ranker) Failures(ctx context.Context, indicator string, since time.Time) ([]Failure, error) {
	for _, ind := range r.o.Index.Indicators() {
		if ind.ID == indicator {
			return r.failures(ctx, indicator, r.render(ind, since), since)
		}
	}
	return nil, fmt.Errorf("no indicator %q in the index", indicator)
}

// FailuresOf runs a query written as an indicator's is (rows unit_id,
// doc_id, num, den, day; the placeholders {{offdays}}, {{workdays}},
// {{units}}) for deadlines the index does not score.
func (r *Ranker) FailuresOf(ctx context.Context, name, sql string, since time.Time) ([]Failure, error) {
	return r.failures(ctx, name, r.render(index.Indicator{ID: name, SQL: sql}, since), since)
}

func (r *Ranker) failures(ctx context.Context, name, rendered string, since time.Time) ([]Failure, error) {
	q := fmt.Sprintf(`SELECT toString(f.unit_id) AS unit_id, toString(f.doc_id) AS doc_id, toString(toDate(f.day)) AS day,
  d.title AS title, d.url AS url
FROM (
%s
) AS f INNER JOIN trustwatch.v_documents AS d ON d.id = f.doc_id
WHERE f.num < f.den AND toDate(f.day) >= %s
ORDER BY day DESC, doc_id, unit_id`, rendered, dateLit(since))
	var out []Failure
	if err := r.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}
