package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/gaming"
	"github.com/trustwatch/trustwatch/period"
)

var roleNames = map[auth.Role]string{auth.Evaluator: "评估人员", auth.Official: "单位联络人", auth.Analyst: "分析人员", auth.Admin: "管理员"}

var funcs = template.FuncMap{
	"roleName": func(r auth.Role) string { return roleNames[r] },
	"periodName": func(s string) string {
		if p, err := period.Parse(s); err == nil {
			return p.Chinese()
		}
		return s
	},
	"clock": func(t time.Time) string {
		if t.IsZero() || t.Unix() <= 0 {
			return ""
		}
		return t.In(cst).Format("2006-01-02 15:04")
	},
	"state":  alerts.Warning.StateName,
	"figure": alerts.Figure.String,
	"deref":  func(p *float64) float64 { return *p },
	"objState": func(s string) string {
		return map[string]string{"filed": "待审核", "accepted": "已采纳", "rejected": "不予采纳"}[s]
	},
	"join":        func(xs []string) string { return strings.Join(xs, ", ") },
	"burstWindow": func() int { return gaming.BurstWindow },
	"burstAge":    func() int { return gaming.BurstAge },
	"burstMin":    func() int { return gaming.BurstMin },
	"auditEvent": func(e string) string {
		return map[string]string{"filed": "提出", "file": "上传材料", "accepted": "采纳", "rejected": "不予采纳", "recomputed": "重新计算"}[e]
	},
}

var pageNames = []string{"login", "ack", "error", "rankings", "unit", "doc", "warnings", "warning", "sources", "reports", "objections", "objection", "audit", "watch"}

func parsePages() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, n := range pageNames {
		files := []string{"templates/base.html", "templates/partials.html", "templates/" + n + ".html"}
		t, err := template.New(n).Funcs(funcs).ParseFS(pagesFS(), files...)
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", n, err)
		}
		out[n] = t
	}
	return out, nil
}

// view is what every page shows: title, navigation, the user.
type view struct {
	Title, Nav, CSRF, Flash, Now string
	User                         auth.User
}

// render writes a page with the base layout.
// A page is rendered whole before it is sent, so a template error is a
// clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, code int, page string, data any) {
	var b bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&b, "base", data); err != nil {
		s.o.Logger.Error("render page", "page", page, "err", err)
		http.Error(w, "页面生成失败 page failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(b.Bytes())
}

func (s *Server) view(r *http.Request, title, nav string) view {
	v := view{Title: title, Nav: nav, Now: s.o.Now().In(cst).Format("2006-01-02 15:04")}
	if u, ss, ok := s.session(r); ok {
		v.User, v.CSRF = u, ss.CSRF
	}
	v.Flash = r.URL.Query().Get("msg")
	return v
}

// fail shows an error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, title, msg string) {
	s.render(w, code, "error", struct {
		view
		Message string
	}{s.view(r, title, ""), msg})
}

// notFound is also what an official gets for another unit's page: nothing
// says whether it exists.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "未找到", "页面不存在，或您无权查看。")
}
