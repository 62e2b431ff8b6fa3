package sampleweb

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/unit"
)

var units = []unit.Unit{
	{ID: "jinshui", Name: "郑州市金水区", Short: "金水区", Places: []string{"花园路街道"}},
	{ID: "xinmi", Name: "新密市", Short: "新密市", Places: []string{"青屏街道"}},
	{ID: "zhengdong", Name: "郑东新区", Short: "郑东新区"},
}

func TestDeterministic(t *testing.T) {
	a, _ := New(Options{Units: units, Seed: 5})
	b, _ := New(Options{Units: units, Seed: 5})
	c, _ := New(Options{Units: units, Seed: 6})
	if len(a.Items()) == 0 || len(a.Items()) != len(b.Items()) {
		t.Fatalf("same seed: %d and %d items", len(a.Items()), len(b.Items()))
	}
	for i := range a.Items() {
		if a.Items()[i].Title != b.Items()[i].Title || a.Items()[i].Path != b.Items()[i].Path {
			t.Fatalf("same seed, item %d differs", i)
		}
	}
	if a.Items()[0].Title == c.Items()[0].Title && len(a.Items()) == len(c.Items()) {
		t.Fatal("another seed gave the same site")
	}
}

func TestPages(t *testing.T) {
	s, _ := New(Options{Units: units, Months: 2})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, tc := range []struct {
		name, path string
		status     int
		contains   string
	}{
		{"home", "/", 200, "双公示"},
		{"first disclosure page", "/xyzz/sgs/index.html", 200, "class=\"list\""},
		{"past the last page", "/xyzz/sgs/index_99.html", 404, ""},
		{"bad page name", "/xyzz/sgs/index_x.html", 404, ""},
		{"complaint list", "/12345/list?page=1", 200, "留言"},
		{"complaint page not a number", "/12345/list?page=abc", 400, ""},
		{"a detail page", s.Items()[0].Path, 200, s.Items()[0].Title},
		{"unknown detail", "/news/202610/1.htm", 404, ""},
		{"robots", "/robots.txt", 200, "Disallow: /xyzz/sgs/private/"},
		{"gbk list (bytes are GBK, not UTF-8)", "/gbk/index.html", 200, "charset=gb2312"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.contains) {
				t.Fatalf("GET %s: %d, want %d containing %q", tc.path, resp.StatusCode, tc.status, tc.contains)
			}
		})
	}
}
