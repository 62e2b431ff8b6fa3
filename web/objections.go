package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/unit"
)

func (s *Server) objectionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /objections", s.login(s.objections))
	mux.HandleFunc("POST /objections", s.login(s.fileObjection))
	mux.HandleFunc("GET /objections/{id}", s.login(s.objectionPage))
	mux.HandleFunc("POST /objections/{id}/decide", s.login(s.decide))
	mux.HandleFunc("GET /objections/{id}/files/{sha}", s.login(s.objectionFile))
	mux.HandleFunc("GET /audit", s.login(s.auditTrail))
}

// auditTrail is the objections' audit trail (v_objection_audit), newest
// first: every filing, file, decision and recomputation with who, when,
// what, why, before and after. Evaluators, analysts and admins read all of
// it; an official reads their own units'. ?objection= narrows it to one.
func (s *Server) auditTrail(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	id := r.URL.Query().Get("objection")
	units := []string{""}
	if u.Role == auth.Official {
		units = u.Units
	}
	var trail []objection.AuditEvent
	for _, unitID := range units {
		t, err := s.o.Objections.Trail(r.Context(), unitID, id, 500)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		trail = append(trail, t...)
	}
	slices.SortStableFunc(trail, func(a, b objection.AuditEvent) int { return b.At.Compare(a.At) })
	s.render(w, http.StatusOK, "audit", struct {
		view
		Trail     []objection.AuditEvent
		Objection string
	}{s.view(r, "异议审计记录", "objections"), trail, id})
}

// objectionFor loads an objection the user may see (officials: their units').
func (s *Server) objectionFor(w http.ResponseWriter, r *http.Request) (objection.Objection, bool) {
	o, err := s.o.Objections.Get(r.Context(), r.PathValue("id"))
	if err != nil || !userOf(r).Sees(o.UnitID) {
		s.audit(r, "denied", "objection:"+r.PathValue("id"), false, "")
		s.notFound(w, r)
		return o, false
	}
	return o, true
}

func (s *Server) objections(w http.ResponseWriter, r *http.Request) {
	os, err := s.o.Objections.List(r.Context(), "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	u := userOf(r)
	os = slices.DeleteFunc(os, func(o objection.Objection) bool { return !u.Sees(o.UnitID) })
	s.render(w, http.StatusOK, "objections", struct {
		view
		Objections []objection.Objection
	}{s.view(r, "异议", "objections"), os})
}

// maxUpload bounds a whole objection form: five files of 5 MiB and the text.
const maxUpload = 26 << 20

func (s *Server) fileObjection(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		s.fail(w, r, http.StatusBadRequest, "未能提出异议", "表单过大或无效（每个文件不超过 5 MB，最多 5 个）。")
		return
	}
	unitID := r.FormValue("unit")
	if u.Role != auth.Official || !u.Sees(unitID) {
		s.audit(r, "denied", "objection:"+unitID, false, "")
		s.fail(w, r, http.StatusForbidden, "无权操作", "只有本单位联络人可以对本单位的记录提出异议。")
		return
	}
	files, err := uploads(r.MultipartForm)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "未能提出异议", err.Error())
		return
	}
	o, err := s.o.Objections.File(r.Context(), objection.Objection{UnitID: unitID, DocID: r.FormValue("doc"), Category: r.FormValue("category"), Indicator: r.FormValue("indicator"),
		Action: objection.Action(r.FormValue("action")), Reason: r.FormValue("reason"), FiledBy: u.Name}, files)
	s.audit(r, "objection", o.ID, err == nil, errText(err))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "未能提出异议", err.Error())
		return
	}
	http.Redirect(w, r, "/objections/"+o.ID+"?msg="+url.QueryEscape("已提出异议，审核期限 "+o.Due), http.StatusSeeOther)
}

func uploads(f *multipart.Form) ([]objection.Upload, error) {
	var out []objection.Upload
	for _, fh := range f.File["files"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		fr, err := fh.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(fr, 5<<20+1))
		fr.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, objection.Upload{Name: fh.Filename, Content: b})
	}
	return out, nil
}

func (s *Server) objectionPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.objectionFor(w, r)
	if !ok {
		return
	}
	hist, err := s.o.Objections.History(r.Context(), o.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	files, err := s.o.Objections.Files(r.Context(), o.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	u := userOf(r)
	s.render(w, http.StatusOK, "objection", struct {
		view
		Objection objection.Objection
		History   []objection.Objection
		Files     []objection.File
		Actions   map[objection.Action]string
		Units     []unit.Unit
		CanDecide bool
	}{s.view(r, "异议 "+o.ID, "objections"), o, hist, files, objection.Actions, s.o.Units.All(),
		(u.Role == auth.Evaluator || u.Role == auth.Admin) && o.State == objection.Filed})
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	o, ok := s.objectionFor(w, r)
	if !ok {
		return
	}
	u := userOf(r)
	if u.Role != auth.Evaluator && u.Role != auth.Admin {
		s.fail(w, r, http.StatusForbidden, "无权操作", "只有评估人员可以审核异议。")
		return
	}
	sev, _ := strconv.Atoi(r.PostFormValue("to_severity"))
	ruling := objection.Ruling{Decision: objection.Decision(r.PostFormValue("decision")), ToUnit: r.PostFormValue("to_unit"), ToSeverity: sev,
		Reason: r.PostFormValue("reason"), By: u.Display}
	if v := r.PostFormValue("repaired_from"); v != "" {
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "未能作出决定", fmt.Sprintf("修复起始日 %q 不是 YYYY-MM-DD 格式的日期", v))
			return
		}
		ruling.RepairedFrom = d
	}
	o, err := s.o.Objections.Decide(r.Context(), o.ID, ruling)
	s.audit(r, "decide", o.ID, err == nil, errText(err))
	if err != nil && o.State == objection.Filed {
		s.fail(w, r, http.StatusBadRequest, "未能作出决定", err.Error())
		return
	}
	msg := "已决定"
	if err != nil { // decided, but recomputing or mailing failed: say so
		msg += "；" + err.Error()
	}
	http.Redirect(w, r, "/objections/"+o.ID+"?msg="+url.QueryEscape(msg), http.StatusSeeOther)
}

// objectionFile serves a supporting file only as a download, never as a
// page: whatever it holds, no browser renders or runs it here.
func (s *Server) objectionFile(w http.ResponseWriter, r *http.Request) {
	o, ok := s.objectionFor(w, r)
	if !ok {
		return
	}
	f, b, err := s.o.Objections.Content(r.Context(), o.ID, r.PathValue("sha"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("Content-Security-Policy", "sandbox")
	_, _ = w.Write(b)
}
