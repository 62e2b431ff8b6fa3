package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// The 政务诚信建设情况 evaluation report: the plan wants it for each half-year
// by 7月5日 and for the year by 1月5日. It is one self-contained HTML page
// (its print CSS inline, A4) rendered from the stored runs, and a PDF of it
// printed by Debian's chromium.

// ReportData is what a report shows.
type ReportData struct {
	Title, PeriodName, Version, RunID, Generated string
	Groups                                       []reportGroup
	Dimensions                                   []dimensionLine
	Weakest                                      []indicatorLine
	Warnings                                     []warningCount
	WarningTotal                                 int
	Documents, Units                             int
	BootstrapLevel                               float64
	// Correction: this report corrects the one published on its due day.
	Correction *Correction
	// Original: this is the report as published on its due day.
	Original string
}

type reportGroup struct {
	Name   string
	Rows   []analytics.Row
	Grades []gradeCount
}

type gradeCount struct {
	Grade string
	N     int
}

type dimensionLine struct {
	Name                  string
	Districts, Department float64
	Lowest                string
}

type indicatorLine struct {
	Name, Dimension string
	Score           float64 `json:"score"`
	Units           int     `json:"units"`
	ID              string  `json:"indicator"`
}

type warningCount struct {
	Level string `json:"level"`
	Rule  string `json:"rule"`
	N     int    `json:"n"`
}

// BuildReport assembles the report of a half-year or year from its stored
// run: the latest (marked 更正版, with what changed and why, when it is not
// the run that stood on the due day), or the one published then.
func BuildReport(ctx context.Context, s *store.Store, sys *index.System, p period.Period, ed Edition, now time.Time) (ReportData, error) {
	run, corr, err := reportRun(ctx, s, p, ed, now)
	if err != nil {
		return ReportData{}, err
	}
	d := ReportData{Title: fmt.Sprintf("郑州市政务诚信建设情况第三方评估报告（%s）", p.Chinese()), PeriodName: p.Chinese(),
		Version: run.Version, RunID: run.ID, Generated: now.In(cst).Format("2006年1月2日"), BootstrapLevel: sys.Bootstrap.Level * 100, Correction: corr}
	switch {
	case corr != nil:
		d.Title += "（更正版）"
	case ed == Published:
		d.Original = p.Due().Format("2006-01-02")
	}
	for _, g := range index.Groups {
		rows := run.Group(g)
		if len(rows) == 0 {
			continue
		}
		rg := reportGroup{Name: g.Chinese(), Rows: rows}
		counts := map[string]int{}
		for _, r := range rows {
			counts[r.Grade]++
			d.Documents += r.Documents
		}
		for _, gr := range sys.Grades {
			rg.Grades = append(rg.Grades, gradeCount{gr.Name, counts[gr.Name]})
		}
		d.Groups = append(d.Groups, rg)
		d.Units += len(rows)
	}
	for _, dim := range sys.Dimensions {
		line := dimensionLine{Name: dim.Name}
		line.Districts, line.Lowest = dimensionStats(run.Group(index.Districts), dim.ID)
		line.Department, _ = dimensionStats(run.Group(index.Departments), dim.ID)
		d.Dimensions = append(d.Dimensions, line)
	}
	if d.Weakest, err = weakest(ctx, s, sys, run.ID); err != nil {
		return d, err
	}
	d.Warnings, err = warningsIn(ctx, s, p)
	for _, w := range d.Warnings {
		d.WarningTotal += w.N
	}
	return d, err
}

// dimensionStats is a group's mean score in a dimension and its lowest unit.
func dimensionStats(rows []analytics.Row, id string) (float64, string) {
	sum, n, low, lowName := 0.0, 0, math.Inf(1), ""
	for _, r := range rows {
		if v, ok := r.Dimensions[id]; ok {
			sum += v
			n++
			if v < low {
				low, lowName = v, fmt.Sprintf("%s（%.1f）", r.UnitName, v)
			}
		}
	}
	if n == 0 {
		return math.NaN(), ""
	}
	return sum / float64(n), lowName
}

// weakest are the five indicators with the lowest mean score over units
// with enough evidence.
func weakest(ctx context.Context, s *store.Store, sys *index.System, runID string) ([]indicatorLine, error) {
	var rows []indicatorLine
	q := `SELECT indicator, avg(score) AS score, toUInt32(count()) AS units FROM trustwatch.index_indicators
WHERE run_id = ` + store.Quote(runID) + ` AND enough = 1 GROUP BY indicator ORDER BY score, indicator LIMIT 5`
	if err := s.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("report: indicators: %w", err)
	}
	for i := range rows {
		for _, dim := range sys.Dimensions {
			for _, in := range dim.Indicators {
				if in.ID == rows[i].ID {
					rows[i].Name, rows[i].Dimension = in.Name, dim.Name
				}
			}
		}
	}
	return rows, nil
}

