package alerts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// isLatestMonth reports whether run is of a month no earlier than every
// month ranked so far.
func (a *Alerter) isLatestMonth(ctx context.Context, run analytics.Run) (bool, error) {
	if run.Period.Kind != period.Month {
		return false, nil // the rules are monthly: a quarter's run must not warn again of its months
	}
	var rows []struct {
		P string `json:"p"`
	}
	q := "SELECT max(period) AS p FROM trustwatch.v_index_runs WHERE period_kind = 'month'"
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return false, fmt.Errorf("read the latest month ranked: %w", err)
	}
	return len(rows) == 0 || run.Period.String() >= rows[0].P, nil
}

// thresholds tests the threshold rules on every unit's row of a run.
func (a *Alerter) thresholds(run analytics.Run) []Warning {
	var out []Warning
	for _, r := range rulesOf(a.o.Rules.Rules, rule.Threshold) {
		for _, row := range run.Rows {
			v, ok := metric(row, r.Metric)
			if !ok || !r.Op.Compare(v, *r.Threshold) {
				continue
			}
			name := r.Metric.Name(a.o.Names)
			label := run.Period.Chinese()
			w := a.warning(r, row.UnitID, run.Period.String())
			w.Value = v
			w.Summary = fmt.Sprintf("%s %s %.4g %s %.4g（%s）", w.UnitName, name, v, r.Op.Symbol(), *r.Threshold, label)
			w.Figures = []Figure{{Name: name, Value: v, Period: label},
				{Name: "政务诚信指数", Value: row.Score, Format: "%.1f", Period: label},
				{Name: fmt.Sprintf("排名（共%d个）", len(run.Group(row.Group))), Value: float64(row.Rank), Format: "第%.0f名", Period: label}}
			out = append(out, w)
		}
	}
	return out
}

// warning starts a warning of rule r about a unit (or source) and key.
func (a *Alerter) warning(r rule.Rule, unitID, key string) Warning {
	name := unitID
	if u, ok := a.o.Units.Get(unitID); ok {
		name = u.Name
	}
	return Warning{Fingerprint: fingerprint(r.Name, unitID, key), Rule: r.Name, Kind: r.Kind, Level: r.Level,
		Cause: r.Cause, UnitID: unitID, UnitName: name, Key: key, Description: r.Description}
}

// metric reads a rule's metric off a row; false when the row has no value
// for it (an indicator without evidence, a change without a previous period).
func metric(row analytics.Row, m rule.Metric) (float64, bool) {
	switch kind, id := m.Parts(); kind {
	case "dimension":
		v, ok := row.Dimensions[id]
		return v, ok
	case "indicator":
		v, ok := row.Indicators[id]
		return v, ok
	}
	switch m {
	case rule.Complaints:
		return float64(row.Complaints), true
	case rule.Negatives:
		return float64(row.Negatives), true
	case rule.SeveritySum:
		return float64(row.SeveritySum), true
	case rule.Documents:
		return float64(row.Documents), true
	case rule.ScoreDrop:
		return row.PrevScore - row.Score, row.PrevRank > 0
	case rule.RankDrop:
		return float64(row.Rank - row.PrevRank), row.PrevRank > 0
	}
	return row.Score, true
}

// evaluateLive evaluates every rule that needs no ranking and reconciles
// each rule's warnings.
func (a *Alerter) evaluateLive(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	for _, r := range a.o.Rules.Rules {
		var ws []Warning
		var err error
		switch r.Kind {
		case rule.Threshold:
			continue
		case rule.Severe:
			ws, err = a.severe(ctx, r, now)
		case rule.Overdue:
			ws, err = a.overdue(ctx, r, now)
		case rule.Spike:
			ws, err = a.spikes(ctx, r, now)
		case rule.Hot:
			ws, err = a.hot(ctx, r, now)
		case rule.Source:
			ws, err = a.sources(ctx, r, now)
		case rule.Review:
			ws, err = a.reviews(ctx, r, now)
		}
		if err != nil {
			return res, fmt.Errorf("rule %s: %w", r.Name, err)
		}
		rr, err := a.reconcile(ctx, []rule.Rule{r}, ws)
		if err != nil {
			return res, err
		}
		res.Add(rr)
	}
	return res, nil
}

