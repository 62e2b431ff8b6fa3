package sampleweb

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

var tmpl = template.Must(template.New("").Parse(`
{{define "head"}}<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{.}}</title></head><body>
<div class="header"><a href="/">郑州市人民政府（样例站）</a> | <a href="/xyzz/sgs/index.html">信用郑州·双公示</a> | <a href="/12345/list">12345领导留言板</a> | <a href="/news/index.html">郑州要闻</a></div>{{end}}
{{define "foot"}}<div class="footer">主办：郑州市人民政府办公厅（离线样例，内容为生成数据）</div></body></html>{{end}}
{{define "home"}}{{template "head" "郑州市人民政府"}}<ul class="sites">
<li><a href="/xyzz/sgs/index.html">信用郑州 双公示（行政许可、行政处罚）</a></li>
<li><a href="/12345/list">12345 市长热线·领导留言板</a></li>
<li><a href="/news/index.html">郑州要闻</a></li></ul>{{template "foot"}}{{end}}
{{define "list"}}{{template "head" .Title}}<h2>{{.Title}}</h2>
<ul class="list">{{range .Items}}<li><a href="{{.Href}}" title="{{.Title}}">{{.Title}}</a><span class="date">{{.Date}}</span></li>
{{end}}</ul>
<div class="page">共{{.Pages}}页 当前第{{.Page}}页 {{if .Prev}}<a class="prev" href="{{.Prev}}">上一页</a>{{end}} {{if .Next}}<a class="next" href="{{.Next}}">下一页</a>{{end}}</div>
{{template "foot"}}{{end}}
{{define "detail"}}{{template "head" .Title}}<div class="article">
<h1 class="title">{{.Title}}</h1>
<div class="info">发布时间：{{.Date}}　来源：{{.Source}}</div>
<table class="fields">{{range .Fields}}<tr><th>{{.Name}}</th><td id="{{.ID}}">{{.Value}}</td></tr>
{{end}}</table>
<div class="content" id="zoom"><p>{{.Body}}</p></div></div>{{template "foot"}}{{end}}
`))

type listItem struct{ Href, Title, Date string }

type listPage struct {
	Title       string
	Items       []listItem
	Page, Pages int
	Prev, Next  string
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) { render(w, "home", nil) }

// disclosure serves index.html, index_1.html, … (TRS-CMS naming: the first
// page has no number, page n+1 is index_n.html).
func (s *Site) disclosure(w http.ResponseWriter, r *http.Request) {
	s.trsList(w, r, SiteDisclosure, "信用郑州·双公示")
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

// complaintList serves list?page=N.
func (s *Site) complaintList(w http.ResponseWriter, r *http.Request) {
	n := 1
	if p := r.URL.Query().Get("page"); p != "" {
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
	items, pages := pageOf(s.bySite[site], n)
	if items == nil {
		http.NotFound(w, r)
		return
	}
	lp := listPage{Title: title, Page: n, Pages: pages}
	for _, it := range items {
		lp.Items = append(lp.Items, listItem{Href: relHref(it.Path), Title: it.Title, Date: it.Date.Format("2006-01-02")})
	}
	if n > 1 {
		lp.Prev = name(n - 1)
	}
	if n < pages {
		lp.Next = name(n + 1)
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
	}
	return path
}

func (s *Site) detail(w http.ResponseWriter, r *http.Request) {
	it := s.byPath[r.URL.RequestURI()]
	if it == nil {
		http.NotFound(w, r)
		return
	}
	source := map[string]string{SiteDisclosure: "信用郑州", SiteComplaint: "郑州市12345热线", SiteNews: "郑州市人民政府网站"}[it.Site]
	render(w, "detail", map[string]any{
		"Title": it.Title, "Date": it.Date.Format("2006-01-02 15:04"), "Source": source, "Fields": it.Fields, "Body": it.Body,
	})
}

func render(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := tmpl.ExecuteTemplate(w, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
