// Package crawler fetches the configured sources with colly: it walks list
// pages and their pagination, extracts each detail page's fields with the
// source's CSS selectors, and hands the resulting documents to a publish
// function (the documents topic, wired by the app).
//
// It owns fetching, politeness and extraction. It does not know Kafka, units
// or integrity: those are the bus's, text's and ingest's.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

// PublishFunc receives documents as they are extracted, in batches.
type PublishFunc func(ctx context.Context, docs []document.Document) error

// Options configure a crawler.
type Options struct {
	Sources      []source.Source // required
	Publish      PublishFunc     // required
	SampleWebURL string          // replaces {sampleweb} in start URLs
	Parallelism  int             // concurrent requests per source, default 4
	BatchSize    int             // documents per publish call, default 100
	Timeout      time.Duration   // per request, default 20s
	UserAgent    string          // default "TrustWatch/0.1 (+政务诚信监测)"
	Retries      int             // extra attempts after a 5xx, 429 or timeout, default 3; negative: none
	MaxBackoff   time.Duration   // longest wait before a retry (Retry-After is capped too), default 30s
	State        *State          // what earlier crawls saw; nil fetches and publishes everything
	Progress     io.Writer       // where to show progress once a second (a terminal); nil: none
	Logger       *slog.Logger    // default slog.Default()
	Now          func() time.Time
	// MaxDocumentBytes is the largest document the topic takes (its wire
	// form); a longer text is cut to fit, with a mark. 0: no limit.
	MaxDocumentBytes int
	// Dates is the window a publication date must fall in; a page or record
	// dated outside it is an extraction error. Default: 1990-01-01 … now + 7 days.
	Dates document.DateWindow
	// MinDelay is the least pause between requests to one public site,
	// default DefaultMinDelay; negative: none.
	MinDelay time.Duration
	// AllowAddrs are internal addresses crawled as if public (an evaluator
	// inside a government network); default none. Sources that set
	// allow_private reach every address.
	AllowAddrs []netip.Prefix
}

