package crawler_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

func sampleSite(t testing.TB) (*config.Config, *sampleweb.Site, string) {
	t.Helper()
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked(), Seed: 7, Months: 2})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site.Handler())
	t.Cleanup(srv.Close)
	return cfg, site, srv.URL
}

type sink struct {
	mu   sync.Mutex
	docs map[string]document.Document
	n    int
}

func (s *sink) publish(_ context.Context, docs []document.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range docs {
		s.docs[d.ID] = d
		s.n++
	}
	return nil
}

func TestCrawlSampleWeb(t *testing.T) {
	cfg, site, url := sampleSite(t)
	out := &sink{docs: map[string]document.Document{}}
	c, err := crawler.New(crawler.Options{Sources: cfg.Loaded.Sources, Publish: out.publish, SampleWebURL: url})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := len(site.Items())
	if rep.Documents != want || out.n != want || len(out.docs) != want || rep.Errors != 0 {
		t.Fatalf("got %d reported, %d published, %d distinct, %d errors; want %d documents, no errors",
			rep.Documents, out.n, len(out.docs), rep.Errors, want)
	}
	for _, sr := range rep.Sources {
		if want := site.Count(siteOf(sr.Source)); sr.Documents != want || want == 0 {
			t.Errorf("source %s: got %d documents, want %d (and more than none)", sr.Source, sr.Documents, site.Count(siteOf(sr.Source)))
		}
	}
	if n := site.Requests(sampleweb.PrivatePath + "internal.html"); n != 0 {
		t.Fatalf("the page robots.txt disallows was requested %d times", n)
	}
	if n := site.Requests(site.Flaky()); n != 2 || rep.Sources[sourceIndex(rep, "sample-news")].Retries != 1 {
		t.Fatalf("the flaky page (503, Retry-After: 1) was requested %d times, want 2: one failure, one retry", n)
	}
	if site.Count(sampleweb.SiteGBK) == 0 {
		t.Fatal("the sample web has no GBK pages")
	}
	if site.Count(sampleweb.SiteNews) <= sampleweb.NewsPageSize {
		t.Fatalf("%d news items fit on one page: TRS pagination is not exercised", site.Count(sampleweb.SiteNews))
	}
	for _, it := range site.Items() {
		d, ok := out.docs[docID(it)]
		if !ok {
			t.Fatalf("page %s not crawled", it.Path)
		}
		checkDoc(t, it, d)
	}
}

// sources maps the sample web's sites to the sources that crawl them.
var sources = map[string]string{sampleweb.SiteDisclosure: "sample-xyzz-sgs", sampleweb.SiteComplaint: "sample-12345",
	sampleweb.SiteNews: "sample-news", sampleweb.SiteGBK: "sample-gbk", sampleweb.SiteArrears: "sample-qxzk",
	sampleweb.SiteMailbox: "sample-szxx", sampleweb.SiteRepost: "sample-dahe", sampleweb.SiteJudgment: "sample-wenshu",
	sampleweb.SiteProposal: "sample-jyta", sampleweb.SiteReviews: "sample-hcp",
	sampleweb.SitePowers: "sample-qzqd", sampleweb.SiteDiscipline: "sample-jjjc"}

func sourceOf(site string) string { return sources[site] }

// docID is the id the crawler gives an item: by URL for pages, by record id
// for rows of attachments and APIs.
func docID(it *sampleweb.Item) string {
	switch it.Site {
	case sampleweb.SiteArrears, sampleweb.SiteReviews:
		return document.RecordID(sourceOf(it.Site), it.Fields[0].Value)
	case sampleweb.SiteMailbox:
		return document.RecordID(sourceOf(it.Site), it.ID)
	}
	return document.ID(sourceOf(it.Site), "{sampleweb}"+it.Path)
}

func siteOf(source string) string {
	for site, src := range sources {
		if src == source {
			return site
		}
	}
	return ""
}

func sourceIndex(rep crawler.Report, id string) int {
	for i, s := range rep.Sources {
		if s.Source == id {
			return i
		}
	}
	return -1
}

