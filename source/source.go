// Package source defines a Source: one site or feed that the crawler reads,
// described in configs/sources/*.yaml — its kind, where to start, how to page
// through lists and which CSS selectors yield a document's fields.
//
// It owns the description and its validation; fetching is the crawler's job.
package source

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"github.com/trustwatch/trustwatch/schedule"
)

// Kinds of source, after the plan's channels of 政务失信 records.
const (
	KindDisclosure  = "disclosure"  // 双公示: 行政许可/行政处罚
	KindComplaint   = "complaint"   // 12345, 领导留言板, 市长信箱
	KindJudgment    = "judgment"    // court judgments, 行政诉讼
	KindProcurement = "procurement" // 政府采购, 招标投标, 公共资源交易
	KindCommitment  = "commitment"  // 政务服务承诺
	KindNews        = "news"        // government and media news
	KindProposal    = "proposal"    // 人大代表建议、政协委员提案 办理结果 (plan item 2)
	KindPowerList   = "powerlist"   // 权力和责任清单, watched for changes (plan item 11)
	KindDiscipline  = "discipline"  // 纪律处分、问责 notices of 纪委监委 (plan item 6)
)

// Kinds lists the valid kinds.
var Kinds = []string{KindDisclosure, KindComplaint, KindJudgment, KindProcurement, KindCommitment, KindNews, KindProposal, KindPowerList, KindDiscipline}

// SampleWebPlaceholder in a start URL stands for the address of the offline
// sample web, known only once it listens.
const SampleWebPlaceholder = "{sampleweb}"

// MaxParallelism caps the concurrent requests to one site: a crawler of
// government sites must not look like an attack on them.
const MaxParallelism = 8

// MinScheduleInterval is the shortest interval between two crawls of a source.
const MinScheduleInterval = time.Minute

// CheckSchedule validates a crawl schedule: a cron spec or @every, no more
// often than MinScheduleInterval.
func CheckSchedule(spec string) error {
	sched, err := schedule.Parse(spec)
	if err != nil {
		return fmt.Errorf("%v (want a cron spec such as \"0 */6 * * *\" or \"@every 6h\")", err)
	}
	if every := schedule.Interval(sched); every > 0 && every < MinScheduleInterval {
		return fmt.Errorf("schedule %q: at most one crawl a minute (@every %s or longer)", spec, MinScheduleInterval)
	}
	return nil
}

// Source is one site or feed.
type Source struct {
	ID           string   `yaml:"id"`
	Name         string   `yaml:"name"`
	Kind         string   `yaml:"kind"`
	StartURLs    []string `yaml:"start_urls"`
	AllowPrivate bool     `yaml:"allow_private"` // allow loopback/private targets (the sample web needs it)
	DefaultUnit  string   `yaml:"default_unit"`  // unit id when the site belongs to one unit
	MaxPages     int      `yaml:"max_pages"`     // cap on pages fetched per run; default 2000
	MaxDepth     int      `yaml:"max_depth"`     // cap on link depth from a start URL; default 0, none (max_pages still bounds)
	MaxBytes     int      `yaml:"max_bytes"`     // larger pages are refused; default 8 MiB
	Timeout      Duration `yaml:"timeout"`       // per request; default the crawler's (20s)
	Delay        Duration `yaml:"delay"`         // pause between requests to the site; default none
	Parallelism  int      `yaml:"parallelism"`   // concurrent requests to the site; default the crawler's (4)
	List         List     `yaml:"list"`
	Detail       Detail   `yaml:"detail"`
	Records      Records  `yaml:"records"`  // how rows of a JSON API, xlsx or csv become documents
	Schedule     string   `yaml:"schedule"` // cron spec or @every for `trustwatch run`; default the crawler's
	Verified     string   `yaml:"verified"` // when the definition was last checked against the live site, or "no"

	File string `yaml:"-"` // the file it was read from
}