func day(t time.Time) string { return t.In(shanghai).Format("2006-01-02") }

var shanghai = document.Shanghai

// unitFilter keeps the configured units' rows: a unit id no longer in the
// units file warns nobody.
func (a *Alerter) known(unitID string) bool {
	_, ok := a.o.Units.Get(unitID)
	return ok
}

// severe raises one warning per negative record at or above the rule's
// severity, of the rule's categories, dated within its window — one per
// event: a repost or copy grouped with its original (v_document_events)
// warns no more. Until the ranking groups them, both may warn; the copy's
// warning then leaves quietly, as a record leaving its window does.
func (a *Alerter) severe(ctx context.Context, r rule.Rule, now time.Time) ([]Warning, error) {
	cats := ""
	if len(r.Categories) > 0 {
		qs := make([]string, len(r.Categories))
		for i, c := range r.Categories {
			qs[i] = store.Quote(c)
		}
		cats = " AND s.category IN (" + strings.Join(qs, ", ") + ")"
	}
	q := fmt.Sprintf(`SELECT s.doc_id AS doc_id, toString(s.unit_id) AS unit_id, toString(s.category) AS category,
  toUInt8(s.severity) AS severity, s.evidence AS evidence, d.title AS title, d.url AS url, toString(s.event_date) AS date
FROM trustwatch.v_signals AS s INNER JOIN trustwatch.v_documents AS d ON d.id = s.doc_id
WHERE s.polarity < 0 AND s.severity >= %d AND s.event_date >= toDate(%s)%s
  AND s.doc_id NOT IN (SELECT doc_id FROM trustwatch.v_document_events WHERE event_id != doc_id)
ORDER BY s.event_date DESC, s.doc_id, s.unit_id`, r.MinSeverity, store.Quote(day(now.AddDate(0, 0, -r.WithinDays))), cats)
	var rows []struct {
		DocID  string `json:"doc_id"`
		UnitID string `json:"unit_id"`
		Evidence
	}
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, err
	}
	var out []Warning
	for _, row := range rows {
		if !a.known(row.UnitID) {
			continue
		}
		w := a.warning(r, row.UnitID, row.DocID+"/"+row.Category)
		w.Value = float64(row.Severity)
		w.Summary = fmt.Sprintf("%s 新增%s记录（严重程度%d）：%s", w.UnitName, row.Category, row.Severity, row.Title)
		w.Figures = []Figure{{Name: "严重程度", Value: float64(row.Severity), Format: "%.0f级", Period: row.Date}}
		w.Evidence = []Evidence{row.Evidence}
		out = append(out, w)
	}
	return out, nil
}

// overdue raises one warning per failure of the rule's deadline indicator
// within its window.
func (a *Alerter) overdue(ctx context.Context, r rule.Rule, now time.Time) ([]Warning, error) {
	since := now.In(shanghai).AddDate(0, 0, -r.WithinDays)
	var fs []analytics.Failure
	var err error
	name := a.o.Names[r.Indicator]
	if r.Query != "" {
		fs, err = a.o.Ranker.FailuresOf(ctx, r.Name, r.SQL, since)
		name = r.Name
	} else {
		fs, err = a.o.Ranker.Failures(ctx, r.Indicator, since)
	}
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = r.Indicator
	}
	var out []Warning
	for _, f := range fs {
		if !a.known(f.UnitID) {
			continue
		}
		w := a.warning(r, f.UnitID, f.DocID)
		w.Value = 1
		w.Summary = fmt.Sprintf("%s 未按期限办理（%s）：%s", w.UnitName, name, f.Title)
		w.Figures = []Figure{{Name: name + "·超期记录", Value: 1, Format: "%.0f件", Period: f.Day}}
		w.Evidence = []Evidence{{Category: name, Title: f.Title, URL: f.URL, Date: f.Day, Text: "超过规定期限"}}
		out = append(out, w)
	}
	return out, nil
}

