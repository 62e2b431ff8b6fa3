package web

import (
	"net/http"

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
	return &chhttp.Handler{Store: s.o.Store, Authenticate: s.sqlUser, Done: s.sqlDone,
		DeniedMessage: "only analysts and admins may query"}
}

// sqlUser authenticates a ClickHouse-HTTP request against the desk's users.
func (s *Server) sqlUser(r *http.Request, name, password string) (chhttp.Caller, bool) {
	key := "sql|" + name + "|" + remote(r)
	if !s.limiter.Allowed(key) {
		return chhttp.Caller{}, false
	}
	u, ok := s.users.Login(name, password)
	if !ok {
		s.limiter.Fail(key)
		return chhttp.Caller{}, false
	}
	if !u.SQL() {
		return chhttp.Caller{Name: u.Name}, true
	}
	return chhttp.Caller{Name: u.Name, Role: chhttp.Reader}, true
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
