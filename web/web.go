// Package web is the evaluator's desk (评估工作台), served by `trustwatch
// serve`, and by `run` and `demo`: rankings with their uncertainty, a
// unit's score taken apart down to the evidence documents, warnings
// (acknowledge, silence), source health, and exports to Excel and CSV —
// server-rendered html/template pages in Chinese, ECharts embedded in the
// binary (no CDN, no Node build). Users log in (configs/users.yaml); an
// official sees only their own units on every page, export and link. The
// acknowledgement links of warning mails are answered here without a login:
// their signature is the credential.
//
// It owns pages, routes, sessions and the page queries. Warnings, their
// signatures and silences are alerts'; runs and explanations analytics'.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/auth"
	twdoc "github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/source"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/unit"
)

//go:embed templates/*.html
var files embed.FS

//go:embed static
var static embed.FS

// Alerter is what the pages need of alerts.Alerter.
type Alerter interface {
	VerifyAck(q url.Values) (alerts.AckToken, error)
	Lookup(ctx context.Context, t alerts.AckToken) (alerts.Warning, error)
	Ack(ctx context.Context, t alerts.AckToken, who string) (alerts.Warning, error)
}

// Desk is what the desk's warning pages need beyond the links.
type Desk interface {
	Alerter
	Warnings(ctx context.Context, all bool, ruleName, unitID string, level rule.Level) ([]alerts.Warning, error)
	Warning(ctx context.Context, fp string) (alerts.Warning, []alerts.Warning, error)
	Notifications(ctx context.Context, fp string) ([]alerts.Notification, error)
	AckFingerprint(ctx context.Context, fp, who, via string) (alerts.Warning, error)
	Silence(ctx context.Context, s alerts.Silence) (alerts.Silence, error)
	Unsilence(ctx context.Context, id, by string) (alerts.Silence, error)
	Silences(ctx context.Context, all bool) ([]alerts.Silence, error)
}

// Options configure the server. Without Store and Users it serves the
// acknowledgement links only.
type Options struct {
	Alerter Alerter
	Store   *store.Store
	Index   *index.System
	Units   *unit.Registry
	Sources []source.Source
	Users   []auth.User
	// Objections, when set, lets officials contest records and evaluators decide.
	Objections *objection.Service
	// SessionKey signs login cookies (≥ 32 bytes); nil: random per process.
	SessionKey []byte
	Secure     bool // Secure cookies (behind HTTPS)
	Logger     *slog.Logger
	Now        func() time.Time
}

// Server serves the desk.
type Server struct {
	o        Options
	desk     Desk // nil: links only
	users    *auth.Users
	sessions *auth.Sessions
	limiter  *auth.Limiter
	pages    map[string]*template.Template
}

// New checks the options and parses the pages.
func New(o Options) (*Server, error) {
	if o.Alerter == nil {
		return nil, errors.New("web: the alerter is required")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{o: o, users: auth.NewUsers(o.Users), limiter: auth.NewLimiter(5, 15*time.Minute, o.Now)}
	if d, ok := o.Alerter.(Desk); ok && o.Store != nil && len(o.Users) > 0 {
		s.desk = d
		if o.Index == nil || o.Units == nil {
			return nil, errors.New("web: the desk needs the index and the units")
		}
	}
	var err error
	if s.sessions, err = auth.NewSessions(o.SessionKey, 12*time.Hour, o.Now); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler serves the acknowledgement links only: for `run` without a desk,
// and for tests.
func Handler(a Alerter, log *slog.Logger) http.Handler {
	s, err := New(Options{Alerter: a, Logger: log})
	if err != nil {
		panic(err) // only an alerter is needed, and it is given
	}
	return s.Handler()
}

// Handler routes the requests.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET "+alerts.AckPath, s.confirm)
	mux.HandleFunc("POST "+alerts.AckPath, s.ack)
	sub, _ := fs.Sub(static, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheForever(http.FileServerFS(sub))))
	if s.desk != nil {
		s.deskRoutes(mux)
		mux.HandleFunc("GET /watch", s.login(s.powerLists))
		if s.o.Objections != nil {
			s.objectionRoutes(mux)
		}
	}
	return securityHeaders(mux)
}

func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "no-referrer") // a link's signature must not leak to the evidence sites
		h.ServeHTTP(w, r)
	})
}

// cst is 郑州 time, the one zone of the project.
var cst = twdoc.Shanghai
