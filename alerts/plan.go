package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts/route"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store"
)

// NoticeKind is why a mail is sent.
type NoticeKind string

// The kinds of mail.
const (
	NoticeFiring     NoticeKind = "firing"     // new warnings
	NoticeRepeat     NoticeKind = "repeat"     // still firing, not acknowledged
	NoticeResolved   NoticeKind = "resolved"   // the condition cleared
	NoticeEscalation NoticeKind = "escalation" // nobody acknowledged in time: to the supervisors
)

// Notice is one mail: a kind, a route, and one unit's warnings.
type Notice struct {
	ID       string
	Kind     NoticeKind
	Route    string
	To, Cc   []string
	UnitID   string
	UnitName string
	Warnings []Warning
	// AckLinks are the acknowledgement links by fingerprint (none without a key).
	AckLinks map[string]string
	Created  time.Time
}

// Items are the notice's warnings as fingerprint@episode.
func (n Notice) Items() []string {
	out := make([]string, len(n.Warnings))
	for i, w := range n.Warnings {
		out[i] = w.Episode()
	}
	return out
}

// Message is a rendered mail as stored in the outbox.
type Message struct {
	ID      string // the notice's; the Message-ID derives from it
	To, Cc  []string
	Subject string
	Text    string
	HTML    string
	Created time.Time
}

// Delivery is what one attempt to send did.
type Delivery struct {
	Channel  string // smtp or outbox
	Location string // SMTP server or outbox file
	Response string // the server's reply
}

// Notifier renders notices and sends messages.
type Notifier interface {
	Render(n Notice) (subject, text, html string, err error)
	Send(ctx context.Context, m Message) (Delivery, error)
}

// sentKey is what the outbox says was sent for one episode on one route.
type sentKey struct {
	item, route string
	kind        NoticeKind
}

type sent struct {
	first, last time.Time
	n           int
}

