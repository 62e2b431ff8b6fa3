package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

// TestPoliteness: a crawler asked for 1000 parallel requests with no delay
// (issue #9 put 300 concurrent requests on one host) stays within
// source.MaxParallelism, and a robots.txt Crawl-delay spaces its requests.
func TestPoliteness(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	var times []time.Time
	const pages = 40
	handler := func(delay string) http.Handler {
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, "User-agent: *\n%s\n", delay)
		})
		mux.HandleFunc("/index.html", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, `<html><body><ul>`)
			for i := 0; i < pages; i++ {
				fmt.Fprintf(w, `<li><a href="p%d.html">p</a></li>`, i)
			}
			fmt.Fprint(w, `</ul></body></html>`)
		})
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inFlight++
			peak = max(peak, inFlight)
			times = append(times, time.Now())
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
			fmt.Fprintf(w, `<html><body><h1>%s</h1><p class="d">2026-10-09</p><div class="c">正文</div></body></html>`, r.URL.Path)
		})
		return mux
	}
	crawl := func(t *testing.T, robots string) {
		mu.Lock()
		inFlight, peak, times = 0, 0, nil
		mu.Unlock()
		srv := httptest.NewServer(handler(robots))
		defer srv.Close()
		src := source.Source{ID: "p", Name: "p", Kind: source.KindNews, StartURLs: []string{srv.URL + "/index.html"}, AllowPrivate: true,
			List: source.List{Item: "ul li a"}, Detail: source.Detail{Title: "h1", Body: "div.c", PublishedAt: "p.d"}}
		out := &sink{docs: map[string]document.Document{}}
		c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish, Parallelism: 1000})
		if _, err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if out.n != pages {
			t.Fatalf("published %d, want %d", out.n, pages)
		}
	}
	t.Run("parallelism capped", func(t *testing.T) {
		crawl(t, "Disallow: /nothing")
		if peak > source.MaxParallelism || peak < 2 {
			t.Fatalf("peak of %d concurrent requests, want 2..%d", peak, source.MaxParallelism)
		}
	})
	t.Run("crawl-delay honoured", func(t *testing.T) {
		crawl(t, "Crawl-delay: 0.05")
		gaps := 0
		for i := 1; i < len(times); i++ {
			if times[i].Sub(times[i-1]) < 40*time.Millisecond {
				gaps++
			}
		}
		if peak != 1 || gaps > 0 {
			t.Fatalf("peak %d concurrent, %d gaps under the 50 ms delay; want requests one at a time, spaced", peak, gaps)
		}
	})
}
