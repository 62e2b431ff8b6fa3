package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/internal/browsertest"
	"github.com/trustwatch/trustwatch/period"
)

// desk runs the demo's pipeline into a fresh store (sample web, embedded
// Kafka, chDB), ranks 2026-Q3 too, and serves the desk on a test server.
func desk(t testing.TB) (*httptest.Server, *alerts.Alerter) {
	srv, a, _ := deskEngine(t)
	return srv, a
}

// deskEngine is desk with the engine, for tests that read the store; mail
// goes to mailpit when make test runs it.
func deskEngine(t testing.TB) (*httptest.Server, *alerts.Alerter, *app.Engine) {
	t.Helper()
	if os.Getenv("CHDB_LIB_PATH") == "" && os.Getenv("TRUSTWATCH_REQUIRE_CHDB") == "" {
		t.Skip("no libchdb (make test sets CHDB_LIB_PATH)")
	}
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	cfg.Loaded.DataDir = t.TempDir()
	cfg.Email.SMTP.Addr = os.Getenv("TRUSTWATCH_SMTP_ADDR")
	ctx := context.Background()
	e, err := app.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if _, err := e.Demo(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	r, _ := e.Ranker()
	for _, p := range []period.Period{period.Of(period.Quarter, 2026, 9), period.Of(period.Half, 2026, 12)} {
		if _, err := r.Rank(ctx, p, analytics.JobRank); err != nil {
			t.Fatal(err)
		}
	}
	a, err := e.Alerter()
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Desk(a)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d.Handler())
	t.Cleanup(srv.Close)
	return srv, a, e
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// text reads an element's text. It retries for a while because chromedp
// re-reads the document after a navigation finishes and a node found just
// before that can be gone by the time its text is asked for ("No node with
// given id found", seen in CI right after the login redirect).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var err error
	for i := 0; i < 30; i++ {
		var s string
		if s, err = chromedp.Run(ctx, chromedp.Text(sel)); err == nil {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("text of %s: %v", sel, err)
	return ""
}

// shot saves a PNG screenshot into docs/screenshots when TRUSTWATCH_SCREENSHOTS is set.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("TRUSTWATCH_SCREENSHOTS") == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "docs", "screenshots", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func login(t *testing.T, ctx context.Context, base, name, password string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(`input[name="name"]`, name),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`button[type="submit"]`),
		chromedp.WaitVisible(`header nav`),
		chromedp.WaitReady(`main h1`))
}

