package alerts

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store"
)

// reviews raises one warning per objection (异议, package objection) still
// undecided after its review deadline — the due day in v_objections, set in
// working days when it was filed. It goes to the evaluators: the delay is
// the evaluation office's, not the unit's, so the warning names no unit
// (the objecting unit is in its summary) and resolves once decided.
func (a *Alerter) reviews(ctx context.Context, r rule.Rule, now time.Time) ([]Warning, error) {
	var rows []struct {
		ID       string    `json:"objection_id"`
		UnitID   string    `json:"unit_id"`
		DocID    string    `json:"doc_id"`
		Category string    `json:"category"`
		Due      string    `json:"due"`
		FiledBy  string    `json:"filed_by"`
		Title    string    `json:"title"`
		URL      string    `json:"url"`
		Filed    time.Time `json:"filed"`
	}
	today := day(now)
	// This runs every tick: only the overdue objections' documents are read.
	q := fmt.Sprintf(`WITH overdue AS (SELECT * FROM trustwatch.v_objections WHERE state = 'filed' AND due < toDate(%s))
SELECT o.objection_id AS objection_id, o.unit_id AS unit_id, o.doc_id AS doc_id, o.category AS category,
  toString(o.due) AS due, o.filed_by AS filed_by, o.at AS filed, ifNull(d.title, '') AS title, ifNull(d.url, '') AS url
FROM overdue AS o
LEFT JOIN (SELECT id, title, url FROM trustwatch.documents WHERE id IN (SELECT doc_id FROM overdue)
           ORDER BY id, ingested_at DESC LIMIT 1 BY id) AS d ON d.id = o.doc_id
ORDER BY o.due, o.objection_id`, store.Quote(today))
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, err
	}
	out := make([]Warning, 0, len(rows))
	for _, row := range rows {
		unitName := row.UnitID
		if u, ok := a.o.Units.Get(row.UnitID); ok {
			unitName = u.Name
		}
		due, _ := time.ParseInLocation("2006-01-02", row.Due, shanghai)
		late := float64(now.In(shanghai).Sub(due).Hours() / 24)
		if a.o.Calendar != nil {
			late = float64(a.o.Calendar.Between(due, now.In(shanghai)))
		}
		w := a.warning(r, "", row.ID)
		w.UnitName = "异议 " + row.ID
		w.Value = late
		w.Summary = fmt.Sprintf("%s的异议 %s（%s，%s 提出）审核期限 %s 已过，尚未决定", unitName, row.ID, row.Category, row.FiledBy, row.Due)
		w.Figures = []Figure{{Name: "超过审核期限", Value: late, Format: "%.0f个工作日", Period: "截至" + today}}
		w.Evidence = []Evidence{{Category: row.Category, Title: row.Title, URL: row.URL, Date: row.Filed.In(shanghai).Format("2006-01-02")}}
		out = append(out, w)
	}
	return out, nil
}
