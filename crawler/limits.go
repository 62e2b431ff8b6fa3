package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/source"
)

// limits are one source's caps, its own or the crawler's defaults.
type limits struct {
	pages, bytes, parallel int
	timeout                time.Duration
}

func (c *Crawler) limits(s source.Source) limits {
	l := limits{pages: s.MaxPages, bytes: s.MaxBytes, parallel: s.Parallelism, timeout: s.Timeout}
	if l.pages == 0 {
		l.pages = 2000
	}
	if l.bytes == 0 {
		l.bytes = 8 << 20
	}
	if l.parallel == 0 {
		l.parallel = c.o.Parallelism
	}
	l.parallel = min(l.parallel, source.MaxParallelism)
	if l.timeout == 0 {
		l.timeout = c.o.Timeout
	}
	return l
}

// maxRedirects bounds a redirect chain; a loop fails instead of spinning.
const maxRedirects = 5

func limitRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects (last %s)", len(via), req.URL)
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return errors.New("redirect loop at " + req.URL.String())
		}
	}
	return nil
}

func tooBig(contentLength string, max int) bool {
	n, err := strconv.ParseInt(contentLength, 10, 64)
	return err == nil && n > int64(max)
}

// sessionParams are query parameters that carry a session, not content:
// a trap that mints one per link would make every page new.
var sessionParams = []string{"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid"}

// cleanURL drops session ids from a link (query parameters and
// ;jsessionid=… path parameters) so the crawler sees each page once.
func cleanURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if i := strings.Index(strings.ToLower(u.Path), ";jsessionid="); i >= 0 {
		u.Path = u.Path[:i]
		u.RawPath = ""
	}
	q := u.Query()
	changed := false
	for k := range q {
		for _, p := range sessionParams {
			if strings.EqualFold(k, p) {
				q.Del(k)
				changed = true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
