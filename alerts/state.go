package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store"
)

// none stands for "not yet" in DateTime64 columns, which have no NULL here.
var none = time.Unix(0, 0).UTC()

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// reconcile makes the stored warnings of rules match what the rules find
// now: new ones are raised, changed ones updated, and those no longer found
// resolve — quietly (expired) when they were records that left the window
// or a period a later one of the same rule and unit replaced.
func (a *Alerter) reconcile(ctx context.Context, rules []rule.Rule, active []Warning) (Result, error) {
	var res Result
	if len(rules) == 0 {
		return res, nil
	}
	names := make([]string, len(rules))
	kinds := map[string]rule.Kind{}
	for i, r := range rules {
		names[i] = store.Quote(r.Name)
		kinds[r.Name] = r.Kind
	}
	current, err := a.loadWarnings(ctx, "status = 'firing' AND rule IN ("+strings.Join(names, ", ")+")")
	if err != nil {
		return res, err
	}
	byFP := map[string]Warning{}
	for _, w := range current {
		byFP[w.Fingerprint] = w
	}
	now := a.o.Now().UTC()
	seen := map[string]bool{}
	stillFiring := map[string]bool{} // rule + unit
	var rows []Warning
	for _, w := range active {
		if seen[w.Fingerprint] {
			continue
		}
		seen[w.Fingerprint] = true
		stillFiring[w.Rule+"\x00"+w.UnitID] = true
		cur, ok := byFP[w.Fingerprint]
		delete(byFP, w.Fingerprint)
		switch {
		case !ok:
			w.Status, w.Change, w.StartsAt, w.EndsAt, w.AckedAt = Firing, Raised, now, none, none
			res.Raised = append(res.Raised, w)
		case cur.Value != w.Value || cur.Summary != w.Summary || cur.Level != w.Level:
			w.Status, w.Change, w.StartsAt, w.EndsAt = Firing, Updated, cur.StartsAt, none
			w.SilencedBy, w.InhibitedBy, w.AckedBy, w.AckedAt = cur.SilencedBy, cur.InhibitedBy, cur.AckedBy, cur.AckedAt
		default:
			continue
		}
		w.ChangedAt = now
		rows = append(rows, w)
	}
	for _, w := range byFP {
		w.Status, w.EndsAt, w.ChangedAt, w.Change = Resolved, now, now, Cleared
		if kinds[w.Rule].Records() || stillFiring[w.Rule+"\x00"+w.UnitID] {
			w.Change = Expired
		}
		res.Resolved = append(res.Resolved, w)
		rows = append(rows, w)
	}
	for _, w := range res.Raised {
		a.o.Logger.Info("warning raised", "rule", w.Rule, "level", w.Level, "unit", w.UnitID, "key", w.Key)
	}
	return res, a.storeChanges(ctx, rows)
}

var warningColumns = []string{"fingerprint", "rule", "kind", "level", "cause", "unit_id", "unit_name", "key",
	"status", "change", "summary", "value", "figures", "evidence", "starts_at", "ends_at",
	"silenced_by", "inhibited_by", "acked_by", "acked_at", "changed_at"}

