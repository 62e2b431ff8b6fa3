// Package chhttp serves a TrustWatch store over ClickHouse's HTTP interface,
// so curl, clickhouse-go's HTTP protocol, Grafana's ClickHouse data source and
// TrustWatch's own services on other processes reach the embedded engine as
// they would reach a ClickHouse server: the query in the `query` parameter
// and/or the POST body, the output format from a FORMAT clause or
// `default_format` (TabSeparated by default), errors as ClickHouse writes them
// (status, X-ClickHouse-Exception-Code, "Code: N. DB::Exception: …").
//
// Callers have a role. Readers (the desk's analysts) go through store's
// read-only policy. Writers (`trustwatch store serve`'s service account) run
// any statement, and INSERT … FORMAT F with its data in the body — how
// clickhouse-go sends a batch — except a request that sets readonly, as a
// service running an analyst's query does: that one is read under the
// policy with the limits it sets, as a ClickHouse server would enforce them.
//
// It owns the protocol: parsing requests, the handshake query, error
// replies. Who may connect belongs to the caller (web's desk users, the store
// service's account); what a statement means belongs to the engine.
package chhttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// Role is what a caller may do.
type Role int

const (
	// Denied callers are refused with ACCESS_DENIED.
	Denied Role = iota
	// Reader runs one read-only statement at a time within the handler's limits.
	Reader
	// Writer runs any statement, and inserts data sent in the body.
	Writer
)

// String names the role, for metrics and logs.
func (r Role) String() string {
	switch r {
	case Reader:
		return "reader"
	case Writer:
		return "writer"
	}
	return "denied"
}

// Caller is an authenticated request's user and role.
type Caller struct {
	Name string
	Role Role
}

// Writable is what a backend offers writers: statements with their output
// streamed in a format, and inserts of data in a format. The embedded
// engine has it; a ClickHouse server is reached directly instead.
type Writable interface {
	Stream(ctx context.Context, query, format string, w io.Writer) error
	InsertData(ctx context.Context, table string, columns []string, format string, data io.Reader) error
}

// Handler serves ClickHouse's HTTP interface over Store.
type Handler struct {
	Store *store.Store
	// Authenticate checks the credentials of a request (empty user when none
	// were sent); false answers 401 AUTHENTICATION_FAILED.
	Authenticate func(r *http.Request, user, password string) (Caller, bool)
	// Limits bound readers' queries.
	Limits store.Limits
	// Done is told each statement's outcome (audit, metrics); may be nil.
	Done func(r *http.Request, c Caller, query string, err error)
	// DeniedMessage says who may query, for the ACCESS_DENIED reply.
	DeniedMessage string
}

