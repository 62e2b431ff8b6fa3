package crawler

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gocolly/colly/v2"

	"github.com/trustwatch/trustwatch/source"
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

// templatePager visits the next page of a templated list (index_{n}.html,
// list?page={n}) after each list page that loads; the chain ends at the first
// page that fails, or at the source's max_pages.
func templatePager(c *colly.Collector, l source.List) colly.ResponseCallback {
	first := l.FirstPage
	if first == 0 {
		first = 1
	}
	return func(r *colly.Response) {
		n := first
		if v, ok := r.Ctx.GetAny("page").(int); ok {
			n = v + 1
		}
		next := r.Request.AbsoluteURL(strings.ReplaceAll(l.Template, "{n}", strconv.Itoa(n)))
		ctx := colly.NewContext()
		ctx.Put("page", n)
		_ = c.Request("GET", cleanURL(next), nil, ctx, nil)
	}
}
