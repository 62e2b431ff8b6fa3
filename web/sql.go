package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/store"
)

// The analysts' SQL endpoint speaks ClickHouse's HTTP interface, so curl,
// clickhouse-go's HTTP protocol, Grafana's ClickHouse data source and
// DBeaver-style clients work against the embedded store too: the query in
// the `query` parameter and/or the POST body, the output format from a
// FORMAT clause or `default_format` (TabSeparated by default), the user by
// HTTP basic auth, X-ClickHouse-User/X-ClickHouse-Key or user/password
// parameters. Every query goes through store's read-only policy (one
// statement, no writes, nothing that reaches files or URLs; readonly=1 and
// time and size limits in the engine). Only analysts and admins may use it.

// sqlUser authenticates a ClickHouse-HTTP request.
func (s *Server) sqlUser(r *http.Request) (auth.User, bool) {
	name, password, ok := r.BasicAuth()
	if !ok {
		name, password = r.Header.Get("X-ClickHouse-User"), r.Header.Get("X-ClickHouse-Key")
	}
	if name == "" {
		name, password = r.URL.Query().Get("user"), r.URL.Query().Get("password")
	}
	key := "sql|" + name + "|" + remote(r)
	if name == "" || !s.limiter.Allowed(key) {
		return auth.User{}, false
	}
	u, ok := s.users.Login(name, password)
	if !ok {
		s.limiter.Fail(key)
		return auth.User{}, false
	}
	return u, true
}

// chError writes an error as ClickHouse's HTTP interface does.
func chError(w http.ResponseWriter, status, code int, name, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.Header().Set("X-ClickHouse-Exception-Code", fmt.Sprint(code))
	w.WriteHeader(status)
	fmt.Fprintf(w, "Code: %d. DB::Exception: %s. (%s) (TrustWatch)\n", code, msg, name)
}

// sqlQuery reads the statement: the query parameter, then the body.
func sqlQuery(r *http.Request) (string, error) {
	q := r.URL.Query().Get("query")
	if r.Method == http.MethodPost {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
		if err != nil {
			return "", err
		}
		if len(body) > 1<<20 {
			return "", errors.New("query over 1 MiB")
		}
		if len(body) > 0 {
			q = strings.TrimSpace(q + "\n" + string(body))
		}
	}
	return strings.TrimSpace(q), nil
}

// firstWrite delays the status until the first byte, so an error before
// any output is still sent as an error.
type firstWrite struct {
	w     http.ResponseWriter
	ctype string
	wrote bool
}

func (f *firstWrite) Write(p []byte) (int, error) {
	if !f.wrote {
		f.wrote = true
		f.w.Header().Set("Content-Type", f.ctype)
		f.w.WriteHeader(http.StatusOK)
	}
	return f.w.Write(p)
}

func (s *Server) sql(w http.ResponseWriter, r *http.Request) {
	u, ok := s.sqlUser(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="TrustWatch ClickHouse"`)
		chError(w, http.StatusUnauthorized, 516, "AUTHENTICATION_FAILED", "Authentication failed: password is incorrect, or there is no user with such name")
		return
	}
	r = r.WithContext(withUser(r.Context(), u))
	if !u.SQL() {
		s.audit(r, "denied", "sql", false, "")
		chError(w, http.StatusForbidden, 497, "ACCESS_DENIED", "Not enough privileges: only analysts and admins may query")
		return
	}
	if db := r.URL.Query().Get("database"); db != "" && db != "default" && db != store.Database {
		chError(w, http.StatusNotFound, 81, "UNKNOWN_DATABASE", fmt.Sprintf("Database %s does not exist", db))
		return
	}
	q, err := sqlQuery(r)
	if err != nil || q == "" {
		chError(w, http.StatusBadRequest, 62, "SYNTAX_ERROR", "Empty query")
		return
	}
	if rev := r.URL.Query().Get("client_protocol_version"); rev != "" && isHello(q) {
		b, err := s.hello(r.Context(), clientRevision(rev))
		if err != nil {
			chError(w, http.StatusInternalServerError, 0, "QUERY_FAILED", err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(b)
		return
	}
	format := r.URL.Query().Get("default_format")
	if format == "" {
		format = "TabSeparated"
	}
	out := &firstWrite{w: w, ctype: "text/tab-separated-values; charset=UTF-8"}
	err = s.o.Store.QueryReadOnly(r.Context(), q, format, store.Limits{}, out)
	s.audit(r, "sql", truncate(q, 500), err == nil, errText(err))
	switch {
	case err == nil && !out.wrote:
		w.WriteHeader(http.StatusOK)
	case err != nil && out.wrote:
		fmt.Fprintf(w, "\nCode: 0. DB::Exception: %v (TrustWatch)\n", err) // as ClickHouse does mid-stream
	case errors.Is(err, store.ErrRefused):
		chError(w, http.StatusForbidden, 164, "READONLY", err.Error())
	case err != nil:
		chError(w, http.StatusBadRequest, 0, "QUERY_FAILED", strings.TrimSpace(err.Error()))
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
