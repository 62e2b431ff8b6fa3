// Package web is TrustWatch's HTTP face, served by `trustwatch serve` and,
// when serve.addr is set, by `trustwatch run`. For now it answers the
// acknowledgement links of warning mails: a GET shows the warning and a
// form (so a mail scanner that follows links acknowledges nothing), the
// POST records who acknowledged. The evaluator's desk will grow here.
//
// It owns pages and routes; warnings and their signatures are alerts'.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
)

//go:embed templates/*.html
var files embed.FS

var pages = template.Must(template.ParseFS(files, "templates/*.html"))

// Alerter is what the pages need of alerts.Alerter.
type Alerter interface {
	VerifyAck(q url.Values) (alerts.AckToken, error)
	Lookup(ctx context.Context, t alerts.AckToken) (alerts.Warning, error)
	Ack(ctx context.Context, t alerts.AckToken, who string) (alerts.Warning, error)
}

// Handler serves the pages.
func Handler(a Alerter, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET "+alerts.AckPath, func(w http.ResponseWriter, r *http.Request) { confirm(w, r, a) })
	mux.HandleFunc("POST "+alerts.AckPath, func(w http.ResponseWriter, r *http.Request) { ack(w, r, a, log) })
	return securityHeaders(mux)
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer") // the link's signature must not leak to evidence sites
		h.ServeHTTP(w, r)
	})
}

// page is what the ack templates show.
type page struct {
	Title, Message string
	Warning        *alerts.Warning
	Link           url.Values
	Done           bool
}

func confirm(w http.ResponseWriter, r *http.Request, a Alerter) {
	t, err := a.VerifyAck(r.URL.Query())
	if err != nil {
		refuse(w, err)
		return
	}
	wa, err := a.Lookup(r.Context(), t)
	if err != nil {
		render(w, http.StatusNotFound, page{Title: "预警不存在", Message: err.Error()})
		return
	}
	render(w, http.StatusOK, page{Title: "确认收到预警", Warning: &wa, Link: r.URL.Query(), Done: wa.Acknowledged()})
}

func ack(w http.ResponseWriter, r *http.Request, a Alerter, log *slog.Logger) {
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, page{Title: "请求无效", Message: err.Error()})
		return
	}
	t, err := a.VerifyAck(r.PostForm)
	if err != nil {
		refuse(w, err)
		return
	}
	who := r.PostForm.Get("by")
	if who == "" {
		wa, _ := a.Lookup(r.Context(), t)
		render(w, http.StatusBadRequest, page{Title: "确认收到预警", Message: "请填写确认人姓名。", Warning: &wa, Link: r.PostForm})
		return
	}
	wa, err := a.Ack(r.Context(), t, who)
	if err != nil {
		render(w, http.StatusConflict, page{Title: "未能确认", Message: err.Error()})
		return
	}
	log.Info("warning acknowledged", "fingerprint", wa.Fingerprint, "by", wa.AckedBy)
	render(w, http.StatusOK, page{Title: "已确认", Warning: &wa, Done: true,
		Message: "已记录：" + wa.AckedBy + " 于 " + wa.AckedAt.In(cst).Format("2006-01-02 15:04") + " 确认。该预警不再重复提醒，也不会升级报送。"})
}

var cst = time.FixedZone("CST", 8*3600)

func refuse(w http.ResponseWriter, err error) {
	code, msg := http.StatusForbidden, "链接无效：可能被改动，或不是本系统签发的。"
	switch {
	case errors.Is(err, alerts.ErrAckExpired):
		code, msg = http.StatusGone, "链接已过期，请使用最近一封预警邮件中的链接，或联系市诚信办。"
	case errors.Is(err, alerts.ErrAckDisabled):
		code, msg = http.StatusNotFound, "本系统未启用确认链接。"
	}
	render(w, code, page{Title: "无法确认", Message: msg})
}

func render(w http.ResponseWriter, code int, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = pages.ExecuteTemplate(w, "ack.html", p)
}
