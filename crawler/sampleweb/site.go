// Package sampleweb serves an offline, deterministic sample of the government
// sites a Zhengzhou integrity evaluator crawls: a 信用郑州 双公示 list of
// 行政处罚/行政许可 decisions, a 12345 领导留言板 message board and a 郑州市人民政府
// news list, with pagination and detail pages, generated from a seed.
//
// It owns the generated pages and their ground truth (what each page is about),
// so tests can assert exact outcomes. It knows nothing of how they are crawled.
package sampleweb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// PageSize is the number of items on a list page; the TRS-style news list
// shows NewsPageSize, so that its script pagination spans several pages.
const (
	PageSize     = 20
	NewsPageSize = 5
)

// Options configure the generated web.
type Options struct {
	Units []unit.Unit // the district-level units pages are about; required
	// Departments are the municipal departments, with pages of their own:
	// decisions, messages and cases (none when empty).
	Departments []unit.Unit
	Seed        int64     // default 2017
	Latest      time.Time // the latest month; default 2026-10
	Months      int       // months of records; default 3
}

// Site is the generated web.
type Site struct {
	items  []*Item
	bySite map[string][]*Item
	byPath map[string]*Item

	// content guards the pages against PublishBackdated and PublishBurst
	// (gaming.go), which add pages while the site serves.
	content    sync.RWMutex
	brokenLink bool // the 权责清单 index links to a missing page (BreakPowerLink)

	mu     sync.Mutex
	served map[string]int // requests per path, for the flaky page
	flaky  string         // a detail page that answers 503 once, with Retry-After
	layout int            // 0: as built; 1: the redesign that breaks selectors

	ledgers      []ledgerFile // the 清欠台账 attachments, newest first
	reviewTables []ledgerFile // the 好差评 tables, newest first
	badness      map[string]float64
}

// Redesign switches the detail pages to a new layout (other class names), as
// sites do between two crawls: a source's selectors stop matching.
func (s *Site) Redesign() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.layout = 1
}

func (s *Site) redesigned() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.layout == 1
}

// New generates the site.
func New(o Options) (*Site, error) {
	if len(o.Units) == 0 {
		return nil, errors.New("sampleweb: no units")
	}
	if o.Seed == 0 {
		o.Seed = 2017
	}
	if o.Latest.IsZero() {
		o.Latest = time.Date(2026, 10, 1, 0, 0, 0, 0, shanghai)
	}
	if o.Months == 0 {
		o.Months = 3
	}
	latest := time.Date(o.Latest.Year(), o.Latest.Month(), 1, 0, 0, 0, 0, shanghai)
	s := &Site{bySite: map[string][]*Item{}, byPath: map[string]*Item{}, served: map[string]int{}}
	s.items, s.badness = generate(o.Units, o.Departments, o.Seed, latest, o.Months)
	for _, it := range s.items {
		s.bySite[it.Site] = append(s.bySite[it.Site], it)
		s.byPath[it.Path] = it
	}
	if news := s.bySite[SiteNews]; len(news) > 0 {
		s.flaky = news[0].Path
	}
	var err error
	if s.ledgers, err = buildLedgers(s.bySite[SiteArrears]); err != nil {
		return nil, err
	}
	if s.reviewTables, err = reviewFiles(s.bySite[SiteReviews]); err != nil {
		return nil, err
	}
	return s, nil
}

// Items returns every detail page, newest first.
func (s *Site) Items() []*Item { return s.items }

// Count returns the number of detail pages of one site.
func (s *Site) Count(site string) int { return len(s.bySite[site]) }

// BadByUnit counts the events recording 政务失信 per unit in month (YYYY-MM):
// a repost is the same event as its original, so it is not counted again.
func (s *Site) BadByUnit(month string) map[string]int {
	out := map[string]int{}
	for _, it := range s.items {
		if it.Bad && it.RepostOf == "" && it.Date.Format("2006-01") == month {
			out[it.Unit]++
		}
	}
	return out
}

// Handler serves the site.
func (s *Site) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: "+PrivatePath+"\n")
	})
	mux.HandleFunc("GET "+PrivatePath+"internal.html", s.private)
	mux.HandleFunc("GET /gbk/{page}", s.gbk)
	s.trapRoutes(mux)
	s.recordRoutes(mux)
	mux.HandleFunc("GET /xyzz/sgs/{page}", s.disclosure)
	mux.HandleFunc("GET /xyzz/sgs/{month}/{file}", s.detail)
	mux.HandleFunc("GET /12345/list", s.complaintList)
	mux.HandleFunc("POST /12345/list", s.complaintList)
	mux.HandleFunc("GET /12345/detail", s.detail)
	mux.HandleFunc("GET /news/{page}", s.newsList)
	mux.HandleFunc("GET /news/{month}/{file}", s.detail)
	mux.HandleFunc("GET /wenshu/{page}", s.judgmentList)
	mux.HandleFunc("GET /wenshu/{month}/{file}", s.detail)
	mux.HandleFunc("GET /jyta/{page}", s.proposalList)
	mux.HandleFunc("GET /hcp/index.html", s.reviewIndex)
	mux.HandleFunc("GET /qzqd/index.html", s.powerIndex)
	mux.HandleFunc("GET /jjjc/{page}", s.disciplineList)
	mux.HandleFunc("GET /jjjc/{month}/{file}", s.detail)
	mux.HandleFunc("GET /qzqd/{file}", s.detail)
	mux.HandleFunc("GET /hcp/files/{file}", s.reviewFile)
	mux.HandleFunc("GET /jyta/{month}/{file}", s.detail)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.content.RLock()
		defer s.content.RUnlock()
		mux.ServeHTTP(w, r)
	})
}

// PrivatePath is disallowed by robots.txt; the 双公示 list links into it, so a
// crawler that ignores robots.txt publishes one document too many.
const PrivatePath = "/xyzz/sgs/private/"

// Requests returns how often path was requested.
func (s *Site) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served[path]
}

// Flaky is the detail page that answers 503 (Retry-After: 1) the first time.
func (s *Site) Flaky() string { return s.flaky }

// count notes a request and says whether it is the first for path.
func (s *Site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served[path]++
	return s.served[path]
}

// Server is the sample web listening on an address.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Listen binds addr (e.g. 127.0.0.1:0) without serving yet.
func (s *Site) Listen(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen sample web on %s: %w", addr, err)
	}
	return &Server{ln: ln, srv: &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}}, nil
}

// URL is the base URL, e.g. http://127.0.0.1:43121.
func (sv *Server) URL() string { return "http://" + sv.ln.Addr().String() }

// Run serves until ctx ends, then shuts down.
func (sv *Server) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- sv.srv.Serve(sv.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := sv.srv.Shutdown(sctx)
		<-errc
		return err
	}
}

// pageOf returns items of page n (1-based) and the number of pages.
func pageOf(items []*Item, n, size int) ([]*Item, int) {
	pages := (len(items) + size - 1) / size
	if n < 1 || n > pages {
		return nil, pages
	}
	end := min(n*size, len(items))
	return items[(n-1)*size : end], pages
}
