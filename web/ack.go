package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/trustwatch/trustwatch/alerts"
)

// ackPage is what the acknowledgement pages show.
type ackPage struct {
	view
	Message string
	Warning *alerts.Warning
	Link    url.Values
	Done    bool
}

func (s *Server) confirm(w http.ResponseWriter, r *http.Request) {
	t, err := s.o.Alerter.VerifyAck(r.URL.Query())
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	wa, err := s.o.Alerter.Lookup(r.Context(), t)
	if err != nil {
		s.render(w, http.StatusNotFound, "ack", ackPage{view: s.view(r, "预警不存在", ""), Message: err.Error()})
		return
	}
	s.render(w, http.StatusOK, "ack", ackPage{view: s.view(r, "确认收到预警", ""), Warning: &wa, Link: r.URL.Query(), Done: wa.Acknowledged()})
}

func (s *Server) ack(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.render(w, http.StatusBadRequest, "ack", ackPage{view: s.view(r, "请求无效", ""), Message: err.Error()})
		return
	}
	t, err := s.o.Alerter.VerifyAck(r.PostForm)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	who := r.PostForm.Get("by")
	if who == "" {
		wa, _ := s.o.Alerter.Lookup(r.Context(), t)
		link := r.PostForm
		link.Del("by")
		s.render(w, http.StatusBadRequest, "ack", ackPage{view: s.view(r, "确认收到预警", ""), Message: "请填写确认人姓名。", Warning: &wa, Link: link})
		return
	}
	wa, err := s.o.Alerter.Ack(r.Context(), t, who)
	if err != nil {
		s.render(w, http.StatusConflict, "ack", ackPage{view: s.view(r, "未能确认", ""), Message: err.Error()})
		return
	}
	s.o.Logger.Info("warning acknowledged", "fingerprint", wa.Fingerprint, "by", wa.AckedBy)
	s.audit(r, "ack_link", wa.Fingerprint, true, wa.AckedBy)
	s.render(w, http.StatusOK, "ack", ackPage{view: s.view(r, "已确认", ""), Warning: &wa, Done: true,
		Message: "已记录：" + wa.AckedBy + " 于 " + wa.AckedAt.In(cst).Format("2006-01-02 15:04") + " 确认。该预警不再重复提醒，也不会升级报送。"})
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := http.StatusForbidden, "链接无效：可能被改动，或不是本系统签发的。"
	switch {
	case errors.Is(err, alerts.ErrAckExpired):
		code, msg = http.StatusGone, "链接已过期，请使用最近一封预警邮件中的链接，或联系市诚信办。"
	case errors.Is(err, alerts.ErrAckDisabled):
		code, msg = http.StatusNotFound, "本系统未启用确认链接。"
	}
	s.render(w, code, "ack", ackPage{view: s.view(r, "无法确认", ""), Message: msg})
}