func (o *Options) setDefaults() {
	if o.Parallelism == 0 {
		o.Parallelism = 4
	}
	if o.MinDelay == 0 {
		o.MinDelay = DefaultMinDelay
	}
	if o.BatchSize == 0 {
		o.BatchSize = 100
	}
	if o.Timeout == 0 {
		o.Timeout = 20 * time.Second
	}
	if o.Retries == 0 {
		o.Retries = 3
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 30 * time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = "TrustWatch/0.1 (+政务诚信监测)"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Crawler crawls every source once per Run.
type Crawler struct {
	o Options
}

// New checks the options.
func New(o Options) (*Crawler, error) {
	o.setDefaults()
	if len(o.Sources) == 0 {
		return nil, errors.New("crawler: no sources")
	}
	if o.Publish == nil {
		return nil, errors.New("crawler: no publish function")
	}
	return &Crawler{o: o}, nil
}

// SourceReport is what one source's crawl did.
type SourceReport struct {
	Source      string
	Started     time.Time
	Finished    time.Time
	Pages       int         // pages fetched
	Documents   int         // documents published
	Errors      int         // pages that failed
	Retries     int         // attempts repeated after transient failures
	Unchanged   int         // detail pages not modified (304) or whose version was already published
	Details     int         // detail pages fetched
	NoContent   int         // detail pages (or records) where the selectors (or records rules) found no title or body
	Truncated   int         // documents whose text was cut to the topic's message size
	Unpublished int         // documents the topic refused or that a publish error kept back
	Records     bool        // the source's documents are records of a JSON API or attachments
	Failures    []PageError // the first MaxFailures failed pages
	Healthy     bool
	Health      string // why the source is not healthy
}

// MaxFailures bounds the failed pages kept per source and run.
const MaxFailures = 1000

// PageError is one page that failed.
type PageError struct {
	URL    string
	Status int // HTTP status, 0 for a network error or a refusal
	Reason string
	At     time.Time
}

// Report sums a run.
type Report struct {
	RunID     string
	Sources   []SourceReport
	Documents int
	Errors    int
}

// judgeHealth flags a source whose crawl brought nothing, or whose detail
// pages mostly no longer match its selectors — a layout change. Health is
// about the source; it is never counted against the unit it belongs to.
func (r *SourceReport) judgeHealth() {
	switch {
	case r.Pages == 0:
		r.Health = "no page could be fetched"
	case r.Unpublished > 0:
		r.Health = fmt.Sprintf("%d documents could not be published to the topic (see the failed pages); they are published again next crawl", r.Unpublished)
	case r.Details > 0 && r.NoContent*2 > r.Details && r.Records:
		r.Health = fmt.Sprintf("records rules found no id or title in %d of %d records: columns renamed?", r.NoContent, r.Details)
	case r.Details > 0 && r.NoContent*2 > r.Details:
		r.Health = fmt.Sprintf("selectors matched nothing on %d of %d detail pages: layout changed?", r.NoContent, r.Details)
	case r.Documents == 0 && r.Unchanged == 0:
		r.Health = "the source returned no document: list selector matched nothing?"
	}
	r.Healthy = r.Health == ""
}

// Run crawls each source once and returns what it did. A page that fails is
// logged and counted, never fatal; failing to publish is.
func (c *Crawler) Run(ctx context.Context) (Report, error) {
	rep := Report{RunID: c.o.Now().UTC().Format("20060102T150405.000")}
	prog := startProgress(c.o.Progress)
	defer prog.stop()
	for _, s := range c.o.Sources {
		sr, err := c.crawlSource(ctx, s, prog)
		rep.Sources = append(rep.Sources, sr)
		rep.Documents += sr.Documents
		rep.Errors += sr.Errors
		if err != nil {
			return rep, fmt.Errorf("crawl source %s: %w", s.ID, err)
		}
	}
	return rep, nil
}

// sourceRun is the state of one source's crawl, shared by colly's callbacks.
type sourceRun struct {
	c        *Crawler
	src      source.Source
	mu       sync.Mutex
	rep      SourceReport
	batch    []pending
	pubErr   error
	attempts map[string]int // retries so far, by URL
}

func (c *Crawler) crawlSource(ctx context.Context, s source.Source, prog *progress) (SourceReport, error) {
	run := &sourceRun{c: c, src: s, rep: SourceReport{Source: s.ID, Started: c.o.Now().UTC(), Records: s.UsesRecords()}, attempts: map[string]int{}}
	if c.o.State != nil {
		if err := c.o.State.refresh(ctx, s.ID); err != nil {
			return run.rep, err
		}
	}
	prog.watch(run)
	lists, details := c.collectors(ctx, run)
	run.listCallbacks(ctx, lists, details)
	if s.Detail.Format == "" || s.Detail.Format == "html" {
		details.OnHTML("html", run.extract(ctx))
	} else {
		details.OnResponse(run.fileRecords(ctx))
	}
	for _, u := range s.StartURLs {
		if err := run.start(lists, strings.Replace(u, source.SampleWebPlaceholder, c.o.SampleWebURL, 1)); err != nil {
			run.failed(u, 0, err)
		}
	}
	lists.Wait()
	details.Wait()
	run.flush(ctx)
	if c.o.State != nil {
		if err := c.o.State.Save(); err != nil && run.pubErr == nil {
			run.pubErr = err
		}
	}
	run.rep.Finished = c.o.Now().UTC()
	run.rep.judgeHealth()
	return run.rep, run.pubErr
}

// listCallbacks walks list pages: detail links and pagination for HTML
// lists, records for JSON APIs.
func (r *sourceRun) listCallbacks(ctx context.Context, lists, details *colly.Collector) {
	l := r.src.List
	if l.Format == "json" {
		lists.OnResponse(r.listRecords(ctx, lists))
		return
	}
	lists.OnHTML(l.Item, func(e *colly.HTMLElement) {
		if l.Pagination == "form" { // each POSTed page has its own context
			n, _ := e.Request.Ctx.GetAny("items").(int)
			e.Request.Ctx.Put("items", n+1)
		}
		if href := e.Attr("href"); href != "" {
			u := cleanURL(e.Request.AbsoluteURL(href))
			r.visitErr(u, details.Visit(u))
		}
	})
	if l.Next != "" {
		lists.OnHTML(l.Next, func(e *colly.HTMLElement) {
			u := cleanURL(e.Request.AbsoluteURL(e.Attr("href")))
			r.visitErr(u, e.Request.Visit(u))
		})
	}
	switch l.Pagination {
	case "template":
		// Each page that loads asks for the next; the chain ends at the first
		// page that fails, or at max_pages.
		lists.OnResponse(func(resp *colly.Response) { r.nextPage(lists, resp) })
	case "trs":
		lists.OnResponse(trsPager)
	case "form":
		lists.OnScraped(func(resp *colly.Response) {
			if n, _ := resp.Ctx.GetAny("items").(int); n > 0 {
				r.nextPage(lists, resp)
			}
		})
	}
}

// start requests a start URL: a GET, or for form pagination the first POST.
func (r *sourceRun) start(lists *colly.Collector, u string) error {
	if r.src.List.Pagination == "form" {
		return r.postPage(lists, u, r.firstPage())
	}
	return lists.Visit(u)
}

// collectors returns the list-page and detail-page collectors of a source.
func (c *Crawler) collectors(ctx context.Context, run *sourceRun) (*colly.Collector, *colly.Collector) {
	lim := c.limits(run.src)
	lists := colly.NewCollector(colly.Async(true), colly.UserAgent(c.o.UserAgent), colly.StdlibContext(ctx),
		colly.MaxRequests(uint32(lim.pages)), colly.MaxBodySize(lim.bytes), colly.MaxDepth(run.src.MaxDepth))
	lists.IgnoreRobotsTxt = false // robots.txt is respected
	lists.SetRequestTimeout(lim.timeout)
	g := guard{allowPrivate: run.src.AllowPrivate, allow: c.o.AllowAddrs}
	// No proxy from the environment: a proxy would dial for us, past the guard.
	tr := charsetTransport{next: &http.Transport{DialContext: g.dialer(lim.timeout).DialContext,
		ResponseHeaderTimeout: lim.timeout, MaxIdleConnsPerHost: lim.parallel}, maxBytes: int64(lim.bytes)}
	lists.WithTransport(tr)
	lists.SetRedirectHandler(limitRedirects)
	delay, parallel := c.pace(ctx, run, &http.Client{Transport: tr, Timeout: lim.timeout, CheckRedirect: limitRedirects}, lim.parallel)
	rule := &colly.LimitRule{DomainGlob: "*", Parallelism: parallel, Delay: delay}
	_ = lists.Limit(rule)
	details := lists.Clone()
	_ = details.Limit(rule)
	for _, col := range []*colly.Collector{lists, details} {
		col.OnRequest(func(r *colly.Request) {
			if err := g.checkHost(r.URL.Hostname()); err != nil {
				run.failed(r.URL.String(), 0, err)
				r.Abort()
			}
		})
		col.OnResponseHeaders(func(r *colly.Response) {
			if n := r.Headers.Get("Content-Length"); n != "" && len(n) > 0 && tooBig(n, lim.bytes) {
				r.Request.Abort()
				run.failed(r.Request.URL.String(), r.StatusCode, fmt.Errorf("page of %s bytes is over max_bytes %d", n, lim.bytes))
			}
		})
		col.OnResponse(func(r *colly.Response) {
			run.count(func(rep *SourceReport) { rep.Pages++ })
			if len(r.Body) >= lim.bytes { // colly stops reading at max_bytes without a word
				r.Ctx.Put(truncatedKey(r.Request), true)
			}
		})
		col.OnError(run.onError(ctx))
	}
	details.OnRequest(run.conditional)
	return lists, details
}

// visitErr records a link that could not be visited because of what it
// points at — an internal address, a robots.txt that could not be fetched.
// colly's own refusals (already visited, disallowed by robots.txt, over the
// depth or page caps) are the crawl working as configured, not failures.
func (r *sourceRun) visitErr(u string, err error) {
	var ne net.Error
	if errors.Is(err, ErrPrivateAddress) || errors.As(err, &ne) {
		r.failed(u, 0, err)
	}
}

// truncatedKey marks, in a response's context, that its body was cut at
// max_bytes; keyed by URL because list pages share their context.
func truncatedKey(r *colly.Request) string { return "truncated:" + r.URL.String() }

// truncated reports whether a response's body was cut at max_bytes.
func truncated(r *colly.Response) bool { return r.Ctx.GetAny(truncatedKey(r.Request)) != nil }

func (r *sourceRun) count(f func(*SourceReport)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.rep)
}

func (r *sourceRun) failed(u string, status int, err error) {
	r.count(func(rep *SourceReport) {
		rep.Errors++
		if len(rep.Failures) < MaxFailures {
			rep.Failures = append(rep.Failures, PageError{URL: u, Status: status, Reason: err.Error(), At: r.c.o.Now().UTC()})
		}
	})
	r.c.o.Logger.Warn("page failed", "source", r.src.ID, "url", u, "status", status, "err", err)
}
