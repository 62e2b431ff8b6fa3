package sampleweb

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var tmpl = template.Must(template.New("").Parse(`
{{define "head"}}<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{.}}</title></head><body>{{end}}
{{define "headgbk"}}<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{{.}}</title></head><body>{{end}}
{{define "nav"}}<div class="header"><a href="/">郑州市人民政府（样例站）</a> | <a href="/xyzz/sgs/index.html">信用郑州·双公示</a> | <a href="/12345/list">12345领导留言板</a> | <a href="/news/index.html">郑州要闻</a> | <a href="/gbk/index.html">县政府通知公告</a></div>{{end}}
{{define "foot"}}<div class="footer">主办：郑州市人民政府办公厅（离线样例，内容为生成数据）</div></body></html>{{end}}
{{define "home"}}{{template "head" "郑州市人民政府"}}{{template "nav"}}<ul class="sites">
<li><a href="/xyzz/sgs/index.html">信用郑州 双公示（行政许可、行政处罚）</a></li>
<li><a href="/12345/list">12345 市长热线·领导留言板</a></li>
<li><a href="/news/index.html">郑州要闻</a></li>
<li><a href="/gbk/index.html">县人民政府 通知公告（GBK 编码）</a></li>
<li><a href="/qxzk/index.html">清欠工作台账（xlsx/csv 附件）</a></li>
<li><a href="/szxx/api/letters">市长信箱（JSON 接口，POST 分页）</a></li>
<li><a href="/dahe/index.html">大河网·郑州新闻（转载）</a></li>
<li><a href="/wenshu/index.html">裁判文书·行政案件</a></li>
<li><a href="/jyta/index.html">建议提案办理结果公开</a></li>
<li><a href="/hcp/index.html">政务服务“好差评”情况统计表（xlsx 附件）</a></li>
<li><a href="/qzqd/index.html">权力和责任清单</a></li>
<li><a href="/jjjc/index.html">纪委监委通报曝光</a></li></ul>{{template "foot"}}{{end}}
{{define "list"}}{{if .GBK}}{{template "headgbk" .Title}}{{else}}{{template "head" .Title}}{{end}}{{template "nav"}}<h2>{{.Title}}</h2>
<ul class="list">{{if .Private}}<li><a href="./private/internal.html">内部资料（仅限内网）</a><span class="date"></span></li>{{end}}{{range .Items}}<li><a href="{{.Href}}" title="{{.Title}}">{{.Title}}</a><span class="date">{{.Date}}</span></li>
{{end}}</ul>
{{if .Script}}<div class="page"><script language="JavaScript">createPageHTML({{.Pages}}, {{.Index}}, "index", "html");</script></div>{{else}}<div class="page">共{{.Pages}}页 当前第{{.Page}}页 {{if .Prev}}<a class="prev" href="{{.Prev}}">上一页</a>{{end}} {{if .Next}}<a class="next" href="{{.Next}}">下一页</a>{{end}}</div>{{end}}
{{template "foot"}}{{end}}
{{define "detail2"}}{{template "head" .Title}}{{template "nav"}}<div class="art">
<h2 class="art-title">{{.Title}}</h2>
<p class="art-meta">{{.Date}} {{.Source}}</p>
<section class="art-body">{{.Body}}</section></div>{{template "foot"}}{{end}}
{{define "media"}}{{template "head" .Title}}<div class="top">大河网 · 郑州频道</div><div class="main">
<h1 class="article-title">{{.Title}}</h1>
<div class="article-meta"><span class="pubtime">{{.Date}}</span> 来源：<span class="ly">{{range .Fields}}{{.Value}}{{end}}</span></div>
<div id="article-content">{{.Body}}</div></div><div class="bottom">大河网（离线样例）</div></body></html>{{end}}
{{define "detail"}}{{if .GBK}}{{template "headgbk" .Title}}{{else}}{{template "head" .Title}}{{end}}{{template "nav"}}<div class="article">
<h1 class="title">{{.Title}}</h1>
<div class="info">发布时间：{{.Date}}　来源：{{.Source}}</div>
<table class="fields">{{range .Fields}}<tr><th>{{.Name}}</th><td id="{{.ID}}">{{.Value}}</td></tr>
{{end}}</table>
<div class="content" id="zoom"><p>{{.Body}}</p></div></div>{{template "foot"}}{{end}}
`))

type listItem struct{ Href, Title, Date string }

type listPage struct {
	Title        string
	Items        []listItem
	Page, Pages  int
	Prev, Next   string
	GBK, Private bool
	Script       bool // TRS-CMS style: page links drawn by createPageHTML, no <a> to follow
	Index        int  // 0-based page number for the script
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) { render(w, "home", nil) }

// disclosure serves index.html, index_1.html, … (TRS-CMS naming: the first
// page has no number, page n+1 is index_n.html).
func (s *Site) disclosure(w http.ResponseWriter, r *http.Request) {
	s.trsList(w, r, SiteDisclosure, "信用郑州·双公示")
}

func (s *Site) judgmentList(w http.ResponseWriter, r *http.Request) {
	s.trsList(w, r, SiteJudgment, "裁判文书·行政案件")
}

func (s *Site) newsList(w http.ResponseWriter, r *http.Request) {
	s.trsList(w, r, SiteNews, "郑州要闻")
}