// List says how to walk a list page.
type List struct {
	Item string `yaml:"item"` // CSS selector of links to detail pages
	Next string `yaml:"next"` // CSS selector of the link to the next list page
	// Pagination: "" (follow Next); "trs" — TRS-CMS pages that draw their
	// page links with createPageHTML(total, current, "index", "html");
	// "template" — pages at Template with {n} = FirstPage, FirstPage+1, …
	// until one fails (index_{n}.html, list?page={n}); "form" — the start
	// URL POSTed with Form, {n} = FirstPage, FirstPage+1, … until a page
	// lists nothing (ASP.NET-style lists and JSON APIs).
	Pagination string            `yaml:"pagination"`
	Template   string            `yaml:"template"`   // relative URL with {n}, for pagination: template
	FirstPage  int               `yaml:"first_page"` // n of the page after the start URL (template), or of the first POST (form); default 1
	Form       map[string]string `yaml:"form"`       // POST fields for pagination: form; {n} is the page number
	// Format of the list pages: "html" (default) or "json", an API whose
	// pages hold the records themselves (see records).
	Format string `yaml:"format"`
}

// Paginations lists the valid list.pagination values.
var Paginations = []string{"", "trs", "template", "form"}

// Formats of detail pages: html pages, or attachment files whose rows are records.
var Formats = []string{"", "html", "xlsx", "csv", "json"}

// Detail says which CSS selectors yield a document's fields.
type Detail struct {
	// Format: "html" (default); "xlsx", "csv" or "json" for attachments
	// (台账, 公示名单) whose rows each become a document through records.
	Format      string            `yaml:"format"`
	Title       string            `yaml:"title"`
	Body        string            `yaml:"body"`
	PublishedAt string            `yaml:"published_at"`
	Fields      map[string]string `yaml:"fields"` // named structured fields, e.g. 决定日期, 答复单位
	// Table is a CSS selector of a table of label/value rows (<th>答复单位</th>
	// <td>…</td>, or two <td>s): every row becomes a field named by its label.
	// Fields named in fields take precedence.
	Table string `yaml:"table"`
}

// Records says how the rows of a JSON API page or of an xlsx/csv/json
// attachment become documents. Each value names a column (a JSON key) or is a
// template of columns in braces: "{欠款单位}拖欠{债权企业}账款".
type Records struct {
	Path        string            `yaml:"path"`       // json: dotted path to the array of records, e.g. data.list; empty: the top level
	Sheet       string            `yaml:"sheet"`      // xlsx: sheet name, default the first
	HeaderRow   int               `yaml:"header_row"` // xlsx/csv: 1-based row of column names, default 1
	ID          string            `yaml:"id"`         // what names a record within its source: required, so a changed row is a new version of the same document
	Title       string            `yaml:"title"`
	Body        string            `yaml:"body"`         // default: every column as "name：value"
	PublishedAt string            `yaml:"published_at"` // date column
	Link        string            `yaml:"link"`         // the record's own page, e.g. "letter.html?id={letterId}"; default the file's URL + "#" + id
	Fields      map[string]string `yaml:"fields"`       // named structured fields; default every column
}

// UsesRecords says whether documents come from records rather than HTML pages.
func (s *Source) UsesRecords() bool {
	return s.List.Format == "json" || (s.Detail.Format != "" && s.Detail.Format != "html")
}

// Duration is a time.Duration written in YAML as "500ms", "2s", "1m".
type Duration = time.Duration

// Problem is one thing wrong with a source, at a field path within it.
type Problem struct {
	Path, Msg string
}

