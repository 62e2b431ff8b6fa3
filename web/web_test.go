package web

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
)

var update = flag.Bool("update", false, "rewrite golden files")

// pagesAlerter answers as alerts.Alerter would for one warning; the real
// flow (signature, store) is tested in package alerts. Here: the pages.
type pagesAlerter struct {
	w     alerts.Warning
	err   error
	acked string
}

func (p *pagesAlerter) VerifyAck(q url.Values) (alerts.AckToken, error) {
	return alerts.AckToken{Episode: q.Get("w"), Route: q.Get("r")}, p.err
}
func (p *pagesAlerter) Lookup(context.Context, alerts.AckToken) (alerts.Warning, error) {
	return p.w, nil
}
func (p *pagesAlerter) Ack(_ context.Context, t alerts.AckToken, who string) (alerts.Warning, error) {
	p.acked = who
	w := p.w
	w.AckedBy, w.AckedAt = who+"（"+t.Route+"）", time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
	return w, nil
}

var warning = alerts.Warning{Fingerprint: "5cf29e6092aa01bb02cc", Rule: "政务诚信指数过低", Level: "红", UnitName: "郑州市惠济区",
	Summary: "郑州市惠济区 政务诚信指数 35.54 < 40（2026年10月）"}

func TestAckPagesGolden(t *testing.T) {
	for _, tc := range []struct {
		name, method string
		err          error
		form         url.Values
		code         int
	}{
		{"confirm", "GET", nil, nil, 200},
		{"acked", "POST", nil, url.Values{"by": {"王主任"}}, 200},
		{"no-name", "POST", nil, url.Values{"by": {""}}, 400},
		{"forged", "GET", alerts.ErrAckInvalid, nil, 403},
		{"expired", "GET", alerts.ErrAckExpired, nil, 410},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &pagesAlerter{w: warning, err: tc.err}
			q := url.Values{"w": {"5cf29e6092aa01bb02cc@1"}, "r": {"中牟县"}, "exp": {"1"}, "sig": {"ab"}}
			var req *http.Request
			if tc.method == "GET" {
				req = httptest.NewRequest("GET", alerts.AckPath+"?"+q.Encode(), nil)
			} else {
				for k, v := range tc.form {
					q[k] = v
				}
				req = httptest.NewRequest("POST", alerts.AckPath, strings.NewReader(q.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			rec := httptest.NewRecorder()
			srv, err := New(Options{Alerter: a, Now: func() time.Time { return time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			srv.Handler().ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Result().Body)
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d", rec.Code, tc.code)
			}
			if rec.Header().Get("Referrer-Policy") != "no-referrer" {
				t.Fatal("no Referrer-Policy: the signed link could leak to the evidence sites")
			}
			golden(t, tc.name+".html", string(body))
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		_ = os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./web -update creates it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