// warningsIn counts the warnings raised in a period, by level and rule.
func warningsIn(ctx context.Context, s *store.Store, p period.Period) ([]warningCount, error) {
	var rows []warningCount
	q := fmt.Sprintf(`SELECT toString(level) AS level, rule, toUInt32(uniqExact(fingerprint)) AS n FROM trustwatch.warning_changes
WHERE change = 'raised' AND starts_at >= toDateTime64(%s, 3, 'Asia/Shanghai') AND starts_at < toDateTime64(%s, 3, 'Asia/Shanghai')
GROUP BY level, rule`, store.Quote(p.Start.Format("2006-01-02")), store.Quote(p.End.Format("2006-01-02")))
	if err := s.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("report: warnings: %w", err)
	}
	order := map[string]int{"红": 0, "橙": 1, "黄": 2, "蓝": 3}
	sort.SliceStable(rows, func(i, j int) bool {
		if order[rows[i].Level] != order[rows[j].Level] {
			return order[rows[i].Level] < order[rows[j].Level]
		}
		return rows[i].N > rows[j].N
	})
	return rows, nil
}

var reportPage = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"groupName": groupName,
	"rank": func(r int) string {
		if r == 0 {
			return "—"
		}
		return strconv.Itoa(r)
	},
	"f1": func(f float64) string {
		if math.IsNaN(f) {
			return "—"
		}
		return fmt.Sprintf("%.1f", f)
	},
}).ParseFS(files, "templates/report.html"))

// RenderReport writes the report as one self-contained HTML page.
func RenderReport(d ReportData) ([]byte, error) {
	var b bytes.Buffer
	err := reportPage.Execute(&b, d)
	return b.Bytes(), err
}

// PDF prints an HTML page to an A4 PDF with the chromium at path.
func PDF(ctx context.Context, chromium string, html []byte) ([]byte, error) {
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]), chromedp.ExecPath(chromium), chromedp.NoSandbox)
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	bctx, cancel3 := context.WithTimeout(bctx, time.Minute)
	defer cancel3()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		return nil, fmt.Errorf("pdf: start chromium: %w", err)
	}
	tree, err := chromedp.Call(bctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if _, err := chromedp.Call(bctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
		return nil, fmt.Errorf("pdf: load the page: %w", err)
	}
	yes := true
	res, err := chromedp.Call(bctx, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &yes, PreferCSSPageSize: &yes})
	if err != nil {
		return nil, fmt.Errorf("pdf: print: %w", err)
	}
	return res.Data, nil
}

// Chromium finds the browser that prints PDFs: TRUSTWATCH_CHROMIUM, else
// chromium on the PATH; "" when there is none.
func Chromium() string {
	if p := os.Getenv("TRUSTWATCH_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// reportPeriod reads the period of a report request: a half-year or a year.
func reportPeriod(s string) (period.Period, bool) {
	p, err := period.Parse(s)
	return p, err == nil && (p.Kind == period.Half || p.Kind == period.Year)
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	if userOf(r).Role == auth.Official {
		s.notFound(w, r)
		return
	}
	ps, err := s.periods(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	type line struct {
		P         string
		Due       string // the due day, once passed: the published edition exists
		Published bool
	}
	var out []line
	for _, label := range ps {
		if p, ok := reportPeriod(label); ok {
			out = append(out, line{label, p.Due().Format("2006-01-02"), s.o.Now().After(analytics.EndOfDay(p.Due()))})
		}
	}
	s.render(w, http.StatusOK, "reports", struct {
		view
		Periods []line
	}{s.view(r, "报告", "reports"), out})
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	p, ok := reportPeriod(r.PathValue("period"))
	if !ok || userOf(r).Role == auth.Official {
		s.notFound(w, r)
		return
	}
	d, err := BuildReport(r.Context(), s.o.Store, s.o.Index, p, Edition(r.URL.Query().Get("edition")), s.o.Now())
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "暂无报告", "该统计期尚无可用的报告（"+err.Error()+"）：trustwatch rank -period "+p.String())
		return
	}
	html, err := RenderReport(d)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if r.PathValue("format") == "pdf" {
		chromium := Chromium()
		if chromium == "" {
			s.fail(w, r, http.StatusServiceUnavailable, "无法生成 PDF", "本机没有 chromium：请用浏览器打印本页，或安装 chromium（deploy/local/chromium.sh）。")
			return
		}
		if html, err = PDF(r.Context(), chromium, html); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.audit(r, "export", "report:"+p.String()+".pdf", true, "")
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("政务诚信评估报告-"+p.String()+".pdf"))
		_, _ = w.Write(html)
		return
	}
	// The report carries its own inline style: allow it on this page.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(html)
}
