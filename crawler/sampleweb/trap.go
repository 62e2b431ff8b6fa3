package sampleweb

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The trap site (/trap/) has what makes crawlers misbehave: an endless
// calendar whose links mint a new session id each time, a redirect loop, an
// oversized page and a page slower than any sensible timeout. Only tests
// crawl it (configs/sources/tests/sample-traps.yaml).

// TrapOK is the one real detail page of the trap site.
const TrapOK = "/trap/ok.html"

func (s *Site) trapRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /trap/index.html", s.trapIndex)
	mux.HandleFunc("GET /trap/calendar", s.trapCalendar)
	mux.HandleFunc("GET /trap/loop/{step}", func(w http.ResponseWriter, r *http.Request) {
		next := map[string]string{"a": "b", "b": "a"}[r.PathValue("step")]
		http.Redirect(w, r, "/trap/loop/"+next, http.StatusFound)
	})
	mux.HandleFunc("GET /trap/big.html", func(w http.ResponseWriter, r *http.Request) {
		body := strings.Repeat("<p>政务公开</p>", 20000) // ~360 KB
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		fmt.Fprint(w, body)
	})
	mux.HandleFunc("GET /trap/slow.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
			return
		}
		render(w, "detail", map[string]any{"Title": "迟到的页面", "Date": "2026-10-01 09:00", "Source": "陷阱", "Body": "太慢了。"})
	})
	mux.HandleFunc("GET "+TrapOK, func(w http.ResponseWriter, r *http.Request) {
		s.count(r.URL.Path)
		render(w, "detail", map[string]any{"Title": "正常页面", "Date": "2026-10-01 09:00", "Source": "陷阱站", "Body": "这是一个正常的详情页。"})
	})
}

func (s *Site) trapIndex(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, `<html><body><ul class="list">
<li><a href="ok.html">正常页面</a></li>
<li><a href="loop/a">跳转循环</a></li>
<li><a href="big.html">超大页面</a></li>
<li><a href="slow.html">慢页面</a></li>
</ul><div class="page"><a class="next" href="calendar?date=2026-10-01&sid=s0">日历</a></div></body></html>`)
}

// trapCalendar links to the next day forever, each link with a new session id.
func (s *Site) trapCalendar(w http.ResponseWriter, r *http.Request) {
	s.count("/trap/calendar")
	day, err := time.Parse("2006-01-02", r.URL.Query().Get("date"))
	if err != nil {
		http.Error(w, "bad date", http.StatusBadRequest)
		return
	}
	next := day.AddDate(0, 0, 1)
	fmt.Fprintf(w, `<html><body><h2>%s</h2><ul class="list"><li><a href="ok.html">正常页面</a></li></ul>
<div class="page"><a class="next" href="calendar?date=%s&sid=s%d">下一天</a></div></body></html>`,
		day.Format("2006年1月2日"), next.Format("2006-01-02"), next.Unix())
}

// CalendarRequests is how many calendar pages were served.
func (s *Site) CalendarRequests() int { return s.Requests("/trap/calendar") }
