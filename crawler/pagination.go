package crawler

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gocolly/colly/v2"
)

// trsRe matches the pagination call of TRS-CMS list pages, which draw their
// page links with JavaScript: createPageHTML(total, current, "index", "html").
var trsRe = regexp.MustCompile(`createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([\w.-]+)["']\s*,\s*["'](\w+)["']\s*\)`)

// maxTRSPages bounds what one script may announce: a broken or hostile page
// must not send the crawler to a million URLs.
const maxTRSPages = 500

// TRSPages returns the relative URLs of every list page a TRS-CMS page
// announces: index.html for page 0, then index_1.html … index_{total-1}.html.
func TRSPages(page string) ([]string, error) {
	m := trsRe.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("no createPageHTML(total, current, name, ext) call on the page")
	}
	total, err := strconv.Atoi(m[1])
	if err != nil || total < 1 {
		return nil, fmt.Errorf("createPageHTML: bad page count %q", m[1])
	}
	if total > maxTRSPages {
		return nil, fmt.Errorf("createPageHTML announces %d pages, more than %d", total, maxTRSPages)
	}
	out := []string{m[3] + "." + m[4]}
	for i := 1; i < total; i++ {
		out = append(out, fmt.Sprintf("%s_%d.%s", m[3], i, m[4]))
	}
	return out, nil
}

// trsPager visits every list page a TRS-CMS page's script announces.
func trsPager(r *colly.Response) {
	pages, err := TRSPages(string(r.Body))
	if err != nil {
		return // not every list page repeats the script
	}
	for _, p := range pages {
		_ = r.Request.Visit(p) // colly skips pages already visited
	}
}

// postPage POSTs the source's form for list page n to u.
func (r *sourceRun) postPage(c *colly.Collector, u string, n int) error {
	form := url.Values{}
	for k, v := range r.src.List.Form {
		form.Set(k, strings.ReplaceAll(v, "{n}", strconv.Itoa(n)))
	}
	ctx := colly.NewContext()
	ctx.Put("page", n)
	hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	return c.Request("POST", u, bytes.NewReader([]byte(form.Encode())), ctx, hdr)
}

// firstPage is n of the first POST (form) or of the page after the start URL (template).
func (r *sourceRun) firstPage() int {
	if r.src.List.FirstPage == 0 {
		return 1
	}
	return r.src.List.FirstPage
}

// nextPage asks for the list page after resp's, for form and template
// pagination. Callers decide when there is a next page: an HTML template list
// after every page that loads, a form or JSON list after a page that listed
// something.
func (r *sourceRun) nextPage(c *colly.Collector, resp *colly.Response) {
	l := r.src.List
	n := r.firstPage()
	if v, ok := resp.Ctx.GetAny("page").(int); ok {
		n = v + 1
	}
	switch l.Pagination {
	case "form":
		_ = r.postPage(c, resp.Request.URL.String(), n) // colly skips a POST already made
	case "template":
		ctx := colly.NewContext()
		ctx.Put("page", n)
		_ = c.Request("GET", cleanURL(resp.Request.AbsoluteURL(strings.ReplaceAll(l.Template, "{n}", strconv.Itoa(n)))), nil, ctx, nil)
	}
}