// Validate returns every problem with s; unitKnown says whether a unit id exists.
func (s *Source) Validate(unitKnown func(string) bool) []Problem {
	var ps []Problem
	add := func(path, format string, a ...any) { ps = append(ps, Problem{path, fmt.Sprintf(format, a...)}) }
	if s.ID == "" {
		add("id", "required")
	}
	if !slices.Contains(Kinds, s.Kind) {
		add("kind", "unknown kind %q (want %s)", s.Kind, strings.Join(Kinds, ", "))
	}
	if len(s.StartURLs) == 0 {
		add("start_urls", "at least one URL required")
	}
	for i, u := range s.StartURLs {
		if msg := checkURL(u); msg != "" {
			add(fmt.Sprintf("start_urls[%d]", i), "%s", msg)
		}
	}
	if s.List.Item == "" && s.List.Format != "json" {
		add("list.item", "required (CSS selector of links to detail pages)")
	}
	for path, sel := range s.selectors() {
		if _, err := cascadia.ParseGroup(sel); err != nil && sel != "" {
			add(path, "bad CSS selector %q: %v", sel, err)
		}
	}
	if !slices.Contains(Paginations, s.List.Pagination) {
		add("list.pagination", "unknown pagination %q (want trs or template, or leave it out to follow list.next)", s.List.Pagination)
	}
	if s.List.Pagination == "template" && !strings.Contains(s.List.Template, "{n}") {
		add("list.template", "a template with {n} is required for pagination: template (e.g. index_{n}.html)")
	}
	ps = append(ps, s.validateFormats()...)
	if s.Schedule != "" {
		if err := CheckSchedule(s.Schedule); err != nil {
			add("schedule", "%v", err)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"max_pages", s.MaxPages}, {"max_depth", s.MaxDepth}, {"max_bytes", s.MaxBytes}, {"parallelism", s.Parallelism}} {
		if f.v < 0 {
			add(f.name, "must not be negative, got %d", f.v)
		}
	}
	if s.Parallelism > MaxParallelism {
		add("parallelism", "at most %d concurrent requests to one site, got %d", MaxParallelism, s.Parallelism)
	}
	if s.Timeout < 0 {
		add("timeout", "must not be negative")
	}
	if s.Delay < 0 {
		add("delay", "must not be negative")
	}
	if s.DefaultUnit != "" && unitKnown != nil && !unitKnown(s.DefaultUnit) {
		add("default_unit", "unknown unit %q (not in units file)", s.DefaultUnit)
	}
	return ps
}

// selectors returns every CSS selector of the source by field path.
func (s *Source) selectors() map[string]string {
	out := map[string]string{"list.item": s.List.Item, "list.next": s.List.Next, "detail.title": s.Detail.Title,
		"detail.body": s.Detail.Body, "detail.published_at": s.Detail.PublishedAt, "detail.table": s.Detail.Table}
	for name, sel := range s.Detail.Fields {
		out["detail.fields."+name] = sel
	}
	return out
}

// validateFormats checks the list and detail formats, form pagination and
// the records rules they need.
func (s *Source) validateFormats() []Problem {
	var ps []Problem
	add := func(path, format string, a ...any) { ps = append(ps, Problem{path, fmt.Sprintf(format, a...)}) }
	if s.List.Format != "" && s.List.Format != "html" && s.List.Format != "json" {
		add("list.format", "unknown format %q (want html or json)", s.List.Format)
	}
	if !slices.Contains(Formats, s.Detail.Format) {
		add("detail.format", "unknown format %q (want html, xlsx, csv or json)", s.Detail.Format)
	}
	if s.List.Pagination == "form" && len(s.List.Form) == 0 {
		add("list.form", "POST fields with {n} are required for pagination: form (e.g. pageNo: \"{n}\")")
	}
	if !s.UsesRecords() {
		if s.Detail.Title == "" {
			add("detail.title", "required")
		}
		if s.Detail.Body == "" {
			add("detail.body", "required")
		}
		return ps
	}
	if s.Records.ID == "" {
		add("records.id", "required: the column that names a record, so a changed row stays one document")
	}
	if s.Records.Title == "" {
		add("records.title", "required: a column or a template such as \"{col1}关于{col2}\"")
	}
	if s.Records.PublishedAt == "" {
		add("records.published_at", "required: the column with the record's date")
	}
	if s.Records.HeaderRow < 0 {
		add("records.header_row", "must not be negative, got %d", s.Records.HeaderRow)
	}
	return ps
}

func checkURL(raw string) string {
	u, err := url.Parse(strings.Replace(raw, SampleWebPlaceholder, "http://127.0.0.1", 1))
	if err != nil {
		return fmt.Sprintf("bad URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Sprintf("bad URL %q: scheme must be http or https", raw)
	}
	return ""
}

// Site is the site a source crawls — the host of its first start URL — the
// unit of politeness: crawl tasks are keyed by it, so one crawler process
// at a time crawls a site. The sample web's sites share one loopback host
// but stand for separate sites: each is named by its first path segment.
func (s Source) Site() string {
	if len(s.StartURLs) == 0 {
		return s.ID
	}
	u := s.StartURLs[0]
	if rest, ok := strings.CutPrefix(u, SampleWebPlaceholder); ok {
		seg, _, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
		return SampleWebPlaceholder + "/" + seg
	}
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return strings.ToLower(p.Host)
	}
	return s.ID
}
