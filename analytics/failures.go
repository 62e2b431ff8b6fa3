package analytics

import (
	"context"
	"fmt"
	"time"
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
		if ind.ID != indicator {
			continue
		}
		q := fmt.Sprintf(`SELECT toString(f.unit_id) AS unit_id, toString(f.doc_id) AS doc_id, toString(toDate(f.day)) AS day,
  d.title AS title, d.url AS url
FROM (
%s
) AS f INNER JOIN trustwatch.v_documents AS d ON d.id = f.doc_id
WHERE f.num < f.den AND toDate(f.day) >= %s
ORDER BY day DESC, doc_id, unit_id`, r.render(ind, since), dateLit(since))
		var out []Failure
		if err := r.o.Store.SelectInto(ctx, q, &out); err != nil {
			return nil, fmt.Errorf("indicator %s: %w", indicator, err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("no indicator %q in the index", indicator)
}
