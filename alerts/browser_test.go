package alerts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/web"
)

// browser returns a chromedp context on Debian's chromium
// (TRUSTWATCH_CHROMIUM, which make test sets; deploy/local/chromium.sh).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("TRUSTWATCH_CHROMIUM")
	if path == "" {
		if os.Getenv("TRUSTWATCH_REQUIRE_CHROMIUM") != "" {
			t.Fatal("TRUSTWATCH_REQUIRE_CHROMIUM is set but TRUSTWATCH_CHROMIUM is not")
		}
		t.Skip("no chromium (make test installs it: deploy/local/chromium.sh)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("headless", true), chromedp.Flag("disable-gpu", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// TestAckInBrowser: an official opens the link of a real warning mail in
// chromium, types a name and clicks the button; the warning is
// acknowledged and is not repeated after the repeat interval.
func TestAckInBrowser(t *testing.T) {
	ctx := browser(t)
	smtp, api := mailpitEnv(t)
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
