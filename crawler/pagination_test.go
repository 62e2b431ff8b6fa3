package crawler

import (
	"strings"
	"testing"
)

func TestTRSPages(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		want       []string
		bad        bool
	}{
		{name: "three pages", page: `<script>createPageHTML(3, 0, "index", "html");</script>`, want: []string{"index.html", "index_1.html", "index_2.html"}},
		{name: "single quotes, spaces", page: `createPageHTML( 2 ,1,'list','shtml' )`, want: []string{"list.shtml", "list_1.shtml"}},
		{name: "one page", page: `createPageHTML(1, 0, "index", "htm")`, want: []string{"index.htm"}},
		{name: "no script", page: `<div class="page">下一页</div>`, bad: true},
		{name: "zero pages", page: `createPageHTML(0, 0, "index", "html")`, bad: true},
		{name: "absurd page count", page: `createPageHTML(999999, 0, "index", "html")`, bad: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := TRSPages(tc.page)
			if tc.bad {
				if err == nil {
					t.Fatalf("TRSPages = %v, want an error", got)
				}
				return
			}
			if err != nil || strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("TRSPages = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// FuzzTRSPages: never panics, never announces more than maxTRSPages pages,
// and every page it returns is a plain relative file name.
func FuzzTRSPages(f *testing.F) {
	f.Add(`createPageHTML(3, 0, "index", "html")`)
	f.Add(`createPageHTML(12,5,'list','shtml')`)
	f.Fuzz(func(t *testing.T, page string) {
		got, err := TRSPages(page)
		if err != nil {
			return
		}
		if len(got) == 0 || len(got) > maxTRSPages {
			t.Fatalf("%d pages", len(got))
		}
		for _, p := range got {
			if strings.ContainsAny(p, "/\\?#:") {
				t.Fatalf("page %q is not a plain file name", p)
			}
		}
	})
}
