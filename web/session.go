package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/store"
)

const cookieName = "tw_session"

// session returns the logged-in user of a request.
func (s *Server) session(r *http.Request) (auth.User, auth.Session, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return auth.User{}, auth.Session{}, false
	}
	ss, ok := s.sessions.Parse(c.Value)
	if !ok {
		return auth.User{}, auth.Session{}, false
	}
	u, ok := s.users.Get(ss.User)
	return u, ss, ok
}

type userKey struct{}

func withUser(ctx context.Context, u auth.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// userOf is the logged-in user of a request that passed login().
func userOf(r *http.Request) auth.User { u, _ := r.Context().Value(userKey{}).(auth.User); return u }

// login wraps a handler: no session, to the login page; a POST without the
// session's CSRF token, refused.
func (s *Server) login(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ss, ok := s.session(r)
		if !ok {
			if r.Method != http.MethodGet {
				s.fail(w, r, http.StatusUnauthorized, "未登录", "请先登录。")
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(ss.CSRF)) != 1 {
			s.audit(r.WithContext(context.WithValue(r.Context(), userKey{}, u)), "csrf_refused", r.URL.Path, false, "")
			s.fail(w, r, http.StatusForbidden, "请求被拒绝", "表单已失效（缺少或错误的校验码），请刷新页面后重试。")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	}
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "login", loginView{view: s.view(r, "登录", ""), Next: safeNext(r.URL.Query().Get("next"))})
}

type loginView struct {
	view
	Next, Error string
}

// safeNext keeps a redirect on this site.
func safeNext(n string) string {
	if !strings.HasPrefix(n, "/") || strings.HasPrefix(n, "//") || strings.Contains(n, "\\") {
		return "/rankings"
	}
	return n
}

func remote(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

func (s *Server) doLogin(w http.ResponseWriter, r *http.Request) {
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	key := name + "|" + remote(r)
	if !s.limiter.Allowed(key) || !s.limiter.Allowed(remote(r)) {
		s.audit(r, "login_limited", name, false, "")
		s.render(w, http.StatusTooManyRequests, "login", loginView{view: s.view(r, "登录", ""), Next: next, Error: "登录失败次数过多，请 15 分钟后再试。"})
		return
	}
	u, ok := s.users.Login(name, password)
	if !ok {
		s.limiter.Fail(key)
		s.limiter.Fail(remote(r))
		s.audit(r, "login_failed", name, false, "")
		s.render(w, http.StatusUnauthorized, "login", loginView{view: s.view(r, "登录", ""), Next: next, Error: "用户名或密码错误。"})
		return
	}
	s.limiter.Reset(key)
	ss, value := s.sessions.New(u.Name)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: value, Path: "/", Expires: ss.Expires, HttpOnly: true,
		Secure: s.o.Secure, SameSite: http.SameSiteLaxMode})
	s.audit(r.WithContext(context.WithValue(r.Context(), userKey{}, u)), "login", u.Name, true, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.o.Secure, SameSite: http.SameSiteLaxMode})
	s.audit(r, "logout", "", true, "")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

var auditColumns = []string{"at", "user", "role", "action", "target", "ok", "detail", "remote"}

// audit records a login or an action in web_audit. A failure to record is
// logged: the action itself already happened.
func (s *Server) audit(r *http.Request, action, target string, ok bool, detail string) {
	if s.o.Store == nil {
		return
	}
	u := userOf(r)
	row := []any{s.o.Now().UTC(), u.Name, string(u.Role), action, target, ok, detail, remote(r)}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
	defer cancel()
	if err := s.o.Store.Insert(ctx, store.Database+".web_audit", auditColumns, [][]any{row}); err != nil {
		s.o.Logger.Warn("audit not recorded", "action", action, "err", err)
	}
}
