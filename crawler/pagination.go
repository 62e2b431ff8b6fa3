package crawler

import (
	"fmt"
	"regexp"
	"strconv"
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
