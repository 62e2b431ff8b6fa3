package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// BenchmarkPages times the rankings page and a unit page over HTTP on the
// demo's data (server time plus loopback), logged in as the evaluator.
//
//	go test ./web -run '^$' -bench Pages -benchtime 20x
func BenchmarkPages(b *testing.B) {
	srv, _ := desk(b)
	c := clientWith(nil, srv.URL, nil)
	resp, err := c.PostForm(srv.URL+"/login", url.Values{"name": {"pingjia"}, "password": {"pingjia-2026"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		b.Fatal(resp.StatusCode, err)
	}
	resp.Body.Close()
	u, _ := url.Parse(srv.URL)
	c.Jar.SetCookies(u, resp.Cookies())
	for _, page := range []string{"/rankings?period=2026-10", "/units/huiji?period=2026-10", "/warnings", "/sources"} {
		b.Run(page, func(b *testing.B) {
			for b.Loop() {
				resp, err := c.Get(srv.URL + page)
				if err != nil || resp.StatusCode != 200 {
					b.Fatal(resp.StatusCode, err)
				}
				resp.Body.Close()
			}
		})
	}
}
