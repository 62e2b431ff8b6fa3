package alerts

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// pending is a stored mail not yet accepted, with its attempts so far.
type pending struct {
	ID       string    `json:"id"`
	To       []string  `json:"to_addrs"`
	Cc       []string  `json:"cc_addrs"`
	Subject  string    `json:"subject"`
	Text     string    `json:"text"`
	HTML     string    `json:"html"`
	Created  time.Time `json:"created_at"`
	Attempts int       `json:"attempts"`
	Last     time.Time `json:"last_attempt_at"`
}

// backoff is the wait after n failed attempts: retry_min doubling up to retry_max.
func (a *Alerter) backoff(n int) time.Duration {
	p := a.o.Rules.Policy
	d := p.RetryMin
	for i := 1; i < n && d < p.RetryMax; i++ {
		d *= 2
	}
	return min(d, p.RetryMax)
}

// dispatch sends every stored mail that is due: never attempted, or its
// backoff passed. After a failure it stops for this tick — the server is
// likely down, and every other mail would fail the same way. It returns
// the attempts that succeeded and failed.
func (a *Alerter) dispatch(ctx context.Context) (int, int, error) {
	q := `SELECT o.id AS id, o.to_addrs AS to_addrs, o.cc_addrs AS cc_addrs, o.subject AS subject, o.text AS text,
  o.html AS html, o.created_at AS created_at, toUInt32(countIf(t.notification_id != '')) AS attempts,
  max(t.attempted_at) AS last_attempt_at
FROM (SELECT * FROM trustwatch.outbox ORDER BY id, created_at LIMIT 1 BY id) AS o
LEFT JOIN trustwatch.send_attempts AS t ON t.notification_id = o.id
GROUP BY o.id, o.to_addrs, o.cc_addrs, o.subject, o.text, o.html, o.created_at
HAVING max(t.ok) = 0
ORDER BY created_at, id`
	var ps []pending
	if err := a.o.Store.SelectInto(ctx, q, &ps); err != nil {
		return 0, 0, fmt.Errorf("read the outbox: %w", err)
	}
	now := a.o.Now()
	ok, failed := 0, 0
	for _, p := range ps {
		if p.Attempts > 0 && now.Before(p.Last.Add(a.backoff(p.Attempts))) {
			continue
		}
		d, err := a.o.Notifier.Send(ctx, Message{ID: p.ID, To: p.To, Cc: p.Cc, Subject: p.Subject, Text: p.Text, HTML: p.HTML, Created: p.Created})
		if rerr := a.recordAttempt(ctx, p, d, err); rerr != nil {
			return ok, failed, rerr
		}
		if err != nil {
			failed++
			a.o.Logger.Warn("mail not sent; will retry", "id", p.ID, "attempt", p.Attempts+1, "retry_in", a.backoff(p.Attempts+1), "err", err)
			break
		}
		ok++
		a.o.Logger.Info("mail sent", "id", p.ID, "to", p.To, "subject", p.Subject, "channel", d.Channel)
	}
	return ok, failed, nil
}

func (a *Alerter) recordAttempt(ctx context.Context, p pending, d Delivery, err error) error {
	resp := d.Response
	if err != nil {
		resp = err.Error()
	}
	cols := []string{"notification_id", "attempt", "channel", "location", "ok", "response", "attempted_at"}
	row := []any{p.ID, uint32(p.Attempts + 1), d.Channel, d.Location, err == nil, resp, a.o.Now().UTC()}
	if err := a.o.Store.Insert(ctx, store.Database+".send_attempts", cols, [][]any{row}); err != nil {
		return fmt.Errorf("record the attempt to send %s: %w", p.ID, err)
	}
	return nil
}

// Notification is a stored mail and how sending it went (v_notifications).
type Notification struct {
	ID           string    `json:"id"`
	Kind         string    `json:"kind"`
	Route        string    `json:"route"`
	To           []string  `json:"to_addrs"`
	Cc           []string  `json:"cc_addrs"`
	UnitID       string    `json:"unit_id"`
	Items        []string  `json:"items"`
	Subject      string    `json:"subject"`
	Created      time.Time `json:"created_at"`
	Attempts     int       `json:"attempts"`
	Sent         int       `json:"sent"`
	LastResponse string    `json:"last_response"`
}

// Notifications lists stored mails, newest first; fp, when set, keeps
// those of one warning.
func (a *Alerter) Notifications(ctx context.Context, fp string) ([]Notification, error) {
	where := "1"
	if fp != "" {
		where = "arrayExists(i -> startsWith(i, " + store.Quote(fp+"@") + "), items)"
	}
	var out []Notification
	q := "SELECT id, kind, route, to_addrs, cc_addrs, unit_id, items, subject, created_at, attempts, sent, last_response FROM trustwatch.v_notifications WHERE " +
		where + " ORDER BY created_at DESC, id"
	if err := a.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read notifications: %w", err)
	}
	return out, nil
}

// Enqueue stores a mail that is not a warning's (an objection's outcome, say)
// in the outbox and tries to send what is due at once; if the server is
// down, `run` retries it like every stored mail.
func (a *Alerter) Enqueue(ctx context.Context, kind, unitID string, m Message) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	cols := []string{"id", "kind", "route", "to_addrs", "cc_addrs", "unit_id", "items", "subject", "text", "html", "created_at"}
	row := []any{m.ID, kind, kind, orEmpty(m.To), orEmpty(m.Cc), unitID, []string{}, m.Subject, m.Text, m.HTML, m.Created.UTC()}
	if err := a.o.Store.Insert(ctx, store.Database+".outbox", cols, [][]any{row}); err != nil {
		return fmt.Errorf("store mail %s in the outbox: %w", m.ID, err)
	}
	_, _, err := a.dispatch(ctx)
	return err
}
