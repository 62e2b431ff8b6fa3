package alerts_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// ackAlerter is an alerter that signs links with ackKey, at a fixed time.
func ackAlerter(t testing.TB, now time.Time) *alerts.Alerter {
	cfg := loadConfig(t)
	f := rule.File{}
	f.Defaults()
	a, err := alerts.New(alerts.Options{Store: storetest.Open(t), Rules: f, Units: cfg.Loaded.Units, Notifier: nopNotifier{},
		AckKey: ackKey, BaseURL: "http://x", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FuzzVerifyAck: a link's query is outside input. Whatever it holds,
// verifying never panics, and only the query of a link the alerter signed
// is accepted.
func FuzzVerifyAck(f *testing.F) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	good := "exp=1793577600&r=%E4%B8%AD%E7%89%9F%E5%8E%BF&sig=" + alerts.SignForTest(ackKey, "abc@1", "中牟县", 1793577600) + "&w=abc%401"
	f.Add(good)
	f.Add("w=abc%401&r=x&exp=99999999999&sig=00")
	f.Add("exp=-1&sig=&w=&r=")
	f.Add("%zz")
	a := ackAlerter(f, now)
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		tok, err := a.VerifyAck(q)
		if err != nil {
			return
		}
		want := alerts.SignForTest(ackKey, tok.Episode, tok.Route, tok.Expires.Unix())
		if q.Get("sig") != want || !tok.Expires.After(now) {
			t.Fatalf("accepted %q: %+v", raw, tok)
		}
		if strings.Contains(raw, "sig=00") {
			t.Fatalf("accepted a forged signature: %q", raw)
		}
	})
}

type nopNotifier struct{}

func (nopNotifier) Render(alerts.Notice) (string, string, string, error) { return "", "", "", nil }
func (nopNotifier) Send(context.Context, alerts.Message) (alerts.Delivery, error) {
	return alerts.Delivery{}, nil
}