// hot raises one warning per unit and category with many negative
// documents from several sources published within the rule's window.
func (a *Alerter) hot(ctx context.Context, r rule.Rule, now time.Time) ([]Warning, error) {
	q := fmt.Sprintf(`SELECT toString(s.unit_id) AS unit_id, toString(s.category) AS category,
  uniqExact(s.doc_id) AS docs, uniqExact(d.source) AS sources,
  groupArray(5)(d.title) AS titles, groupArray(5)(d.url) AS urls, groupArray(5)(toString(toDate(d.published_at))) AS dates
FROM trustwatch.v_signals AS s INNER JOIN trustwatch.v_documents AS d ON d.id = s.doc_id
WHERE s.polarity < 0 AND d.published_at >= toDateTime64(%s, 3, 'UTC') AND d.published_at <= toDateTime64(%s, 3, 'UTC')
GROUP BY s.unit_id, s.category
HAVING docs >= %d AND sources >= %d
ORDER BY unit_id, category`, store.Quote(now.Add(-r.Window).UTC().Format("2006-01-02 15:04:05")),
		store.Quote(now.UTC().Format("2006-01-02 15:04:05")), r.MinDocs, r.MinSources)
	var rows []struct {
		UnitID   string   `json:"unit_id"`
		Category string   `json:"category"`
		Docs     int      `json:"docs"`
		Sources  int      `json:"sources"`
		Titles   []string `json:"titles"`
		URLs     []string `json:"urls"`
		Dates    []string `json:"dates"`
	}
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, err
	}
	var out []Warning
	for _, row := range rows {
		if !a.known(row.UnitID) {
			continue
		}
		w := a.warning(r, row.UnitID, row.Category)
		w.Value = float64(row.Docs)
		w.Summary = fmt.Sprintf("%s %s内 %d 篇文档（%d 个来源）集中反映%s", w.UnitName, r.Window, row.Docs, row.Sources, row.Category)
		w.Figures = []Figure{{Name: "文档数", Value: float64(row.Docs), Format: "%.0f篇", Period: "近" + r.Window.String()},
			{Name: "来源数", Value: float64(row.Sources), Format: "%.0f个", Period: "近" + r.Window.String()}}
		for i := range row.Titles {
			w.Evidence = append(w.Evidence, Evidence{Category: row.Category, Title: row.Titles[i], URL: row.URLs[i], Date: row.Dates[i]})
		}
		out = append(out, w)
	}
	return out, nil
}

// sources raises one warning per configured source with no healthy crawl
// for the rule's silent_after (a source never crawled: since the alerter
// started). They go to the operators: the unit is not at fault.
func (a *Alerter) sources(ctx context.Context, r rule.Rule, now time.Time) ([]Warning, error) {
	var rows []struct {
		Source string    `json:"source"`
		LastOK time.Time `json:"last_ok"`
		Health string    `json:"health"`
	}
	q := `SELECT toString(source) AS source, maxIf(finished_at, healthy = 1) AS last_ok, argMax(health, started_at) AS health
FROM trustwatch.crawl_runs GROUP BY source`
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, err
	}
	last := map[string]time.Time{}
	health := map[string]string{}
	for _, row := range rows {
		last[row.Source], health[row.Source] = row.LastOK, row.Health
	}
	var out []Warning
	for _, s := range a.o.Sources {
		since := last[s.ID]
		if since.Before(a.started) {
			since = a.started
		}
		silent := now.Sub(since)
		if silent <= r.SilentAfter {
			continue
		}
		w := a.warning(r, "", s.ID)
		w.UnitName = s.Name
		w.Value = silent.Hours()
		why := "无正常抓取"
		if h := health[s.ID]; h != "" {
			why += "，最近一次：" + h
		}
		w.Summary = fmt.Sprintf("来源「%s」已 %.0f 小时%s", s.Name, silent.Hours(), why)
		w.Figures = []Figure{{Name: "无正常抓取时长", Value: silent.Hours(), Format: "%.1f小时", Period: "自" + since.In(shanghai).Format("2006-01-02 15:04")}}
		out = append(out, w)
	}
	return out, nil
}
