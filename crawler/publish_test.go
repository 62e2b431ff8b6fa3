package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

// bigSite lists a 500 KB page and a 1.5 MB page (issue #9: a page between
// ~1 MB and max_bytes was lost for good, and took its batch with it).
func bigSite(t *testing.T) (source.Source, *httptest.Server) {
	t.Helper()
	page := func(title string, size int) string {
		return `<html><head><meta charset="utf-8"></head><body><h1>` + title + `</h1><div class="info">2026-10-09</div><div class="content">` +
			strings.Repeat("金水区拖欠工程款。", size/27) + `</div></body></html>`
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<html><head><meta charset="utf-8"></head><body><ul class="list"><li><a href="small.html">小</a></li><li><a href="big.html">大</a></li></ul></body></html>`)
	})
	small, big := page("小通报", 500<<10), page("大通报", 1536<<10)
	mux.HandleFunc("/small.html", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, small) })
	mux.HandleFunc("/big.html", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, big) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	src := source.Source{ID: "big", Name: "大页面", Kind: source.KindNews, StartURLs: []string{srv.URL + "/index.html"}, AllowPrivate: true,
		List: source.List{Item: "ul.list li a"}, Detail: source.Detail{Title: "h1", Body: "div.content", PublishedAt: "div.info"}}
	return src, srv
}

// topic is a publish function that behaves as a Kafka topic with a 1 MiB
// message limit, optionally down.
type topic struct {
	mu   sync.Mutex
	docs map[string]bool
	down bool
}

func (tp *topic) publish(_ context.Context, docs []document.Document) error {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.down {
		return errors.New("broker unreachable")
	}
	for _, d := range docs {
		if enc, _ := d.Encode(); len(enc) > 1<<20 {
			return fmt.Errorf("[10] Message Size Too Large: %w", crawler.ErrRejected)
		}
	}
	for _, d := range docs {
		tp.docs[d.Title] = true
	}
	return nil
}

func crawlBig(t *testing.T, src source.Source, tp *topic, state string, maxDoc int) (crawler.SourceReport, error) {
	t.Helper()
	st, err := crawler.OpenState(state)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: tp.publish, State: st, MaxDocumentBytes: maxDoc})
	rep, err := c.Run(context.Background())
	return rep.Sources[0], err
}

func TestOversizedDocumentIsNotLost(t *testing.T) {
	src, _ := bigSite(t)
	t.Run("cut to the message size", func(t *testing.T) {
		tp, state := &topic{docs: map[string]bool{}}, filepath.Join(t.TempDir(), "state.json")
		first, err := crawlBig(t, src, tp, state, 900_000)
		if err != nil || first.Documents != 2 || first.Truncated != 1 || !tp.docs["大通报"] || !first.Healthy {
			t.Fatalf("first crawl: %+v, %v; want both published, the big one truncated", first, err)
		}
		second, err := crawlBig(t, src, tp, state, 900_000)
		if err != nil || second.Documents != 0 || second.Unchanged != 2 {
			t.Fatalf("second crawl: %d published, %d unchanged, %v; want 0 and 2", second.Documents, second.Unchanged, err)
		}
	})
	t.Run("refused by the topic", func(t *testing.T) {
		tp, state := &topic{docs: map[string]bool{}}, filepath.Join(t.TempDir(), "state.json")
		first, err := crawlBig(t, src, tp, state, 0)
		if err != nil || first.Documents != 1 || !tp.docs["小通报"] || first.Unpublished != 1 || first.Healthy ||
			!strings.Contains(first.Health, "could not be published") || !strings.Contains(failures(first), "Message Size Too Large") {
			t.Fatalf("first crawl: %+v, %v; want the small page published and the big one reported as refused", first, err)
		}
		second, _ := crawlBig(t, src, tp, state, 900_000)
		if second.Documents != 1 || second.Unchanged != 1 || !tp.docs["大通报"] {
			t.Fatalf("second crawl: %d published, %d unchanged; want the big page published now, the small one unchanged", second.Documents, second.Unchanged)
		}
	})
	t.Run("topic down", func(t *testing.T) {
		tp, state := &topic{docs: map[string]bool{}, down: true}, filepath.Join(t.TempDir(), "state.json")
		if _, err := crawlBig(t, src, tp, state, 900_000); err == nil || !strings.Contains(err.Error(), "publish") {
			t.Fatalf("crawl with the topic down: %v, want a publish error", err)
		}
		tp.down = false
		again, err := crawlBig(t, src, tp, state, 900_000)
		if err != nil || again.Documents != 2 {
			t.Fatalf("crawl after the topic came back: %d published, %v; want both, since none was recorded", again.Documents, err)
		}
	})
	t.Run("page cut at max_bytes", func(t *testing.T) {
		src := src
		src.MaxBytes = 64 << 10 // the content div closes after this: its selector still matches, the title too
		src.Detail.Body = "div.nothing-here"
		tp := &topic{docs: map[string]bool{}}
		rep, _ := crawlBig(t, src, tp, filepath.Join(t.TempDir(), "state.json"), 0)
		if rep.NoContent != 0 || strings.Contains(rep.Health, "layout") || !strings.Contains(failures(rep), "truncated at max_bytes") {
			t.Fatalf("health %q, failures %s: want the pages reported as truncated, not as a layout change", rep.Health, failures(rep))
		}
	})
}

func failures(r crawler.SourceReport) string {
	var b strings.Builder
	for _, f := range r.Failures {
		b.WriteString(f.URL + ": " + f.Reason + "\n")
	}
	return b.String()
}

// TestImplausibleDates: a page dated 1900-01-01 made every ranking fail, one
// dated 2099-12-31 moved the latest month to 2099 (issue #9). Both are
// extraction errors now, named as such, and never published.
func TestImplausibleDates(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<html><body><ul class="list"><li><a href="a.html">a</a></li><li><a href="b.html">b</a></li><li><a href="c.html">c</a></li></ul></body></html>`)
	})
	for page, date := range map[string]string{"a": "2026-10-09", "b": "1900-01-01", "c": "2099-12-31"} {
		mux.HandleFunc("/"+page+".html", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `<h1>%s</h1><div class="info">%s</div><div class="content">正文</div>`, page, date)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	src := source.Source{ID: "dates", Name: "dates", Kind: source.KindNews, StartURLs: []string{srv.URL + "/index.html"}, AllowPrivate: true,
		List: source.List{Item: "ul.list li a"}, Detail: source.Detail{Title: "h1", Body: "div.content", PublishedAt: "div.info"}}
	tp := &topic{docs: map[string]bool{}}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: tp.publish})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sr := rep.Sources[0]
	if sr.Documents != 1 || !tp.docs["a"] || strings.Count(failures(sr), "implausible publication date") != 2 {
		t.Fatalf("published %d (%v); failures:\n%s\nwant only page a, and b and c refused for their dates", sr.Documents, tp.docs, failures(sr))
	}
}