func checkDoc(t *testing.T, it *sampleweb.Item, d document.Document) {
	t.Helper()
	if d.Title != it.Title || d.Text != it.Body || !strings.HasSuffix(d.URL, it.Path) {
		t.Errorf("%s: got title %q, want %q", it.Path, d.Title, it.Title)
	}
	if !d.PublishedAt.Equal(it.Date.Truncate(time.Minute)) {
		t.Errorf("%s: published %v, want %v", it.Path, d.PublishedAt, it.Date.Truncate(time.Minute))
	}
	for _, f := range it.Fields {
		if d.Fields[f.Name] != f.Value {
			t.Errorf("%s: field %s = %q, want %q", it.Path, f.Name, d.Fields[f.Name], f.Value)
		}
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	cfg, _, url := sampleSite(t)
	src := cfg.Loaded.Sources[0]
	src.AllowPrivate = false
	out := &sink{docs: map[string]document.Document{}}
	c, _ := crawler.New(crawler.Options{Sources: append(cfg.Loaded.Sources[:0:0], src), Publish: out.publish, SampleWebURL: url})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 0 || rep.Errors != 1 {
		t.Fatalf("got %d documents and %d errors, want 0 documents and the start URL refused", rep.Documents, rep.Errors)
	}
}

// TestSourceHealth: a source whose pages no longer match its selectors, or
// that returns nothing, is flagged unhealthy with the reason; its failed
// pages are kept with status and reason.
func TestSourceHealth(t *testing.T) {
	cfg, _, url := sampleSite(t)
	base := cfg.Loaded.Sources[0] // sample-12345
	for _, tc := range []struct {
		name    string
		edit    func(*source.Source)
		healthy bool
		reason  string
	}{
		{"as configured", func(*source.Source) {}, true, ""},
		{"detail layout changed", func(s *source.Source) { s.Detail.Title = "h1.headline" }, false, "layout changed"},
		{"list selector matches nothing", func(s *source.Source) { s.List.Item = "ul.items li a" }, false, "no document"},
		{"start page gone", func(s *source.Source) { s.StartURLs = []string{"{sampleweb}/12345/gone"} }, false, "no page could be fetched"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := base
			tc.edit(&src)
			out := &sink{docs: map[string]document.Document{}}
			c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish, SampleWebURL: url, Retries: -1})
			rep, err := c.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			sr := rep.Sources[0]
			if sr.Healthy != tc.healthy || !strings.Contains(sr.Health, tc.reason) {
				t.Fatalf("healthy %v (%q), want %v with %q", sr.Healthy, sr.Health, tc.healthy, tc.reason)
			}
			if !tc.healthy && sr.Errors > 0 && (len(sr.Failures) == 0 || sr.Failures[0].Reason == "") {
				t.Fatalf("%d errors but failures %+v", sr.Errors, sr.Failures)
			}
		})
	}
}

// TestIncremental: a second crawl with the first one's state asks with
// If-None-Match, gets 304 for every detail page and publishes nothing; the
// state survives a reopen from its file.
func TestIncremental(t *testing.T) {
	cfg, site, url := sampleSite(t)
	path := filepath.Join(t.TempDir(), "crawl-state.json")
	crawl := func() crawler.Report {
		st, err := crawler.OpenState(path)
		if err != nil {
			t.Fatal(err)
		}
		out := &sink{docs: map[string]document.Document{}}
		c, _ := crawler.New(crawler.Options{Sources: cfg.Loaded.Sources, Publish: out.publish, SampleWebURL: url, State: st})
		rep, err := c.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	first := crawl()
	n := len(site.Items())
	if first.Documents != n {
		t.Fatalf("first crawl published %d, want %d", first.Documents, n)
	}
	second := crawl()
	unchanged := 0
	for _, s := range second.Sources {
		unchanged += s.Unchanged
		if !s.Healthy {
			t.Errorf("source %s unhealthy on an unchanged site: %s", s.Source, s.Health)
		}
	}
	if second.Documents != 0 || unchanged != n || second.Errors != 0 {
		t.Fatalf("second crawl: %d published, %d unchanged, %d errors; want 0, %d, 0", second.Documents, unchanged, second.Errors, n)
	}
}

// TestTraps crawls the trap site: the endless calendar stops at max_pages,
// session ids do not make pages new, and the redirect loop, the oversized
// page and the slow page fail — recorded, without stopping the run.
func TestTraps(t *testing.T) {
	_, site, url := sampleSite(t)
	cfg, err := config.Load("testdata/traps.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	out := &sink{docs: map[string]document.Document{}}
	c, _ := crawler.New(crawler.Options{Sources: cfg.Loaded.Sources, Publish: out.publish, SampleWebURL: url, Retries: -1})
	start := time.Now()
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sr := rep.Sources[0]
	reasons := map[string]bool{}
	for _, f := range sr.Failures {
		for _, want := range []string{"redirect", "max_bytes", "Timeout", "deadline"} {
			// net/http says "Client.Timeout" or "timeout awaiting response headers"
			if strings.Contains(strings.ToLower(f.Reason), strings.ToLower(want)) {
				reasons[want] = true
			}
		}
	}
	t.Logf("%d pages, %d documents, %d errors in %s; calendar pages %d", sr.Pages, sr.Documents, sr.Errors, time.Since(start), site.CalendarRequests())
	switch {
	case sr.Documents != 1 || out.n != 1:
		t.Fatalf("published %d documents, want only the real page", sr.Documents)
	case site.CalendarRequests() > 40:
		t.Fatalf("%d calendar pages fetched, want at most max_pages (40)", site.CalendarRequests())
	case !reasons["redirect"] || !reasons["max_bytes"] || !(reasons["Timeout"] || reasons["deadline"]):
		t.Fatalf("failures %+v: want the redirect loop, the oversized page and the slow page recorded", sr.Failures)
	case time.Since(start) > 20*time.Second:
		t.Fatalf("the trap crawl took %s", time.Since(start))
	}
}

// crawlVariant validates a changed copy of a sample source and crawls it alone.
func crawlVariant(t *testing.T, src source.Source, url string) (crawler.Report, *sink) {
	t.Helper()
	if ps := src.Validate(nil); len(ps) > 0 {
		t.Fatal(ps)
	}
	out := &sink{docs: map[string]document.Document{}}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish, SampleWebURL: url})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep, out
}

