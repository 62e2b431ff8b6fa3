package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/table"
)

var cst = document.Shanghai

func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(cst).Format("01-02 15:04")
}

// Warnings prints warnings one per line: fingerprint, level, state, rule,
// unit, since, and the summary.
func Warnings(w io.Writer, ws []alerts.Warning) error {
	t := table.Table{Header: []string{"编号", "级别", "状态", "规则", "单位", "开始", "说明"}}
	for _, x := range ws {
		t.Rows = append(t.Rows, []string{x.Fingerprint[:10], string(x.Level), x.StateName(), x.Rule, x.UnitName, clock(x.StartsAt), x.Summary})
	}
	return t.Write(w)
}

// Warning prints one warning in full, its history and its mails.
func Warning(w io.Writer, x alerts.Warning, hist []alerts.Warning, ns []alerts.Notification) error {
	fmt.Fprintf(w, "预警 %s【%s级】%s\n单位：%s　键：%s　状态：%s\n说明：%s\n", x.Fingerprint, x.Level, x.Rule, x.UnitName, x.Key, x.StateName(), x.Summary)
	for _, f := range x.Figures {
		fmt.Fprintf(w, "  %s\n", f)
	}
	for _, e := range x.Evidence {
		fmt.Fprintf(w, "  证据：[%s] %s %s %s\n", e.Category, e.Date, e.Title, e.URL)
	}
	if x.AckedBy != "" {
		fmt.Fprintf(w, "确认：%s 于 %s\n", x.AckedBy, clock(x.AckedAt))
	}
	fmt.Fprintln(w, "\n变化 history:")
	for _, h := range hist {
		fmt.Fprintf(w, "  %s  %-10s %s\n", clock(h.ChangedAt), h.Change, h.Summary)
	}
	fmt.Fprintln(w, "\n邮件 mails:")
	t := table.Table{Header: []string{"时间", "类型", "路由", "收件人", "尝试", "已发", "最后答复"}}
	for _, n := range ns {
		sent := "否"
		if n.Sent > 0 {
			sent = "是"
		}
		t.Rows = append(t.Rows, []string{clock(n.Created), n.Kind, n.Route, strings.Join(n.To, ", "), fmt.Sprint(n.Attempts), sent, n.LastResponse})
	}
	return t.Write(w)
}

// Silences prints silences.
func Silences(w io.Writer, ss []alerts.Silence) error {
	t := table.Table{Header: []string{"ID", "规则", "单位", "级别", "起", "止", "创建人", "原因", "撤销"}}
	for _, s := range ss {
		t.Rows = append(t.Rows, []string{s.ID, s.Rule, s.UnitID, string(s.Level), clock(s.StartsAt), clock(s.EndsAt), s.Creator, s.Reason, s.RevokedBy})
	}
	return t.Write(w)
}
