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
	NoticeDigest     NoticeKind = "digest"     // a digest route's daily mail
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
	// Fresh marks a digest's warnings the route had not been told of.
	Fresh map[string]bool
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

// planner collects the mails due in one plan.
type planner struct {
	a      *Alerter
	now    time.Time
	p      rule.Policy
	hist   map[sentKey]sent
	last   map[string]time.Time // each digest route's last digest
	groups map[string]*Notice
	digest map[string]*Notice // by route
}

func (pl *planner) add(kind NoticeKind, r route.Route, w Warning) {
	k := string(kind) + "\x00" + r.Name + "\x00" + w.UnitID
	n := pl.groups[k]
	if n == nil {
		n = &Notice{Kind: kind, Route: r.Name, To: r.To, Cc: r.Cc, UnitID: w.UnitID, UnitName: w.UnitName, Created: pl.now.UTC()}
		if w.UnitID == "" { // sources: one mail for all of them, named by none
			n.UnitName = ""
		}
		pl.groups[k] = n
	}
	n.Warnings = append(n.Warnings, w)
}

// told reports what the route was told of an episode, and when first.
func (pl *planner) told(ep, r string) (sent, bool) {
	f, d := pl.hist[sentKey{ep, r, NoticeFiring}], pl.hist[sentKey{ep, r, NoticeDigest}]
	switch {
	case f.n > 0 && d.n > 0 && d.first.Before(f.first):
		return d, true
	case f.n > 0:
		return f, true
	case d.n > 0:
		return d, true
	}
	return sent{}, false
}

// plan decides the mails due now and stores them in the outbox. It returns
// them and how many warnings are firing. noWait skips the group wait.
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
	pl := &planner{a: a, now: now, p: a.o.Rules.Policy, groups: map[string]*Notice{}, digest: map[string]*Notice{}}
	if noWait {
		pl.p.GroupWait = 0
	}
	if pl.hist, err = a.history(ctx, ws); err != nil {
		return nil, 0, err
	}
	if pl.last, err = a.lastDigests(ctx); err != nil {
		return nil, 0, err
	}
	for _, w := range ws {
		if w.Status == Resolved {
			pl.resolved(w)
		} else if w.SilencedBy == "" && w.InhibitedBy == "" {
			pl.firing(w)
		}
	}
	for _, n := range pl.digest {
		if len(n.Warnings) > 0 {
			pl.groups[string(NoticeDigest)+"\x00"+n.Route] = n
		}
	}
	notices, err := a.store(ctx, pl.groups, pl.hist)
	return notices, firing, err
}

// digestDue returns the route's digest being assembled when one is due
// now, else nil: a warning of a digest route waits for it.
func (pl *planner) digestDue(r route.Route) *Notice {
	if n, ok := pl.digest[r.Name]; ok {
		return n
	}
	at := pl.p.DigestTime(pl.now)
	if pl.now.Before(at) || !pl.last[r.Name].Before(at) {
		return nil
	}
	n := &Notice{Kind: NoticeDigest, Route: r.Name, To: r.To, Cc: r.Cc, Created: pl.now.UTC(), Fresh: map[string]bool{}}
	pl.digest[r.Name] = n
	return n
}

func digested(r route.Route, w Warning) bool { return r.Digest && w.Level != rule.Red }

func (pl *planner) resolved(w Warning) {
	if !*pl.p.SendResolved {
		return
	}
	for _, r := range pl.a.routes(w) {
		_, told := pl.told(w.Episode(), r.Name)
		switch {
		case !told || pl.hist[sentKey{w.Episode(), r.Name, NoticeResolved}].n > 0:
		case digested(r, w):
			// Listed once, in the first digest after it resolved.
			if n := pl.digestDue(r); n != nil && w.EndsAt.After(pl.last[r.Name]) {
				n.Warnings = append(n.Warnings, w)
			}
		default:
			pl.add(NoticeResolved, r, w)
		}
	}
}

func (pl *planner) firing(w Warning) {
	var firstNotice time.Time
	for _, r := range pl.a.routes(w) {
		f, told := pl.told(w.Episode(), r.Name)
		rep := pl.hist[sentKey{w.Episode(), r.Name, NoticeRepeat}]
		switch {
		case digested(r, w):
			if n := pl.digestDue(r); n != nil {
				n.Warnings = append(n.Warnings, w)
				n.Fresh[w.Fingerprint] = !told
			}
		case !told && !pl.now.Before(w.StartsAt.Add(pl.p.GroupWait)):
			pl.add(NoticeFiring, r, w)
		case told && !w.Acknowledged() && !pl.now.Before(latest(f.last, rep.last).Add(pl.p.RepeatInterval)):
			pl.add(NoticeRepeat, r, w)
		}
		if told && (firstNotice.IsZero() || f.first.Before(firstNotice)) {
			firstNotice = f.first
		}
	}
	sup, _ := pl.a.o.Recipients.Named(route.Supervisors)
	if slices.Contains(pl.p.EscalateLevels, w.Level) && !w.Acknowledged() && !firstNotice.IsZero() &&
		!pl.now.Before(firstNotice.Add(pl.p.EscalateAfter)) && pl.hist[sentKey{w.Episode(), sup.Name, NoticeEscalation}].n == 0 {
		pl.add(NoticeEscalation, sup, w)
	}
}

// lastDigests returns when each route last got a digest.
func (a *Alerter) lastDigests(ctx context.Context) (map[string]time.Time, error) {
	var rows []struct {
		Route string    `json:"route"`
		Last  time.Time `json:"last"`
	}
	q := "SELECT route, max(created_at) AS last FROM trustwatch.outbox WHERE kind = 'digest' GROUP BY route"
	if err := a.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read the last digests: %w", err)
	}
	out := map[string]time.Time{}
	for _, r := range rows {
		out[r.Route] = r.Last
	}
	return out, nil
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// routes are where a warning goes: a source's to the operators, an
// overdue review's to the evaluators, a unit's to its routes.
func (a *Alerter) routes(w Warning) []route.Route {
	switch w.Kind {
	case rule.Source:
		r, _ := a.o.Recipients.Named(route.Operators)
		return []route.Route{r}
	case rule.Review:
		r, _ := a.o.Recipients.Named(route.Evaluators)
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
	// Only the mails holding these episodes are read and deduplicated: this
	// runs every tick, and the outbox only grows.
	list := "[" + strings.Join(items, ", ") + "]"
	q := `SELECT item, route, kind, min(created_at) AS first, max(created_at) AS last, toUInt32(count()) AS n
FROM (SELECT arrayJoin(items) AS item, route, toString(kind) AS kind, created_at
      FROM (SELECT id, items, route, kind, created_at FROM trustwatch.outbox WHERE hasAny(items, ` + list + `)
            ORDER BY id, created_at LIMIT 1 BY id))
WHERE has(` + list + `, item)
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
		seq, key := 0, strings.Join(slices.Sorted(slices.Values(items)), ",")
		switch n.Kind {
		case NoticeRepeat:
			seq = hist[sentKey{items[0], n.Route, NoticeRepeat}].n + 1
		case NoticeDigest:
			key = n.Created.In(shanghai).Format("2006-01-02") // one a day, whatever it lists
		}
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d", n.Kind, n.Route, key, seq)))
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
