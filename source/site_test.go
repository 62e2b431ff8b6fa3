package source

import "testing"

func TestSite(t *testing.T) {
	for _, tc := range []struct {
		urls []string
		want string
	}{
		{[]string{"https://WWW.Zhengzhou.gov.cn/xxgk/index.jhtml", "https://other.example/"}, "www.zhengzhou.gov.cn"},
		{[]string{"{sampleweb}/12345/list"}, "{sampleweb}/12345"},
		{[]string{"{sampleweb}/dahe/index.html"}, "{sampleweb}/dahe"},
		{nil, "the-id"},
	} {
		if got := (Source{ID: "the-id", StartURLs: tc.urls}).Site(); got != tc.want {
			t.Errorf("Site(%v) = %q, want %q", tc.urls, got, tc.want)
		}
	}
}
