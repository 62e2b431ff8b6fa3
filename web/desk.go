package web

import (
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/gaming"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/unit"
)

func (s *Server) deskRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.doLogin)
	mux.HandleFunc("POST /logout", s.login(s.logout))
	sql := s.sqlHandler()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("query") { // ClickHouse's HTTP interface lives at /
			sql.ServeHTTP(w, r)
			return
		}
		http.Redirect(w, r, "/rankings", http.StatusSeeOther)
	})
	mux.Handle("POST /{$}", sql)
	mux.Handle("GET /ping", sql)
	mux.HandleFunc("GET /rankings", s.login(s.rankings))
	mux.HandleFunc("GET /units/{id}", s.login(s.unitPage))
	mux.HandleFunc("GET /docs/{id}", s.login(s.docPage))
	mux.HandleFunc("GET /warnings", s.login(s.warnings))
	mux.HandleFunc("GET /warnings/{fp}", s.login(s.warningPage))
	mux.HandleFunc("POST /warnings/{fp}/ack", s.login(s.ackWarning))
	mux.HandleFunc("POST /silences", s.login(s.silence))
	mux.HandleFunc("POST /silences/{id}/revoke", s.login(s.unsilence))
	mux.HandleFunc("GET /sources", s.login(s.sources))
	mux.HandleFunc("GET /reports", s.login(s.reports))
	mux.HandleFunc("GET /reports/{period}", s.login(s.report))
	mux.HandleFunc("GET /reports/{period}/{format}", s.login(s.report))
	mux.HandleFunc("GET /export/rankings/{format}", s.login(s.exportRankings))
	mux.HandleFunc("GET /export/units/{file}", s.login(s.exportUnit))
	mux.HandleFunc("GET /export/records/{file}", s.login(s.exportRecords))
}

// run loads the ranking of the period asked for (default the latest).
func (s *Server) run(r *http.Request) (analytics.Run, []string, error) {
	ps, err := s.periods(r.Context())
	if err != nil {
		return analytics.Run{}, nil, err
	}
	label := r.URL.Query().Get("period")
	if label == "" && len(ps) > 0 {
		label = ps[0] // the latest month: periods list months first
	}
	if label != "" {
		if _, err := period.Parse(label); err != nil {
			return analytics.Run{}, ps, errBadPeriod
		}
	}
	if d := r.URL.Query().Get("as_of"); d != "" && label != "" {
		day, err := time.Parse("2006-01-02", d)
		if err != nil {
			return analytics.Run{}, ps, errBadPeriod
		}
		p, _ := period.Parse(label)
		run, err := analytics.LoadRunAsOf(r.Context(), s.o.Store, p, analytics.EndOfDay(day))
		return run, ps, err
	}
	run, err := analytics.LoadRun(r.Context(), s.o.Store, label)
	return run, ps, err
}

var errBadPeriod = errors.New("bad period")

func (s *Server) runFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errBadPeriod) {
		s.fail(w, r, http.StatusBadRequest, "统计期无效", "统计期写作 2026-10、2026-Q3、2026-H1 或 2026；日期写作 2026-07-05。")
		return
	}
	s.fail(w, r, http.StatusNotFound, "暂无排名", "该统计期尚无排名。运行 trustwatch rank 后再查看。")
}

// visible keeps the rows a user may see.
func visible(u interface{ Sees(string) bool }, rows []analytics.Row) []analytics.Row {
	return slices.DeleteFunc(slices.Clone(rows), func(r analytics.Row) bool { return !u.Sees(r.UnitID) })
}

func group(r *http.Request) index.Group {
	if r.URL.Query().Get("group") == string(index.Departments) {
		return index.Departments
	}
	return index.Districts
}

