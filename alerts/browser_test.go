package alerts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/internal/browsertest"
	"github.com/trustwatch/trustwatch/internal/mailpit"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/web"
)

// TestAckInBrowser: an official opens the link of a real warning mail in
// chromium, types a name and clicks the button; the warning is
// acknowledged and is not repeated after the repeat interval.
func TestAckInBrowser(t *testing.T) {
	ctx := browsertest.Context(t, time.Minute)
	smtp, api := mailpit.Env(t)
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	h := newHarnessAt(t, storetest.Open(t), lifecycleRules()[:1], t0, smtp, api, func(o *alerts.Options) { o.BaseURL = srv.URL })
	handler = web.Handler(h.a, nil)
	h.evaluate(h.monthRun(map[string]float64{"zhongmou": 35}, nil))
	h.clock.Add(11 * time.Second)
	res := h.tick()
	if len(res.Planned) != 1 {
		t.Fatalf("mails: %v", kinds(res.Planned))
	}
	n := res.Planned[0]
	link := n.AckLinks[n.Warnings[0].Fingerprint]
	if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text("h1"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`input[name="by"]`, "王主任"),
		chromedp.Click(`button[type="submit"]`),
		chromedp.WaitVisible(`//p[contains(., "已记录")]`),
	); err != nil {
		t.Fatal(err)
	}
	done, err := chromedp.Run(ctx, chromedp.Text("body"))
	if err != nil {
		t.Fatal(err)
	}
	if heading != "确认收到预警" || !strings.Contains(done, "已记录：王主任（中牟县）") {
		t.Fatalf("pages: %q / %q", heading, done)
	}
	w, _, err := h.a.Warning(context.Background(), n.Warnings[0].Fingerprint)
	if err != nil || w.AckedBy != "王主任（中牟县）" {
		t.Fatalf("warning after the click: %+v %v", w, err)
	}
	h.clock.Add(2 * time.Hour)
	if res := h.tick(); len(res.Planned) != 0 {
		t.Fatalf("after the acknowledgement: %v; want no repeat, no escalation", kinds(res.Planned))
	}
}
