package web

import (
	"net/http"

	"github.com/trustwatch/trustwatch/auth"

	"github.com/trustwatch/trustwatch/store/chhttp"
)

// The analysts' SQL endpoint speaks ClickHouse's HTTP interface (package
// chhttp), so curl, clickhouse-go's HTTP protocol, Grafana's ClickHouse data
// source and DBeaver-style clients work against the embedded store too. The
// user comes by HTTP basic auth, X-ClickHouse-User/X-ClickHouse-Key or
// user/password parameters, checked against the desk's accounts with the
// login's rate limit. Every query goes through store's read-only policy (one
// statement, no writes, nothing that reaches files or URLs; readonly=1 and
// time and size limits in the engine). Only analysts and admins may use it.

func (s *Server) sqlHandler() *chhttp.Handler {
	return &chhttp.Handler{Store: s.o.Store, Authenticate: SQLLogin(s.users, s.limiter, nil), Done: s.sqlDone,
		DeniedMessage: "only analysts and admins may query"}
}

// SQLLogin authenticates ClickHouse-HTTP requests — the desk's, and `trustwatch
// store serve`'s — against the desk's accounts, with the login's rate limit
// per user and address: analysts and admins read, other users are denied.
// service, when given, recognises the services' own account, which writes.
func SQLLogin(users *auth.Users, limiter *auth.Limiter, service func(name, password string) bool) func(*http.Request, string, string) (chhttp.Caller, bool) {
	return func(r *http.Request, name, password string) (chhttp.Caller, bool) {
		key := "sql|" + name + "|" + remote(r)
		if !limiter.Allowed(key) {
			return chhttp.Caller{}, false
		}
		if service != nil && service(name, password) {
			return chhttp.Caller{Name: name, Role: chhttp.Writer}, true
		}
		u, ok := users.Login(name, password)
		if !ok {
			limiter.Fail(key)
			return chhttp.Caller{}, false
		}
		if !u.SQL() {
			return chhttp.Caller{Name: u.Name}, true
		}
		return chhttp.Caller{Name: u.Name, Role: chhttp.Reader}, true
	}
}

// sqlDone records each statement, or the refusal, in the audit log.
func (s *Server) sqlDone(r *http.Request, c chhttp.Caller, q string, err error) {
	u, _ := s.users.Get(c.Name)
	r = r.WithContext(withUser(r.Context(), u))
	if c.Role == chhttp.Denied {
		s.audit(r, "denied", "sql", false, "")
		return
	}
	s.audit(r, "sql", truncate(q, 500), err == nil, errText(err))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