// plan decides the mails due now and stores them in the outbox. It returns
// them and how many warnings are firing.
func (a *Alerter) plan(ctx context.Context, now time.Time, noWait bool) ([]Notice, int, error) {
	since := now.Add(-7 * 24 * time.Hour).UTC().Format("2006-01-02 15:04:05")
	ws, err := a.loadWarnings(ctx, "status = 'firing' OR (change = 'resolved' AND ends_at >= toDateTime64("+store.Quote(since)+", 3, 'UTC'))")
	if err != nil {
		return nil, 0, err
	}
	firing, err := a.mute(ctx, now, ws)
	if err != nil {
		return nil, 0, err
	}
	hist, err := a.history(ctx, ws)
	if err != nil {
		return nil, 0, err
	}
	groups := map[string]*Notice{}
	add := func(kind NoticeKind, r route.Route, w Warning) {
		k := string(kind) + "\x00" + r.Name + "\x00" + w.UnitID
		n := groups[k]
		if n == nil {
			n = &Notice{Kind: kind, Route: r.Name, To: r.To, Cc: r.Cc, UnitID: w.UnitID, UnitName: w.UnitName, Created: now.UTC()}
			if w.UnitID == "" { // sources: one mail for all of them, named by none
				n.UnitName = ""
			}
			groups[k] = n
		}
		n.Warnings = append(n.Warnings, w)
	}
	p := a.o.Rules.Policy
	if noWait {
		p.GroupWait = 0
	}
	for _, w := range ws {
		if w.Status == Resolved {
			if *p.SendResolved {
				for _, r := range a.routes(w) {
					if hist[sentKey{w.Episode(), r.Name, NoticeFiring}].n > 0 && hist[sentKey{w.Episode(), r.Name, NoticeResolved}].n == 0 {
						add(NoticeResolved, r, w)
					}
				}
			}
			continue
		}
		if w.SilencedBy != "" || w.InhibitedBy != "" {
			continue
		}
		firstNotice := time.Time{}
		for _, r := range a.routes(w) {
			f := hist[sentKey{w.Episode(), r.Name, NoticeFiring}]
			rep := hist[sentKey{w.Episode(), r.Name, NoticeRepeat}]
			switch {
			case f.n == 0 && !now.Before(w.StartsAt.Add(p.GroupWait)):
				add(NoticeFiring, r, w)
			case f.n > 0 && !w.Acknowledged() && !now.Before(latest(f.last, rep.last).Add(p.RepeatInterval)):
				add(NoticeRepeat, r, w)
			}
			if f.n > 0 && (firstNotice.IsZero() || f.first.Before(firstNotice)) {
				firstNotice = f.first
			}
		}
		sup, _ := a.o.Recipients.Named(route.Supervisors)
		if slices.Contains(p.EscalateLevels, w.Level) && !w.Acknowledged() && !firstNotice.IsZero() &&
			!now.Before(firstNotice.Add(p.EscalateAfter)) && hist[sentKey{w.Episode(), sup.Name, NoticeEscalation}].n == 0 {
			add(NoticeEscalation, sup, w)
		}
	}
	notices, err := a.store(ctx, groups, hist)
	return notices, firing, err
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// routes are where a warning goes: a source's to the operators, a unit's
// to its routes.
func (a *Alerter) routes(w Warning) []route.Route {
	if w.Kind == rule.Source {
		r, _ := a.o.Recipients.Named(route.Operators)
		return []route.Route{r}
	}
	return a.o.Recipients.For(w.UnitID, w.Level)
}

// history reads what the outbox holds for these warnings' episodes.
func (a *Alerter) history(ctx context.Context, ws []Warning) (map[sentKey]sent, error) {
	out := map[sentKey]sent{}
	if len(ws) == 0 {
		return out, nil
	}
	items := make([]string, len(ws))
	for i, w := range ws {
		items[i] = store.Quote(w.Episode())
	}
	q := `SELECT item, route, kind, min(created_at) AS first, max(created_at) AS last, toUInt32(count()) AS n
FROM (SELECT arrayJoin(items) AS item, route, toString(kind) AS kind, created_at
      FROM (SELECT * FROM trustwatch.outbox ORDER BY id, created_at LIMIT 1 BY id))
WHERE item IN (` + strings.Join(items, ", ") + `)
GROUP BY item, route, kind`
	var rows []struct {
		Item  string    `json:"item"`
		Route string    `json:"route"`
		Kind  string    `json:"kind"`
		First time.Time `json:"first"`
		Last  time.Time `json:"last"`
		N     int       `json:"n"`
	}
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	for _, r := range rows {
		out[sentKey{r.Item, r.Route, NoticeKind(r.Kind)}] = sent{r.First, r.Last, r.N}
	}
	return out, nil
}

// store renders the planned notices and stores them in the outbox in one
// insert. A notice's id is a hash of its kind, route, episodes and (for a
// repeat) how many repeats came before, so planning it twice — after a
// crash between storing and sending, say — stores the same mail twice,
// which the outbox reads as one.
func (a *Alerter) store(ctx context.Context, groups map[string]*Notice, hist map[sentKey]sent) ([]Notice, error) {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Notice
	var rows [][]any
	for _, k := range keys {
		n := *groups[k]
		items := n.Items()
		seq := 0
		if n.Kind == NoticeRepeat {
			seq = hist[sentKey{items[0], n.Route, NoticeRepeat}].n + 1
		}
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d", n.Kind, n.Route, strings.Join(slices.Sorted(slices.Values(items)), ","), seq)))
		n.ID = hex.EncodeToString(sum[:12])
		n.AckLinks = a.ackLinks(n)
		subject, text, html, err := a.o.Notifier.Render(n)
		if err != nil {
			return nil, fmt.Errorf("render notice %s: %w", n.ID, err)
		}
		rows = append(rows, []any{n.ID, string(n.Kind), n.Route, orEmpty(n.To), orEmpty(n.Cc), n.UnitID, items, subject, text, html, n.Created})
		out = append(out, n)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	cols := []string{"id", "kind", "route", "to_addrs", "cc_addrs", "unit_id", "items", "subject", "text", "html", "created_at"}
	if err := a.o.Store.Insert(ctx, store.Database+".outbox", cols, rows); err != nil {
		return nil, fmt.Errorf("store %d mails in the outbox: %w", len(rows), err)
	}
	return out, nil
}
