package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/exchange"
	"github.com/trustwatch/trustwatch/period"
)

// sheet is a table to export: a name, a header and rows of cells.
type sheet struct {
	Name   string
	Header []string
	Rows   [][]any
}

func rankingSheet(run analytics.Run, rows []analytics.Row) sheet {
	sh := sheet{Name: "排名", Header: []string{"统计期", "名次", "名次区间下限", "名次区间上限", "上期名次", "单位ID", "单位", "指数", "指数区间下限", "指数区间上限",
		"等级", "已覆盖指标", "适用指标", "文档", "来源", "投诉", "失信事件", "证据不足"}}
	for _, r := range rows {
		insufficient := ""
		if r.Insufficient {
			insufficient = "是"
		}
		sh.Rows = append(sh.Rows, []any{run.Period.String(), r.Rank, r.RankLo, r.RankHi, r.PrevRank, r.UnitID, r.UnitName, round2(r.Score), round2(r.ScoreLo), round2(r.ScoreHi),
			r.Grade, r.Covered, r.Applicable, r.Documents, r.Sources, r.Complaints, r.Negatives, insufficient})
	}
	return sh
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func unitSheets(ex analytics.Explanation) []sheet {
	ind := sheet{Name: "指标", Header: []string{"维度", "指标", "值", "分子", "分母", "证据数", "可信度", "得分", "权重", "贡献"}}
	ev := sheet{Name: "证据", Header: []string{"指标", "文档ID", "标题", "发布日期", "分子", "分母", "原文链接"}}
	for _, l := range ex.Indicators {
		var v any = ""
		if l.Value != nil {
			v = *l.Value
		}
		ind.Rows = append(ind.Rows, []any{l.DimensionName, l.Name, v, l.Numerator, l.Denominator, l.Evidence, round2(l.Credibility), round2(l.Score), l.Weight, round2(l.Contribution)})
		for _, d := range l.Documents {
			ev.Rows = append(ev.Rows, []any{l.Name, d.DocID, d.Title, d.Published, d.Num, d.Den, d.URL})
		}
	}
	return []sheet{ind, ev}
}

// writeExport sends sheets as .xlsx (one sheet each) or .csv (the first,
// UTF-8 with a BOM so Excel and WPS read the Chinese right).
func (s *Server) writeExport(w http.ResponseWriter, r *http.Request, name, format string, sheets []sheet) {
	var body bytes.Buffer
	var ctype string
	switch format {
	case "csv":
		ctype = "text/csv; charset=utf-8"
		body.WriteString("\ufeff")
		cw := csv.NewWriter(&body)
		for i, sh := range sheets {
			if i > 0 {
				_ = cw.Write(nil)
			}
			_ = cw.Write(sh.Header)
			for _, row := range sh.Rows {
				cells := make([]string, len(row))
				for j, c := range row {
					cells[j] = fmt.Sprint(c)
				}
				_ = cw.Write(cells)
			}
		}
		cw.Flush()
	case "xlsx":
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		if err := xlsx(&body, sheets); err != nil {
			s.serverError(w, r, err)
			return
		}
	default:
		s.notFound(w, r)
		return
	}
	s.audit(r, "export", name+"."+format, true, "")
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name+"."+format))
	_, _ = w.Write(body.Bytes())
}

func xlsx(buf *bytes.Buffer, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return err
		}
		if err := f.SetSheetRow(sh.Name, "A1", &sh.Header); err != nil {
			return err
		}
		for j, row := range sh.Rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := f.SetSheetRow(sh.Name, cell, &row); err != nil {
				return err
			}
		}
	}
	return f.Write(buf)
}

func (s *Server) exportRankings(w http.ResponseWriter, r *http.Request) {
	run, _, err := s.run(r)
	if err != nil {
		s.runFailed(w, r, err)
		return
	}
	g := group(r)
	rows := visible(userOf(r), run.Group(g))
	s.writeExport(w, r, fmt.Sprintf("政务诚信指数排名-%s-%s", run.Period, g.Chinese()), r.PathValue("format"), []sheet{rankingSheet(run, rows)})
}

func (s *Server) exportUnit(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	dot := strings.LastIndex(file, ".")
	if dot < 0 {
		s.notFound(w, r)
		return
	}
	id, format := file[:dot], file[dot+1:]
	if _, ok := s.o.Units.Get(id); !ok || !userOf(r).Sees(id) {
		s.audit(r, "denied", "export:"+id, false, "")
		s.notFound(w, r)
		return
	}
	run, _, err := s.run(r)
	if err != nil {
		s.runFailed(w, r, err)
		return
	}
	ex, err := analytics.Explain(r.Context(), s.o.Store, s.o.Index, run, id, 50)
	if err != nil {
		s.notFound(w, r)
		return
	}
	s.writeExport(w, r, fmt.Sprintf("%s-%s-指标与证据", ex.Row.UnitName, run.Period), format, unitSheets(ex))
}

// exportRecords serves a period's 政务失信记录 in the exchange format
// (package exchange) as CSV or JSON, for the 社会信用体系建设牵头部门; not
// for officials, who see only their own units.
func (s *Server) exportRecords(w http.ResponseWriter, r *http.Request) {
	label, format, _ := strings.Cut(r.PathValue("file"), ".")
	p, err := period.Parse(label)
	if err != nil || userOf(r).Role == auth.Official || format != "csv" && format != "json" {
		s.notFound(w, r)
		return
	}
	rs, err := exchange.Load(r.Context(), s.o.Store, s.o.Units, p, exchange.Options{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var b bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "json" {
		ctype = "application/json; charset=utf-8"
		err = exchange.WriteJSON(&b, p, s.o.Now(), rs)
	} else {
		err = exchange.WriteCSV(&b, rs)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "export", "records:"+p.String()+"."+format, true, fmt.Sprintf("%d records", len(rs)))
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("政务失信记录-"+p.String()+"."+format))
	_, _ = w.Write(b.Bytes())
}