// storeChanges appends one row per changed warning, holding its whole state.
func (a *Alerter) storeChanges(ctx context.Context, ws []Warning) error {
	if len(ws) == 0 {
		return nil
	}
	rows := make([][]any, len(ws))
	for i, w := range ws {
		fig, _ := json.Marshal(orEmpty(w.Figures))
		ev, _ := json.Marshal(orEmpty(w.Evidence))
		rows[i] = []any{w.Fingerprint, w.Rule, string(w.Kind), string(w.Level), w.Cause, w.UnitID, w.UnitName, w.Key,
			string(w.Status), string(w.Change), w.Summary, w.Value, string(fig), string(ev), orNone(w.StartsAt), orNone(w.EndsAt),
			w.SilencedBy, w.InhibitedBy, w.AckedBy, orNone(w.AckedAt), w.ChangedAt.UTC()}
	}
	if err := a.o.Store.Insert(ctx, store.Database+".warning_changes", warningColumns, rows); err != nil {
		return fmt.Errorf("store %d warning changes: %w", len(ws), err)
	}
	return nil
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func orNone(t time.Time) time.Time {
	if t.IsZero() {
		return none
	}
	return t.UTC()
}

// storedWarning is a row of v_warnings as decoded.
type storedWarning struct {
	Warning
	FiguresJSON  string `json:"figures"`
	EvidenceJSON string `json:"evidence"`
}

// loadWarnings reads the current state of the warnings matching where.
func (a *Alerter) loadWarnings(ctx context.Context, where string) ([]Warning, error) {
	// Most severe first, then by unit: the order of a mail's warnings and of listings.
	q := "SELECT " + strings.Join(warningColumns, ", ") + " FROM trustwatch.v_warnings WHERE " + where +
		" ORDER BY indexOf(['红', '橙', '黄', '蓝'], level), unit_id, rule, key, fingerprint"
	var rows []storedWarning
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read warnings: %w", err)
	}
	out := make([]Warning, len(rows))
	for i, r := range rows {
		w := r.Warning
		if err := json.Unmarshal([]byte(r.FiguresJSON), &w.Figures); err != nil {
			return nil, fmt.Errorf("warning %s: figures: %w", w.Fingerprint, err)
		}
		if err := json.Unmarshal([]byte(r.EvidenceJSON), &w.Evidence); err != nil {
			return nil, fmt.Errorf("warning %s: evidence: %w", w.Fingerprint, err)
		}
		w.EndsAt, w.AckedAt = zeroIfNone(w.EndsAt), zeroIfNone(w.AckedAt)
		w.StartsAt = w.StartsAt.UTC()
		if r, ok := a.o.Rules.Named(w.Rule); ok {
			w.Description = r.Description
		}
		out[i] = w
	}
	return out, nil
}

func zeroIfNone(t time.Time) time.Time {
	if t.Unix() <= 0 {
		return time.Time{}
	}
	return t.UTC()
}

// Warnings lists the current state of warnings: firing ones, or all when
// all is set; filters on rule, unit and level apply when not empty.
func (a *Alerter) Warnings(ctx context.Context, all bool, ruleName, unitID string, level rule.Level) ([]Warning, error) {
	conds := []string{"1"}
	if !all {
		conds = append(conds, "status = 'firing'")
	}
	for col, v := range map[string]string{"rule": ruleName, "unit_id": unitID, "level": string(level)} {
		if v != "" {
			conds = append(conds, col+" = "+store.Quote(v))
		}
	}
	return a.loadWarnings(ctx, strings.Join(conds, " AND "))
}

// Warning returns one warning's state by fingerprint (or a unique prefix
// of at least 6 characters) and its history, oldest first.
func (a *Alerter) Warning(ctx context.Context, fp string) (Warning, []Warning, error) {
	if len(fp) < 6 || strings.Trim(fp, "0123456789abcdef") != "" {
		return Warning{}, nil, fmt.Errorf("warning %q: want a fingerprint (at least 6 hex digits)", fp)
	}
	ws, err := a.loadWarnings(ctx, "startsWith(fingerprint, "+store.Quote(fp)+")")
	if err != nil {
		return Warning{}, nil, err
	}
	switch {
	case len(ws) == 0:
		return Warning{}, nil, fmt.Errorf("no warning %s (see trustwatch alerts list -all)", fp)
	case len(ws) > 1:
		return Warning{}, nil, fmt.Errorf("%d warnings start with %s: give more of the fingerprint", len(ws), fp)
	}
	w := ws[0]
	var hist []Warning
	q := "SELECT " + strings.Join(warningColumns, ", ") + " FROM trustwatch.warning_changes WHERE fingerprint = " +
		store.Quote(w.Fingerprint) + " ORDER BY changed_at"
	var rows []storedWarning
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return w, nil, fmt.Errorf("read history of %s: %w", w.Fingerprint, err)
	}
	for _, r := range rows {
		hist = append(hist, r.Warning)
	}
	return w, hist, nil
}
