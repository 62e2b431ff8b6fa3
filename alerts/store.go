package alerts

import (
	"context"
	"fmt"
	"strings"

	"github.com/trustwatch/trustwatch/store"
)

var warningColumns = []string{"fingerprint", "run_id", "rule", "level", "unit_id", "unit_name",
	"period", "value", "threshold", "message", "raised_at"}

func (a *Alerter) storeWarnings(ctx context.Context, ws []Warning) error {
	rows := make([][]any, len(ws))
	now := a.o.Now().UTC()
	for i, w := range ws {
		msg := fmt.Sprintf("%s %s %s %.4g（阈值 %.4g）", w.UnitName, w.MetricName, w.Op.Symbol(), w.Value, w.Threshold)
		rows[i] = []any{w.Fingerprint, w.RunID, w.Rule, string(w.Level), w.UnitID, w.UnitName, store.Day(w.Period), w.Value, w.Threshold, msg, now}
	}
	if err := a.o.Store.Insert(ctx, store.Database+".warnings", warningColumns, rows); err != nil {
		return fmt.Errorf("store %d warnings: %w", len(ws), err)
	}
	return nil
}

// delivered returns, per warning, the recipients it was delivered to; it
// reads only these warnings' rows.
func (a *Alerter) delivered(ctx context.Context, ws []Warning) (map[string]map[string]bool, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	fps := make([]string, len(ws))
	for i, w := range ws {
		fps[i] = store.Quote(w.Fingerprint)
	}
	var rows []struct {
		F  string `json:"fingerprint"`
		To string `json:"recipient"`
	}
	q := "SELECT DISTINCT fingerprint, recipient FROM trustwatch.deliveries WHERE ok AND fingerprint IN (" + strings.Join(fps, ", ") + ")"
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read deliveries: %w", err)
	}
	out := map[string]map[string]bool{}
	for _, r := range rows {
		if out[r.F] == nil {
			out[r.F] = map[string]bool{}
		}
		out[r.F][r.To] = true
	}
	return out, nil
}

var deliveryColumns = []string{"fingerprint", "recipient", "channel", "subject", "location", "ok", "response", "attempted_at"}

// recordDelivery appends one delivery attempt, successful or not.
func (a *Alerter) recordDelivery(ctx context.Context, w Warning, to string, d Delivery, err error) error {
	resp := d.Response
	if err != nil {
		resp = err.Error()
	}
	row := []any{w.Fingerprint, to, d.Channel, d.Subject, d.Location, err == nil, resp, a.o.Now().UTC()}
	if err := a.o.Store.Insert(ctx, store.Database+".deliveries", deliveryColumns, [][]any{row}); err != nil {
		return fmt.Errorf("record delivery of %s to %s: %w", w.Fingerprint, to, err)
	}
	return nil
}

// evidence returns the five most severe 失信 signals behind a warning.
func (a *Alerter) evidence(ctx context.Context, w Warning) ([]Evidence, error) {
	q := fmt.Sprintf(`SELECT s.category AS category, s.severity AS severity, s.evidence AS evidence,
  d.title AS title, d.url AS url, toString(s.event_date) AS date
FROM trustwatch.v_signals AS s INNER JOIN trustwatch.v_documents AS d ON d.id = s.doc_id
WHERE s.unit_id = %s AND toStartOfMonth(s.event_date) = toDate(%s) AND s.polarity < 0
ORDER BY s.severity DESC, s.event_date DESC, d.url ASC LIMIT 5`,
		store.Quote(w.UnitID), store.Quote(w.Period.Format("2006-01-02")))
	var ev []Evidence
	if err := a.o.Store.SelectInto(ctx, q, &ev); err != nil {
		return nil, fmt.Errorf("read evidence for %s: %w", w.Fingerprint, err)
	}
	return ev, nil
}