// maxQuery bounds a statement read from the body (writers' data is not bounded).
const maxQuery = 1 << 20

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ping" {
		_, _ = io.WriteString(w, "Ok.\n") // as ClickHouse: no credentials needed
		return
	}
	c, ok := h.authenticate(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="TrustWatch ClickHouse"`)
		Error(w, http.StatusUnauthorized, 516, "AUTHENTICATION_FAILED", "Authentication failed: password is incorrect, or there is no user with such name")
		return
	}
	if c.Role == Denied {
		h.done(r, c, "", errDenied)
		Error(w, http.StatusForbidden, 497, "ACCESS_DENIED", "Not enough privileges: "+h.DeniedMessage)
		return
	}
	if db := r.URL.Query().Get("database"); db != "" && db != "default" && db != store.Database {
		Error(w, http.StatusNotFound, 81, "UNKNOWN_DATABASE", fmt.Sprintf("Database %s does not exist", db))
		return
	}
	q, data, err := readRequest(r, c.Role == Writer)
	if err != nil || q == "" {
		msg := "Empty query"
		if err != nil {
			msg = err.Error()
		}
		Error(w, http.StatusBadRequest, 62, "SYNTAX_ERROR", msg)
		return
	}
	if rev := r.URL.Query().Get("client_protocol_version"); rev != "" && isHello(q) {
		h.answerHello(w, r, rev)
		return
	}
	lim := h.Limits
	if c.Role == Writer && readOnlyAsked(r) {
		// A service running an analyst's query asks as ClickHouse is asked:
		// readonly=1 and limits as settings. They are enforced here too.
		c.Role, lim = Reader, limitsAsked(r)
	}
	if c.Role == Writer {
		err = h.write(w, r, q, data)
	} else {
		err = h.read(w, r, q, lim)
	}
	h.done(r, c, q, err)
}

// readOnlyAsked reports whether the request sets readonly (1 or 2), as the
// server backend's QueryReadOnly does for the desk's analysts.
func readOnlyAsked(r *http.Request) bool {
	v := r.URL.Query().Get("readonly")
	return v != "" && v != "0"
}

// limitsAsked reads the limits a read-only request sets; what it leaves out
// takes store's defaults.
func limitsAsked(r *http.Request) store.Limits {
	q := r.URL.Query()
	var lim store.Limits
	if s, err := strconv.ParseFloat(q.Get("max_execution_time"), 64); err == nil && s > 0 {
		lim.MaxExecutionTime = time.Duration(s * float64(time.Second))
	}
	if n, err := strconv.ParseInt(q.Get("max_result_rows"), 10, 64); err == nil {
		lim.MaxResultRows = n
	}
	if n, err := strconv.ParseInt(q.Get("max_result_bytes"), 10, 64); err == nil {
		lim.MaxResultBytes = n
	}
	return lim
}

var errDenied = errors.New("access denied")

func (h *Handler) authenticate(r *http.Request) (Caller, bool) {
	name, password, ok := r.BasicAuth()
	if !ok {
		name, password = r.Header.Get("X-ClickHouse-User"), r.Header.Get("X-ClickHouse-Key")
	}
	if name == "" {
		name, password = r.URL.Query().Get("user"), r.URL.Query().Get("password")
	}
	if name == "" || h.Authenticate == nil {
		return Caller{}, false
	}
	return h.Authenticate(r, name, password)
}

func (h *Handler) done(r *http.Request, c Caller, q string, err error) {
	if h.Done != nil {
		h.Done(r, c, q, err)
	}
}

func (h *Handler) answerHello(w http.ResponseWriter, r *http.Request, rev string) {
	b, err := hello(r.Context(), h.Store, clientRevision(rev))
	if err != nil {
		Error(w, http.StatusInternalServerError, 0, "QUERY_FAILED", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(b)
}

func format(r *http.Request) string {
	if f := r.URL.Query().Get("default_format"); f != "" {
		return f
	}
	return "TabSeparated"
}

// read runs a reader's statement under the read-only policy and lim.
func (h *Handler) read(w http.ResponseWriter, r *http.Request, q string, lim store.Limits) error {
	out := &firstWrite{w: w, ctype: "text/tab-separated-values; charset=UTF-8"}
	err := h.Store.QueryReadOnly(r.Context(), q, format(r), lim, out)
	reply(w, out, err)
	return err
}

// write runs a writer's statement: an insert with data, or any other.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, q string, data io.Reader) error {
	wr, ok := h.Store.Backend.(Writable)
	if !ok {
		err := errors.New("this store cannot serve writers: only the embedded engine can")
		Error(w, http.StatusNotImplemented, 48, "NOT_IMPLEMENTED", err.Error())
		return err
	}
	if ins, ok, err := parseInsert(q); err != nil {
		Error(w, http.StatusBadRequest, 62, "SYNTAX_ERROR", err.Error())
		return err
	} else if ok && data != nil {
		err := wr.InsertData(r.Context(), ins.table, ins.columns, ins.format, data)
		reply(w, &firstWrite{w: w}, err)
		return err
	}
	out := &firstWrite{w: w, ctype: "text/tab-separated-values; charset=UTF-8"}
	err := wr.Stream(r.Context(), q, format(r), out)
	reply(w, out, err)
	return err
}

// reply finishes a response after the statement ran.
func reply(w http.ResponseWriter, out *firstWrite, err error) {
	switch {
	case err == nil && !out.wrote:
		w.WriteHeader(http.StatusOK)
	case err != nil && out.wrote:
		fmt.Fprintf(w, "\nCode: 0. DB::Exception: %v (TrustWatch)\n", err) // as ClickHouse does mid-stream
	case errors.Is(err, store.ErrRefused):
		Error(w, http.StatusForbidden, 164, "READONLY", err.Error())
	case err != nil:
		code := 0
		var ce *store.CodeError
		if errors.As(err, &ce) {
			code = ce.Code
		}
		Error(w, http.StatusBadRequest, code, "QUERY_FAILED", strings.TrimSpace(err.Error()))
	}
}

// Error writes an error as ClickHouse's HTTP interface does.
func Error(w http.ResponseWriter, status, code int, name, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.Header().Set("X-ClickHouse-Exception-Code", fmt.Sprint(code))
	w.WriteHeader(status)
	fmt.Fprintf(w, "Code: %d. DB::Exception: %s. (%s) (TrustWatch)\n", code, msg, name)
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
		if f.ctype != "" {
			f.w.Header().Set("Content-Type", f.ctype)
		}
		f.w.WriteHeader(http.StatusOK)
	}
	return f.w.Write(p)
}