func (s *Site) trsList(w http.ResponseWriter, r *http.Request, site, title string) {
	n, ok := trsPage(r.PathValue("page"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	name := func(p int) string {
		if p == 1 {
			return "index.html"
		}
		return fmt.Sprintf("index_%d.html", p-1)
	}
	s.list(w, r, site, title, n, name)
}

func trsPage(file string) (int, bool) {
	if file == "index.html" {
		return 1, true
	}
	num, ok := strings.CutPrefix(file, "index_")
	num, ok2 := strings.CutSuffix(num, ".html")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || n < 1 {
		return 0, false
	}
	return n + 1, true
}

// complaintList serves list?page=N, and the same pages to a form POST of
// page=N, as ASP.NET-style boards do.
func (s *Site) complaintList(w http.ResponseWriter, r *http.Request) {
	n := 1
	if p := r.FormValue("page"); p != "" {
		v, err := strconv.Atoi(p)
		if err != nil {
			http.Error(w, "bad page", http.StatusBadRequest)
			return
		}
		n = v
	}
	s.list(w, r, SiteComplaint, "12345领导留言板", n, func(p int) string { return fmt.Sprintf("list?page=%d", p) })
}

func (s *Site) list(w http.ResponseWriter, r *http.Request, site, title string, n int, name func(int) string) {
	size := PageSize
	if site == SiteNews {
		size = NewsPageSize
	}
	items, pages := pageOf(s.bySite[site], n, size)
	if items == nil {
		http.NotFound(w, r)
		return
	}
	lp := listPage{Title: title, Page: n, Pages: pages, GBK: site == SiteGBK, Private: site == SiteDisclosure && n == 1,
		Script: site == SiteNews, Index: n - 1}
	for _, it := range items {
		lp.Items = append(lp.Items, listItem{Href: relHref(it.Path), Title: it.Title, Date: it.Date.Format("2006-01-02")})
	}
	if n > 1 {
		lp.Prev = name(n - 1)
	}
	if n < pages {
		lp.Next = name(n + 1)
	}
	if lp.GBK {
		renderGBK(w, "list", lp)
		return
	}
	render(w, "list", lp)
}

// relHref writes detail links the way these sites do: relative to the list.
func relHref(path string) string {
	switch {
	case strings.HasPrefix(path, "/xyzz/sgs/"):
		return "./" + strings.TrimPrefix(path, "/xyzz/sgs/")
	case strings.HasPrefix(path, "/12345/"):
		return strings.TrimPrefix(path, "/12345/")
	case strings.HasPrefix(path, "/news/"):
		return "./" + strings.TrimPrefix(path, "/news/")
	case strings.HasPrefix(path, "/wenshu/"):
		return "./" + strings.TrimPrefix(path, "/wenshu/")
	case strings.HasPrefix(path, "/dahe/"):
		return "./" + strings.TrimPrefix(path, "/dahe/")
	case strings.HasPrefix(path, "/gbk/"):
		return strings.TrimPrefix(path, "/gbk/")
	}
	return path
}

func (s *Site) detail(w http.ResponseWriter, r *http.Request) {
	path := r.URL.RequestURI()
	it := s.byPath[path]
	if it == nil {
		http.NotFound(w, r)
		return
	}
	if s.count(path) == 1 && path == s.flaky {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "服务暂时不可用", http.StatusServiceUnavailable)
		return
	}
	// Detail pages carry validators, as most CMSs send: an unchanged page
	// answers a conditional GET with 304.
	etag := fmt.Sprintf("%q", fmt.Sprintf("%x", sha1.Sum([]byte(path+it.Title+it.Body))))
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", it.Date.UTC().Format(http.TimeFormat))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	source := map[string]string{SiteDisclosure: "信用郑州", SiteComplaint: "郑州市12345热线", SiteNews: "郑州市人民政府网站",
		SiteGBK: "县人民政府办公室", SiteMailbox: "郑州市市长信箱", SiteRepost: "大河网",
		SiteJudgment: "中国裁判文书网（样例）", SiteProposal: "郑州市人民政府·建议提案办理结果公开",
		SitePowers: "郑州市人民政府·权责清单", SiteDiscipline: "郑州市纪委监委"}[it.Site]
	data := map[string]any{"Title": it.Title, "Date": it.Date.Format("2006-01-02 15:04"), "Source": source,
		"Fields": it.Fields, "Body": it.Body, "GBK": it.Site == SiteGBK}
	if it.Site == SiteGBK {
		renderGBK(w, "detail", data)
		return
	}
	if it.Site == SiteRepost {
		render(w, "media", data)
		return
	}
	if s.redesigned() {
		render(w, "detail2", data)
		return
	}
	render(w, "detail", data)
}

// gbk serves the GBK site's list pages (index.html, index_1.html, …) and
// detail pages.
func (s *Site) gbk(w http.ResponseWriter, r *http.Request) {
	if _, ok := trsPage(r.PathValue("page")); ok {
		s.trsList(w, r, SiteGBK, "县人民政府 通知公告")
		return
	}
	s.detail(w, r)
}

// private is the page robots.txt disallows.
func (s *Site) private(w http.ResponseWriter, r *http.Request) {
	s.count(r.URL.Path)
	render(w, "detail", map[string]any{"Title": "内部资料：请勿抓取", "Date": "2026-10-01 09:00", "Source": "内网", "Body": "本页面禁止抓取。"})
}

// renderGBK writes a page encoded in GBK with no charset in the header, as
// old county sites do: only the <meta> tag says gb2312.
func renderGBK(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	w.Write(out)
}

func render(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := tmpl.ExecuteTemplate(w, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
