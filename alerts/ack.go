package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// AckPath is where `serve` answers acknowledgement links.
const AckPath = "/alerts/ack"

// AckToken is what an acknowledgement link carries: one warning's episode,
// the route it was mailed on, and when the link expires; signed.
type AckToken struct {
	Episode string // fingerprint@start
	Route   string
	Expires time.Time
}

func (t AckToken) payload() string {
	return t.Episode + "\x00" + t.Route + "\x00" + strconv.FormatInt(t.Expires.Unix(), 10)
}

func sign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return hex.EncodeToString(m.Sum(nil))
}

// ackLinks signs a link for each warning of a notice that can still be
// acknowledged; none without a key or for resolution notices.
func (a *Alerter) ackLinks(n Notice) map[string]string {
	if len(a.o.AckKey) == 0 || n.Kind == NoticeResolved {
		return nil
	}
	out := map[string]string{}
	for _, w := range n.Warnings {
		if w.Status == Resolved {
			continue // a digest lists resolved warnings too
		}
		t := AckToken{Episode: w.Episode(), Route: n.Route, Expires: n.Created.Add(a.o.Rules.Policy.AckTTL).Truncate(time.Second)}
		v := url.Values{"w": {t.Episode}, "r": {t.Route}, "exp": {strconv.FormatInt(t.Expires.Unix(), 10)},
			"sig": {sign(a.o.AckKey, t.payload())}}
		out[w.Fingerprint] = strings.TrimSuffix(a.o.BaseURL, "/") + AckPath + "?" + v.Encode()
	}
	return out
}

// Errors of acknowledgement links.
var (
	ErrAckDisabled = errors.New("acknowledgement links are not enabled: no key")
	ErrAckInvalid  = errors.New("the link is not valid: it was altered or signed with another key")
	ErrAckExpired  = errors.New("the link has expired")
)

// VerifyAck checks a link's query and returns its token.
func (a *Alerter) VerifyAck(q url.Values) (AckToken, error) {
	if len(a.o.AckKey) == 0 {
		return AckToken{}, ErrAckDisabled
	}
	exp, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil {
		return AckToken{}, ErrAckInvalid
	}
	t := AckToken{Episode: q.Get("w"), Route: q.Get("r"), Expires: time.Unix(exp, 0)}
	if !hmac.Equal([]byte(sign(a.o.AckKey, t.payload())), []byte(q.Get("sig"))) {
		return AckToken{}, ErrAckInvalid
	}
	if !a.o.Now().Before(t.Expires) {
		return t, ErrAckExpired
	}
	return t, nil
}

// Ack records that who acknowledged the warning of a token's episode; it
// returns the warning. Acknowledging twice keeps the first.
func (a *Alerter) Ack(ctx context.Context, t AckToken, who string) (Warning, error) {
	fp, start, ok := strings.Cut(t.Episode, "@")
	if !ok {
		return Warning{}, ErrAckInvalid
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	ws, err := a.loadWarnings(ctx, "fingerprint = "+store.Quote(fp))
	if err != nil {
		return Warning{}, err
	}
	if len(ws) == 0 {
		return Warning{}, fmt.Errorf("no warning %s", fp)
	}
	w := ws[0]
	if itoa(w.StartsAt.UnixMilli()) != start {
		return w, fmt.Errorf("warning %s has fired again since this mail: acknowledge the newer mail", fp)
	}
	if w.Acknowledged() {
		return w, nil
	}
	who = strings.TrimSpace(who)
	if who == "" {
		return w, errors.New("say who acknowledges")
	}
	w.AckedBy, w.AckedAt, w.Change = fmt.Sprintf("%s（%s）", who, t.Route), a.o.Now().UTC(), Acked
	w.ChangedAt = w.AckedAt
	return w, a.storeChanges(ctx, []Warning{w})
}

// AckFingerprint acknowledges a warning's current episode by its
// fingerprint; via says where (命令行, 评估工作台) and is recorded with who.
func (a *Alerter) AckFingerprint(ctx context.Context, fp, who, via string) (Warning, error) {
	w, _, err := a.Warning(ctx, fp)
	if err != nil {
		return w, err
	}
	return a.Ack(ctx, AckToken{Episode: w.Episode(), Route: via}, who)
}

// Lookup returns the warning a token names, for the confirmation page.
func (a *Alerter) Lookup(ctx context.Context, t AckToken) (Warning, error) {
	fp, _, _ := strings.Cut(t.Episode, "@")
	ws, err := a.loadWarnings(ctx, "fingerprint = "+store.Quote(fp))
	if err != nil || len(ws) == 0 {
		return Warning{}, fmt.Errorf("no warning %s: %v", fp, err)
	}
	return ws[0], nil
}