func (s *Server) rankings(w http.ResponseWriter, r *http.Request) {
	run, ps, err := s.run(r)
	if err != nil {
		s.runFailed(w, r, err)
		return
	}
	g := group(r)
	rows := visible(userOf(r), run.Group(g))
	chart := struct {
		Names  []string     `json:"names"`
		Scores []float64    `json:"scores"`
		Bands  [][3]float64 `json:"bands"`
	}{}
	for i, x := range rows {
		chart.Names = append(chart.Names, x.UnitName)
		chart.Scores = append(chart.Scores, round1(x.Score))
		chart.Bands = append(chart.Bands, [3]float64{float64(i), round1(x.ScoreLo), round1(x.ScoreHi)})
	}
	var grades []string
	for _, g := range s.o.Index.Grades {
		grades = append(grades, g.Name)
	}
	asOf := r.URL.Query().Get("as_of")
	corr, err := s.correctedSince(r, run, asOf, g)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "rankings", struct {
		view
		Periods, Grades                                 []string
		Period, PeriodName, Group, Version, RunID, AsOf string
		Rows                                            []analytics.Row
		Correction                                      *Correction
		Chart                                           template.JS
	}{s.view(r, "排名", "rankings"), ps, grades, run.Period.String(), run.Period.Chinese(), string(g), run.Version, run.ID, asOf, rows, corr, mustJSON(chart)})
}

