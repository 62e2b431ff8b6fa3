package web_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/internal/browsertest"
	"github.com/trustwatch/trustwatch/internal/mailpit"
	"github.com/trustwatch/trustwatch/period"
)

// TestObjectionInBrowser walks an objection through its life in chromium:
// 中牟县's official contests its most severe complaint with a supporting file;
// the evaluator accepts it; the record leaves, 2026-10 is recomputed and
// 中牟县's score changes in the corrected ranking while the published one
// stays; the filer's mail arrives. An official cannot object for another
// unit, and an HTML "proof" is refused.
func TestObjectionInBrowser(t *testing.T) {
	ctx := browsertest.Context(t, 2*time.Minute)
	srv, _, e := deskEngine(t)
	base := srv.URL
	bg := context.Background()
	var recs []struct {
		DocID    string `json:"doc_id"`
		Category string `json:"category"`
	}
	if err := e.Store.SelectInto(bg, `SELECT doc_id, toString(category) AS category FROM trustwatch.v_signals
WHERE unit_id = 'zhongmou' AND polarity < 0 AND kind = 'complaint' AND toStartOfMonth(event_date) = '2026-10-01' ORDER BY severity DESC, doc_id LIMIT 1`, &recs); err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	oct := period.Of(period.Month, 2026, 10)
	published, err := analytics.LoadRun(bg, e.Store, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	proof := filepath.Join(t.TempDir(), "结清凭证.txt")
	if err := os.WriteFile(proof, []byte("2026年10月20日已结清全部工程款。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, base, "zhongmou", "zhongmou-2026")
	// The complaint is also evidence of indicators (群众投诉, 诉求按时答复率…): each row can be contested.
	do(t, ctx, chromedp.Navigate(base+"/docs/"+recs[0].DocID), chromedp.WaitVisible(`#evidence form.evidence`))
	if ev := text(t, ctx, "#evidence"); !strings.Contains(ev, "2026-10") || !strings.Contains(ev, "zhongmou") {
		t.Fatalf("the evidence rows: %q", ev)
	}
	do(t, ctx, chromedp.Navigate(base+"/docs/"+recs[0].DocID), chromedp.WaitVisible(`form.objection`),
		chromedp.SetValue(`form.objection select[name="action"]`, "rectified"),
		chromedp.SendKeys(`form.objection input[name="reason"]`, "已于10月20日结清"),
		chromedp.SetUploadFiles(`form.objection input[name="files"]`, []string{proof}))
	follow(t, ctx, `form.objection button`, "/objections/OBJ-")
	id := strings.SplitN(strings.TrimPrefix(must(chromedp.Run(ctx, chromedp.Location())), base+"/objections/"), "?", 2)[0]
	if h := text(t, ctx, "h1"); !strings.Contains(h, "待审核") {
		t.Fatalf("after filing: %q", h)
	}
	shot(t, ctx, "objection")
	// Another unit's record, and an HTML "proof": refused.
	oc := clientWith(t, base, cookies(t, ctx))
	csrf := csrfOf(t, oc, base)
	resp, err := oc.PostForm(base+"/objections", url.Values{"csrf": {csrf}, "unit": {"huiji"}, "doc": {recs[0].DocID}, "category": {recs[0].Category}, "action": {"not_breach"}, "reason": {"x"}})
	if err != nil || resp.StatusCode == 303 || resp.StatusCode == 200 {
		t.Fatalf("objecting for another unit: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	evil := filepath.Join(t.TempDir(), "proof.html")
	_ = os.WriteFile(evil, []byte("<html><script>alert(document.cookie)</script></html>"), 0o644)
	do(t, ctx, chromedp.Navigate(base+"/docs/"+recs[0].DocID), chromedp.WaitVisible(`form.objection`),
		chromedp.SendKeys(`form.objection input[name="reason"]`, "x"),
		chromedp.SetUploadFiles(`form.objection input[name="files"]`, []string{evil}),
		chromedp.Click(`form.objection button`), chromedp.WaitVisible(`//p[contains(., "text/html")]`))
	do(t, ctx, chromedp.Navigate(base+"/rankings"), chromedp.Click(`form.who button`), chromedp.WaitVisible(`input[name="password"]`))

	// The evaluator accepts: the record is withdrawn.
	login(t, ctx, base, "pingjia", "pingjia-2026")
	do(t, ctx, chromedp.Navigate(base+"/objections/"+id), chromedp.WaitVisible(`form.decide`),
		chromedp.SetValue(`form.decide select[name="decision"]`, "withdraw"),
		chromedp.SendKeys(`form.decide input[name="reason"]`, "凭证属实"))
	follow(t, ctx, `form.decide button`, "msg=")
	if h := text(t, ctx, "h1"); !strings.Contains(h, "已采纳") {
		t.Fatalf("after the decision: %q", h)
	}
	corrected, err := analytics.LoadRun(bg, e.Store, "2026-10")
	if err != nil || corrected.ID == published.ID {
		t.Fatalf("2026-10 was not recomputed: %s, %v", corrected.ID, err)
	}
	score := func(r analytics.Run) float64 {
		for _, row := range r.Rows {
			if row.UnitID == "zhongmou" {
				return row.Score
			}
		}
		return -1
	}
	runs, err := analytics.Runs(bg, e.Store, oct)
	if err != nil || len(runs) < 2 {
		t.Fatalf("runs of 2026-10: %v, %v", runs, err)
	}
	asPublished, err := analytics.LoadRunAsOf(bg, e.Store, oct, runs[0].Computed.Add(time.Millisecond))
	if err != nil || asPublished.ID != published.ID || score(asPublished) != score(published) {
		t.Fatalf("the published ranking changed: %s %v", asPublished.ID, err)
	}
	if score(corrected) <= score(published) {
		t.Fatalf("中牟县 %.2f after withdrawing its worst record, %.2f before", score(corrected), score(published))
	}
	// The audit trail: filing, file, decision and recomputation, with 中牟县's move.
	do(t, ctx, chromedp.Navigate(base+"/audit?objection="+id), chromedp.WaitVisible(`#audit`))
	trail := text(t, ctx, "#audit")
	for _, want := range []string{"提出", "上传材料", "采纳", "重新计算", "结清凭证.txt", "凭证属实", `"unit_id":"zhongmou"`, `"period":"2026-10"`, `"run_before":"` + published.ID} {
		if !strings.Contains(trail, want) {
			t.Fatalf("the audit trail does not show %s:\n%s", want, trail)
		}
	}
	if _, api := os.Getenv("TRUSTWATCH_SMTP_ADDR"), os.Getenv("TRUSTWATCH_MAILPIT_URL"); api != "" {
		var got bool
		for _, m := range mailpit.For(t, api, "zhongmou-office@localhost") {
			got = got || strings.Contains(m.Subject, id)
		}
		if !got {
			t.Fatalf("no mail about %s to the filer", id)
		}
	}
}