// TestTemplatePagination walks the 12345 list by URL template (?page={n})
// instead of its next-page link.
func TestTemplatePagination(t *testing.T) {
	cfg, site, url := sampleSite(t)
	src := sourceByID(t, cfg, "sample-12345")
	src.List.Next, src.List.Pagination, src.List.Template, src.List.FirstPage = "", "template", "list?page={n}", 2
	rep, _ := crawlVariant(t, src, url)
	if want := site.Count(sampleweb.SiteComplaint); rep.Documents != want || want <= sampleweb.PageSize || rep.Errors != 0 {
		t.Fatalf("published %d with %d errors, want all %d messages over several pages and no error", rep.Documents, rep.Errors, want)
	}
}

// TestDetailTable: fields read from a table of label/value rows match the
// fields named one by one.
func TestDetailTable(t *testing.T) {
	cfg, site, url := sampleSite(t)
	src := sourceByID(t, cfg, "sample-12345")
	src.Detail.Fields, src.Detail.Table = nil, "table.fields"
	_, out := crawlVariant(t, src, url)
	n := 0
	for _, it := range site.Items() {
		if it.Site == sampleweb.SiteComplaint {
			checkDoc(t, it, out.docs[docID(it)])
			n++
		}
	}
	if n == 0 || len(out.docs) != n {
		t.Fatalf("%d documents for %d messages", len(out.docs), n)
	}
}

// TestFormPagination: the message board's list pages are POSTed (page=N)
// until one lists nothing; every message is crawled, no page twice.
func TestFormPagination(t *testing.T) {
	cfg, site, url := sampleSite(t)
	src := sourceByID(t, cfg, "sample-12345")
	src.List.Next, src.List.Pagination, src.List.Form = "", "form", map[string]string{"page": "{n}"}
	rep, out := crawlVariant(t, src, url)
	want := site.Count(sampleweb.SiteComplaint)
	pages := (want + sampleweb.PageSize - 1) / sampleweb.PageSize
	if rep.Documents != want || out.n != want || pages < 2 || rep.Errors != 0 || rep.Sources[0].Pages != pages+want {
		t.Fatalf("published %d (%d calls) from %d pages with %d errors; want all %d messages from %d list pages + %d details",
			rep.Documents, out.n, rep.Sources[0].Pages, rep.Errors, want, pages, want)
	}
}

// lockedBuffer is a progress sink safe for the progress goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// TestProgress: a crawl longer than a second reports its progress, and the
// progress goroutine is stopped when Run returns.
func TestProgress(t *testing.T) {
	cfg, _, url := sampleSite(t)
	src := sourceByID(t, cfg, "sample-12345")
	src.Delay = 10 * time.Millisecond // slow enough to take over a second
	src.Parallelism = 1
	w := &lockedBuffer{}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, SampleWebURL: url, Progress: w,
		Publish: func(context.Context, []document.Document) error { return nil }})
	if _, err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	got := w.b.String()
	w.mu.Unlock()
	if !strings.Contains(got, "crawling sample-12345:") || !strings.Contains(got, "pages (") {
		t.Fatalf("progress output %q", got)
	}
}

func sourceByID(t *testing.T, cfg *config.Config, id string) source.Source {
	t.Helper()
	for _, s := range cfg.Loaded.Sources {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no source %s", id)
	return source.Source{}
}

// TestLayoutChangeBetweenCrawls: the site is redesigned after a first,
// healthy crawl; the second crawl finds the selectors matching nothing and
// flags the source, publishing nothing wrong.
func TestLayoutChangeBetweenCrawls(t *testing.T) {
	cfg, site, url := sampleSite(t)
	src := sourceByID(t, cfg, "sample-12345")
	crawl := func() crawler.SourceReport {
		c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, SampleWebURL: url,
			Publish: func(context.Context, []document.Document) error { return nil }})
		rep, err := c.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return rep.Sources[0]
	}
	if before := crawl(); !before.Healthy {
		t.Fatalf("before the redesign: unhealthy (%s)", before.Health)
	}
	site.Redesign()
	after := crawl()
	if after.Healthy || !strings.Contains(after.Health, "layout changed") || after.Documents != 0 {
		t.Fatalf("after the redesign: healthy %v (%q), %d documents; want unhealthy, layout changed, none", after.Healthy, after.Health, after.Documents)
	}
}
