// Package report renders the index for people at a terminal: a group's
// ranking with grades, 90% bands, rank changes and coverage flags; one
// unit's score taken apart down to the evidence; and the sensitivity audit.
//
// It owns the layout of these texts (golden files in testdata), nothing of
// how the numbers are made.
package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/table"
)

// Ranking prints one group's ranking of a run.
func Ranking(w io.Writer, run analytics.Run, g index.Group) error {
	rows := run.Group(g)
	if len(rows) == 0 {
		_, err := fmt.Fprintf(w, "%s %s：无证据，未排名 no evidence, not ranked\n", run.Period.Chinese(), g.Chinese())
		return err
	}
	fmt.Fprintf(w, "政务诚信指数 %s · %s（%d个单位，指标体系 %s，批次 %s）\n", run.Period.Chinese(), g.Chinese(), len(rows), run.Version, run.ID)
	t := table.Table{
		Header: []string{"名次", "90%区间", "变化", "单位", "指数", "90%区间", "等级", "指标覆盖", "文档", "来源", "备注"},
		Right:  map[int]bool{0: true, 4: true, 7: true, 8: true, 9: true},
	}
	for _, r := range rows {
		note := ""
		if r.Insufficient {
			note = "证据不足 insufficient evidence"
		}
		t.Rows = append(t.Rows, []string{
			strconv.Itoa(r.Rank), r.Band(), r.Change(), r.UnitName, f1(r.Score),
			f1(r.ScoreLo) + "–" + f1(r.ScoreHi), r.Grade,
			fmt.Sprintf("%d/%d", r.Covered, r.Applicable), strconv.Itoa(r.Documents), strconv.Itoa(r.Sources), note,
		})
	}
	return t.Write(w)
}

// Explanation prints one unit's score taken apart.
func Explanation(w io.Writer, ex analytics.Explanation) error {
	r := ex.Row
	fmt.Fprintf(w, "%s %s：指数 %s（90%%区间 %s–%s），等级 %s，第%d名（区间 %s，%s），变化 %s\n",
		r.UnitName, ex.Period.Chinese(), f1(r.Score), f1(r.ScoreLo), f1(r.ScoreHi), r.Grade, r.Rank, r.Band(), r.Group.Chinese(), r.Change())
	fmt.Fprintf(w, "证据：%d篇文档，%d个来源，%d/%d项指标证据充分", r.Documents, r.Sources, r.Covered, r.Applicable)
	if r.Insufficient {
		fmt.Fprint(w, "（证据不足，不得排第一）")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	t := table.Table{
		Header: []string{"维度", "指标", "原始值", "分子/分母", "证据", "可信度", "收缩后", "得分", "权重", "贡献"},
		Right:  map[int]bool{2: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true},
	}
	for _, l := range ex.Indicators {
		value := "—"
		if l.Value != nil {
			value = f3(*l.Value)
		}
		adjusted, score := f3(l.Adjusted), f1(l.Score)
		switch {
		case l.Weight == 0:
			// No unit of the group had evidence: the indicator was not scored.
			adjusted, score = "—", "未计分"
		case !l.Enough:
			adjusted += "（均值）"
		}
		t.Rows = append(t.Rows, []string{l.DimensionName, l.Name, value, f3(l.Numerator) + "/" + f3(l.Denominator),
			strconv.Itoa(l.Evidence), f2(l.Credibility), adjusted, score, f1(100 * l.Weight), f2(l.Contribution)})
	}
	if err := t.Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w, "权重：占总分的百分比；未计分：本组无单位有证据，权重分给同维度其他指标；均值：证据不足，取证据充分单位的均值。")
	for _, l := range ex.Indicators {
		if len(l.Documents) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s 的证据（前%d篇，失分最多者在前）：\n", l.Name, len(l.Documents))
		for _, d := range l.Documents {
			fmt.Fprintf(w, "  %s  [%s/%s]  %s\n      %s\n", d.Published, f3(d.Num), f3(d.Den), d.Title, d.URL)
		}
	}
	return nil
}

// Audit prints the sensitivity audit of one group.
func Audit(w io.Writer, a index.Audit, top int) error {
	fmt.Fprintf(w, "敏感性分析 %s：%d种替代权重下，%.1f%% 的（单位，方案）名次变动不超过3位\n", a.Group.Chinese(), len(a.Scenarios), 100*a.Stable)
	t := table.Table{Header: []string{"替代权重方案", "名次变动≤3的单位", "最大变动"}, Right: map[int]bool{1: true, 2: true}}
	for _, sc := range a.Scenarios {
		t.Rows = append(t.Rows, []string{sc.Name, fmt.Sprintf("%.0f%%", 100*sc.Stable), strconv.Itoa(sc.MaxShift)})
	}
	if err := t.Write(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n名次最依赖权重的单位：\n")
	m := table.Table{Header: []string{"单位", "名次", "名次范围", "最大变动", "变动最大的方案"}, Right: map[int]bool{1: true, 3: true}}
	for i, x := range a.Movers {
		if i == top {
			break
		}
		m.Rows = append(m.Rows, []string{x.Name, strconv.Itoa(x.Rank), fmt.Sprintf("%d–%d", x.MinRank, x.MaxRank), strconv.Itoa(x.Shift), x.Scenario})
	}
	return m.Write(w)
}

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// f3 prints up to 3 decimals without trailing zeros: 0.95, 12, 0.333.
func f3(x float64) string {
	s := strconv.FormatFloat(x, 'f', 3, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Changes prints what differs between the ranking as published and a later
// run of the same period: unit, rank, score and grade before and after.
func Changes(w io.Writer, before, after analytics.Run, cs []analytics.Change) error {
	fmt.Fprintf(w, "%s：与批次 %s 相比，批次 %s 中变化的单位（%d 个）\n", after.Period.Chinese(), before.ID, after.ID, len(cs))
	if len(cs) == 0 {
		_, err := fmt.Fprintln(w, "无变化。")
		return err
	}
	t := table.Table{Header: []string{"排名组", "单位", "名次", "指数", "等级"}, Right: map[int]bool{2: true, 3: true}}
	for _, c := range cs {
		t.Rows = append(t.Rows, []string{index.Group(c.Group).Chinese(), c.UnitName,
			arrow(rankText(c.RankBefore), rankText(c.RankAfter)),
			arrow(fmt.Sprintf("%.1f", c.ScoreBefore), fmt.Sprintf("%.1f", c.ScoreAfter)), arrow(c.GradeBefore, c.GradeAfter)})
	}
	return t.Write(w)
}

func rankText(r int) string {
	if r == 0 {
		return "—"
	}
	return strconv.Itoa(r)
}

func arrow(a, b string) string {
	if a == b {
		return a
	}
	return a + " → " + b
}