// TestDeskInBrowser walks the desk as an evaluator and then as an official
// in Debian's chromium: rankings, period switch, a unit down to an evidence
// document and its original link, acknowledging and silencing warnings, the
// Excel export's cells; the official reaches none of another unit's page,
// export, warning or action; a POST without the CSRF token and a run of
// wrong passwords are refused.
func TestDeskInBrowser(t *testing.T) {
	ctx := browsertest.Context(t, 90*time.Second)
	srv, _ := desk(t)
	base := srv.URL
	login(t, ctx, base, "pingjia", "pingjia-2026")
	if h := text(t, ctx, "h1"); h != "政务诚信指数排名 · 2026年10月" {
		t.Fatalf("after login: %q", h)
	}
	do(t, ctx, chromedp.WaitVisible(`#chart svg`))
	if axis := text(t, ctx, "#chart"); !strings.Contains(axis, "惠济区") {
		t.Fatalf("the chart names no unit: %q", axis)
	}
	shot(t, ctx, "rankings")
	// Filter by name: one row left visible.
	do(t, ctx, chromedp.SendKeys(`#filter`, "惠济"))
	var visible int
	var err error
	for i := 0; i < 20 && visible != 1; i++ { // the page filters on its input event
		visible, err = chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('#ranking tbody tr')).filter(r => r.style.display !== 'none').length`))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if visible != 1 {
		t.Fatalf("filtering by 惠济: %d rows visible", visible)
	}
	// The ranking as published on a day: today's is the latest; before any run there is none.
	today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	do(t, ctx, chromedp.Navigate(base+"/rankings?period=2026-10&as_of="+today), chromedp.WaitVisible(`//p[contains(., "此版本仍是最新排名")]`))
	if h := text(t, ctx, "h1"); !strings.Contains(h, "截至 "+today) {
		t.Fatalf("as-of heading: %q", h)
	}
	do(t, ctx, chromedp.Navigate(base+"/rankings?period=2026-10&as_of=2020-01-01"), chromedp.WaitVisible(`//h1[.="暂无排名"]`))
	do(t, ctx, chromedp.Navigate(base+"/rankings"), chromedp.WaitVisible(`#ranking`))
	// Switch the period: the picker submits itself.
	do(t, ctx, chromedp.SetValue(`#period`, "2026-Q3"), chromedp.Submit(`#period`), chromedp.WaitVisible(`//h1[contains(., "第三季度")]`))
	// The last district, down to its evidence.
	follow(t, ctx, `nav.tabs a:last-child`, "group=departments")
	follow(t, ctx, `nav.tabs a:first-child`, "group=districts")
	follow(t, ctx, `#ranking tbody tr:last-child td a`, "/units/")
	do(t, ctx, chromedp.WaitVisible(`#indicators`))
	unitH := text(t, ctx, "h1")
	if page := text(t, ctx, "main"); !strings.Contains(page, "异常发现") || !strings.Contains(page, "未发现倒签公示日期或期末集中公示") {
		t.Fatalf("%s: the unit page has no anti-gaming findings section (the demo's one crawl can show none)", unitH)
	}
	shot(t, ctx, "unit")
	follow(t, ctx, `#indicators tr.docs a[href^="/docs/"]`, "/docs/")
	do(t, ctx, chromedp.WaitVisible(`article.text`))
	orig, err := chromedp.Run(ctx, chromedp.AttributeValue(`//a[contains(., "原文链接")]`, "href"))
	if err != nil || !strings.HasPrefix(orig.Value, "http://127.0.0.1:") {
		t.Fatalf("%s: evidence document's original link %q, %v", unitH, orig.Value, err)
	}
	shot(t, ctx, "document")
	// Warnings: open the first 红 one and acknowledge it.
	do(t, ctx, chromedp.Navigate(base+"/warnings?level="+url.QueryEscape("红")), chromedp.WaitVisible(`table.grid`))
	shot(t, ctx, "warnings")
	follow(t, ctx, `table.grid tbody tr td a`, "/warnings/")
	do(t, ctx, chromedp.WaitVisible(`#ack`))
	follow(t, ctx, `#ack`, "msg=")
	do(t, ctx, chromedp.WaitVisible(`//p[contains(., "已由 第三方评估机构（演示）（评估工作台） 于")]`))
	fp := strings.TrimPrefix(must(chromedp.Run(ctx, chromedp.Location())), base+"/warnings/")
	fp = strings.SplitN(fp, "?", 2)[0]
	// Silence 中牟县's 黄 warnings for 72 hours.
	do(t, ctx, chromedp.Navigate(base+"/warnings"), chromedp.WaitVisible(`form.silence`),
		chromedp.SetValue(`form.silence select[name="unit"]`, "zhongmou"),
		chromedp.SetValue(`form.silence select[name="level"]`, "黄"),
		chromedp.SetValue(`form.silence input[name="hours"]`, "72"),
		chromedp.SendKeys(`form.silence input[name="reason"]`, "整改期内"),
		chromedp.Click(`form.silence button`),
		chromedp.WaitVisible(`//p[@class="flash" and contains(., "已屏蔽")]`),
		chromedp.WaitVisible(`#silences`))
	// The Excel export, with the browser's session.
	client := clientWith(t, base, cookies(t, ctx))
	xlsx := get(t, client, base+"/export/rankings/xlsx?period=2026-10&group=districts", 200)
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := f.GetCellValue("排名", "G1"); h != "单位" {
		t.Fatalf("export header G1 = %q", h)
	}
	rows, _ := f.GetRows("排名")
	if len(rows) != 17 || rows[1][1] != "1" {
		t.Fatalf("export: %d rows, first rank %v; want 16 units + header", len(rows), rows[1])
	}
	csv := get(t, client, base+"/export/rankings/csv?period=2026-10", 200)
	if !bytes.HasPrefix(csv, []byte("\ufeff统计期,名次")) {
		t.Fatalf("csv starts %q", csv[:min(40, len(csv))])
	}
	// The 政务失信记录 of the year in the exchange format: the 通报 of 惠济区 and
	// 中牟县 (each once, its repost not again) and the 纪委监委's notices.
	recs := string(get(t, client, base+"/export/records/2026.csv", 200))
	lines := strings.Split(strings.TrimSpace(recs), "\n")
	if !strings.HasPrefix(lines[0], "\ufeff记录编号,信用主体名称") || strings.Count(recs, "郑州市惠济区,huiji,") < 1 ||
		strings.Count(recs, "关于中牟县统计数据弄虚作假问题的通报") != 2 || !strings.Contains(recs, ",sample-jjjc,") {
		t.Fatalf("records export:\n%s", recs)
	}
	for _, l := range lines[1:] {
		if n := len(strings.Split(l, ",")); n != 18 || !strings.HasSuffix(l, ",有效,,,,,1.0") {
			t.Fatalf("records export line with %d fields: %s", n, l)
		}
	}
	// The watched 权责清单: the demo's one crawl saw one version of each list.
	follow(t, ctx, `//header//a[contains(., "权责清单")]`, "/watch")
	if page := text(t, ctx, "#powerlists"); !strings.Contains(page, "郑州市惠济区权力和责任清单") || !strings.Contains(page, "上级标准目录") ||
		!strings.Contains(page, "现行") {
		t.Fatalf("the 权责清单 page: %s", page)
	}
	// The half-year report: its page, and its PDF printed by chromium.
	follow(t, ctx, `//header//a[contains(., "报告")]`, "/reports")
	follow(t, ctx, `//a[.="查看"]`, "/reports/2026-H2")
	do(t, ctx, chromedp.WaitVisible(`//h1[contains(., "第三方评估报告（2026年下半年）")]`))
	shot(t, ctx, "report")
	if pdf := get(t, client, base+"/reports/2026-H2/pdf", 200); !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10000 {
		t.Fatalf("report PDF: %d bytes starting %q", len(pdf), pdf[:min(8, len(pdf))])
	}
	// A POST without the CSRF token is refused.
	resp, err := client.PostForm(base+"/silences", url.Values{"unit": {"zhongmou"}, "hours": {"1"}, "reason": {"x"}})
	if err != nil || resp.StatusCode != 403 {
		t.Fatalf("POST without CSRF: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	do(t, ctx, chromedp.Navigate(base+"/rankings"), chromedp.Click(`form.who button`), chromedp.WaitVisible(`input[name="password"]`))

	// The official of 中牟县.
	login(t, ctx, base, "zhongmou", "zhongmou-2026")
	rowsText := text(t, ctx, "#ranking tbody")
	if strings.Contains(rowsText, "惠济区") || !strings.Contains(rowsText, "中牟县") {
		t.Fatalf("the official's ranking shows: %s", rowsText)
	}
	do(t, ctx, chromedp.Navigate(base+"/units/huiji"), chromedp.WaitVisible(`h1`))
	if h := text(t, ctx, "h1"); h != "未找到" {
		t.Fatalf("official on another unit's page: %q", h)
	}
	oc := clientWith(t, base, cookies(t, ctx))
	for _, u := range []string{"/units/huiji", "/export/units/huiji.xlsx", "/export/units/huiji.csv", "/warnings/" + fp, "/warnings?unit=huiji", "/reports/2026-H2", "/export/records/2026.csv"} {
		body := get(t, oc, base+u, 404)
		if bytes.Contains(body, []byte("惠济区")) {
			t.Fatalf("%s leaks 惠济区", u)
		}
	}
	resp, err = oc.PostForm(base+"/warnings/"+fp+"/ack", url.Values{"csrf": {csrfOf(t, oc, base)}})
	if err != nil || resp.StatusCode != 404 {
		t.Fatalf("official acknowledging another unit's warning: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	// Wrong passwords: the sixth try is refused before the password is checked.
	anon := clientWith(t, base, nil)
	for i := 1; i <= 6; i++ {
		resp, err := anon.PostForm(base+"/login", url.Values{"name": {"pingjia"}, "password": {"wrong"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := 401
		if i == 6 {
			want = 429
		}
		if resp.StatusCode != want {
			t.Fatalf("wrong password #%d: %d, want %d", i, resp.StatusCode, want)
		}
	}
}

// cookies are the browser's cookies for the page.
func cookies(t *testing.T, ctx context.Context) []*network.Cookie {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Cookies
}

// follow clicks a link and waits until the browser is on the new page.
func follow(t *testing.T, ctx context.Context, sel, urlPart string) {
	t.Helper()
	do(t, ctx, chromedp.Click(sel))
	for i := 0; i < 100; i++ {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, urlPart) {
			do(t, ctx, chromedp.WaitReady(`body`))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("clicking %s did not lead to a page with %s", sel, urlPart)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// clientWith is an HTTP client carrying the browser's cookies, not following redirects.
func clientWith(_ testing.TB, base string, cs []*network.Cookie) *http.Client {
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(base)
	var hc []*http.Cookie
	for _, c := range cs {
		hc = append(hc, &http.Cookie{Name: c.Name, Value: c.Value, Path: "/"})
	}
	jar.SetCookies(u, hc)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string, want int) []byte {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d", u, resp.StatusCode, want)
	}
	return b
}

// csrfOf reads the session's CSRF token off a page.
func csrfOf(t *testing.T, c *http.Client, base string) string {
	b := get(t, c, base+"/rankings", 200)
	_, rest, _ := strings.Cut(string(b), `name="csrf" value="`)
	tok, _, _ := strings.Cut(rest, `"`)
	return tok
}