// correctedSince is what changed in group g, and why, between the ranking
// as of a day (run) and the latest; nil when no day is asked or run is
// still the latest. Officials see only their units' moves and objections.
func (s *Server) correctedSince(r *http.Request, run analytics.Run, asOf string, g index.Group) (*Correction, error) {
	if asOf == "" {
		return nil, nil
	}
	latest, err := analytics.LoadRun(r.Context(), s.o.Store, run.Period.String())
	if err != nil || latest.ID == run.ID {
		return nil, nil
	}
	u := userOf(r)
	day, _ := time.Parse("2006-01-02", asOf) // s.run checked it
	c, err := correction(r.Context(), s.o.Store, latest, day, func(c analytics.Change) bool { return c.Group == string(g) && u.Sees(c.UnitID) })
	if c != nil {
		c.Decisions = slices.DeleteFunc(c.Decisions, func(d objection.Objection) bool { return !u.Sees(d.UnitID) })
	}
	return c, err
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// mustJSON is chart data for a <script type="application/json"> block:
// json.Marshal escapes <, > and &, so it cannot end the element.
func mustJSON(v any) template.JS {
	b, _ := json.Marshal(v)
	return template.JS(b)
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	u := userOf(r)
	if _, ok := s.o.Units.Get(id); !ok || !u.Sees(id) {
		s.audit(r, "denied", "unit:"+id, false, "")
		s.notFound(w, r)
		return
	}
	run, ps, err := s.run(r)
	if err != nil {
		s.runFailed(w, r, err)
		return
	}
	ex, err := analytics.Explain(r.Context(), s.o.Store, s.o.Index, run, id, 5)
	if errors.Is(err, analytics.ErrUnknownUnit) {
		s.fail(w, r, http.StatusNotFound, "未排名", "该单位在此统计期没有排名。")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	points, err := s.trend(r.Context(), id, string(run.Period.Kind))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ws, err := s.desk.Warnings(r.Context(), true, "", id, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	found, err := gaming.Find(r.Context(), s.o.Store, run.Period, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	chart := struct {
		Periods []string  `json:"periods"`
		Scores  []float64 `json:"scores"`
		Lo      []float64 `json:"lo"`
		Hi      []float64 `json:"hi"`
	}{}
	for _, p := range points {
		chart.Periods = append(chart.Periods, p.Period)
		chart.Scores, chart.Lo, chart.Hi = append(chart.Scores, round1(p.Total)), append(chart.Lo, round1(p.Lo)), append(chart.Hi, round1(p.Hi))
	}
	type dim struct {
		Name  string
		Score float64
	}
	var dims []dim
	for _, d := range s.o.Index.Dimensions {
		if v, ok := ex.Row.Dimensions[d.ID]; ok {
			dims = append(dims, dim{d.Name, v})
		}
	}
	s.render(w, http.StatusOK, "unit", struct {
		view
		Periods            []string
		Period, PeriodName string
		Row                analytics.Row
		Ex                 analytics.Explanation
		Dimensions         []dim
		Warnings           []alerts.Warning
		Findings           gaming.Findings
		Chart              template.JS
	}{s.view(r, ex.Row.UnitName, "rankings"), ps, run.Period.String(), run.Period.Chinese(), ex.Row, ex, dims, ws, found, mustJSON(chart)})
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.o.Logger.Error("page failed", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "出错了", "查询失败，请稍后再试；问题已记入日志。")
}

func (s *Server) docPage(w http.ResponseWriter, r *http.Request) {
	d, ok, err := s.document(r.Context(), r.PathValue("id"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	u := userOf(r)
	if !ok || !slices.ContainsFunc(d.Units, u.Sees) && u.Role == auth.Official {
		s.audit(r, "denied", "doc:"+r.PathValue("id"), false, "")
		s.notFound(w, r)
		return
	}
	var snippets []string
	for _, sg := range d.Signals {
		if u.Sees(sg.UnitID) && sg.Evidence != "" {
			snippets = append(snippets, sg.Evidence)
		}
	}
	canObject := u.Role == auth.Official && s.o.Objections != nil
	var evidence []evidenceRow
	if canObject { // the rows an official may contest: their units' places in indicators
		if evidence, err = s.evidenceOf(r.Context(), d.ID, u.Units); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, http.StatusOK, "doc", struct {
		view
		Doc       document
		Text      template.HTML
		CanObject bool
		Mine      func(string) bool
		Actions   map[objection.Action]string
		Evidence  []evidenceRow
	}{s.view(r, d.Title, "rankings"), d, highlight(d.Text, snippets), canObject, u.Sees, objection.Actions, evidence})
}

// highlight escapes text and marks every occurrence of the snippets.
func highlight(text string, snippets []string) template.HTML {
	out := html.EscapeString(text)
	slices.SortFunc(snippets, func(a, b string) int { return len(b) - len(a) }) // longest first
	for _, sn := range slices.Compact(snippets) {
		e := html.EscapeString(sn)
		if strings.Contains(out, e) && !strings.Contains(out, "<mark>"+e) {
			out = strings.ReplaceAll(out, e, "<mark>"+e+"</mark>")
		}
	}
	return template.HTML(out) // built from escaped text and escaped snippets only
}

// units lists the units a user may see, for pickers.
func (s *Server) units(r *http.Request) []unit.Unit {
	u := userOf(r)
	return slices.DeleteFunc(slices.Clone(s.o.Units.All()), func(x unit.Unit) bool { return !u.Sees(x.ID) })
}

func (s *Server) warnings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	u := userOf(r)
	unitID, level, state := q.Get("unit"), rule.Level(q.Get("level")), q.Get("state")
	if unitID != "" && !u.Sees(unitID) {
		s.notFound(w, r)
		return
	}
	ws, err := s.desk.Warnings(r.Context(), state == "all", "", unitID, level)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ws = slices.DeleteFunc(ws, func(x alerts.Warning) bool {
		return x.UnitID == "" && u.Role == auth.Official || !u.Sees(x.UnitID) && x.UnitID != ""
	})
	ss, err := s.desk.Silences(r.Context(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ss = slices.DeleteFunc(ss, func(x alerts.Silence) bool { return u.Role == auth.Official && !u.Sees(x.UnitID) })
	var rules []string
	for _, x := range s.ruleNames() {
		rules = append(rules, x)
	}
	if state == "" {
		state = "firing"
	}
	s.render(w, http.StatusOK, "warnings", struct {
		view
		Warnings           []alerts.Warning
		Silences           []alerts.Silence
		Levels             []rule.Level
		Units              []unit.Unit
		Rules              []string
		Level, State, Unit string
		CanChange          bool
	}{s.view(r, "预警", "warnings"), ws, ss, rule.Levels, s.units(r), rules, string(level), state, unitID, u.Can()})
}

// ruleNames are the names of the rules the warnings carry.
func (s *Server) ruleNames() []string {
	if rn, ok := s.o.Alerter.(interface{ RuleNames() []string }); ok {
		return rn.RuleNames()
	}
	return nil
}

// warningFor loads a warning the user may see.
func (s *Server) warningFor(w http.ResponseWriter, r *http.Request) (alerts.Warning, []alerts.Warning, bool) {
	x, hist, err := s.desk.Warning(r.Context(), r.PathValue("fp"))
	u := userOf(r)
	if err != nil || u.Role == auth.Official && (x.UnitID == "" || !u.Sees(x.UnitID)) {
		s.audit(r, "denied", "warning:"+r.PathValue("fp"), false, "")
		s.notFound(w, r)
		return x, nil, false
	}
	return x, hist, true
}

func (s *Server) warningPage(w http.ResponseWriter, r *http.Request) {
	x, hist, ok := s.warningFor(w, r)
	if !ok {
		return
	}
	mails, err := s.desk.Notifications(r.Context(), x.Fingerprint)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "warning", struct {
		view
		Warning   alerts.Warning
		History   []alerts.Warning
		Mails     []alerts.Notification
		CanChange bool
	}{s.view(r, x.Rule, "warnings"), x, hist, mails, userOf(r).Can()})
}

func (s *Server) ackWarning(w http.ResponseWriter, r *http.Request) {
	x, _, ok := s.warningFor(w, r)
	if !ok {
		return
	}
	u := userOf(r)
	if !u.Can() {
		s.fail(w, r, http.StatusForbidden, "无权操作", "您的角色只能查看。")
		return
	}
	x, err := s.desk.AckFingerprint(r.Context(), x.Fingerprint, u.Display, "评估工作台")
	s.audit(r, "ack", x.Fingerprint, err == nil, errText(err))
	if err != nil {
		s.fail(w, r, http.StatusConflict, "未能确认", err.Error())
		return
	}
	http.Redirect(w, r, "/warnings/"+x.Fingerprint+"?msg="+url.QueryEscape("已确认"), http.StatusSeeOther)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (s *Server) silence(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	unitID := r.PostFormValue("unit")
	if !u.Can() || u.Role == auth.Official && (unitID == "" || !u.Sees(unitID)) {
		s.audit(r, "denied", "silence", false, unitID)
		s.fail(w, r, http.StatusForbidden, "无权操作", "单位联络人只能屏蔽本单位的预警。")
		return
	}
	hours, err := strconv.Atoi(r.PostFormValue("hours"))
	if err != nil || hours < 1 || hours > 2160 {
		s.fail(w, r, http.StatusBadRequest, "时长无效", "时长为 1 到 2160 小时。")
		return
	}
	sl, err := s.desk.Silence(r.Context(), alerts.Silence{UnitID: unitID, Level: rule.Level(r.PostFormValue("level")), Rule: r.PostFormValue("rule"),
		Reason: r.PostFormValue("reason"), Creator: u.Display, EndsAt: s.o.Now().Add(time.Duration(hours) * time.Hour)})
	s.audit(r, "silence", sl.ID, err == nil, errText(err))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "未能屏蔽", err.Error())
		return
	}
	http.Redirect(w, r, "/warnings?msg="+url.QueryEscape("已屏蔽，编号 "+sl.ID), http.StatusSeeOther)
}

func (s *Server) unsilence(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	id := r.PathValue("id")
	ss, err := s.desk.Silences(r.Context(), true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	i := slices.IndexFunc(ss, func(x alerts.Silence) bool { return x.ID == id })
	if i < 0 || !u.Can() || u.Role == auth.Official && !u.Sees(ss[i].UnitID) {
		s.audit(r, "denied", "unsilence:"+id, false, "")
		s.notFound(w, r)
		return
	}
	_, err = s.desk.Unsilence(r.Context(), id, u.Display)
	s.audit(r, "unsilence", id, err == nil, errText(err))
	if err != nil {
		s.fail(w, r, http.StatusConflict, "未能撤销", err.Error())
		return
	}
	http.Redirect(w, r, "/warnings?msg="+url.QueryEscape("已撤销屏蔽 "+id), http.StatusSeeOther)
}

func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	runs, err := crawler.LatestRuns(ctx, s.o.Store)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	recent, err := crawler.FailuresSince(ctx, s.o.Store, s.o.Now().Add(-7*24*time.Hour))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	fails, err := crawler.LatestFailures(ctx, s.o.Store, 20)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var rows []sourceHealth
	for _, src := range s.o.Sources {
		h := sourceHealth{ID: src.ID, Name: src.Name, RecentErrors: recent[src.ID], Never: true}
		for _, run := range runs {
			if run.Source == src.ID {
				h.SourceRun, h.Never = run, false
			}
		}
		rows = append(rows, h)
	}
	s.render(w, http.StatusOK, "sources", struct {
		view
		Sources  []sourceHealth
		Failures []crawler.PageFailure
	}{s.view(r, "来源", "sources"), rows, fails})
}
