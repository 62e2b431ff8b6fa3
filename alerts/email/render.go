package email

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
)

// levelColour names a level the way 预警 notices do.
var levelColour = map[rule.Level]string{rule.Red: "红色", rule.Orange: "橙色", rule.Yellow: "黄色", rule.Blue: "蓝色"}

// levelHex colours a level in the HTML mail.
var levelHex = map[rule.Level]string{rule.Red: "#c0392b", rule.Orange: "#e67e22", rule.Yellow: "#d4ac0d", rule.Blue: "#2e86c1"}

// kindTitle heads each kind of mail.
var kindTitle = map[alerts.NoticeKind]string{
	alerts.NoticeFiring:     "政务诚信预警",
	alerts.NoticeRepeat:     "政务诚信预警（仍未解除，再次提醒）",
	alerts.NoticeResolved:   "政务诚信预警解除通知",
	alerts.NoticeEscalation: "政务诚信预警升级报告（超时未确认）",
	alerts.NoticeDigest:     "政务诚信预警日报",
}

// tag says, in a digest, whether a warning is new, still firing or resolved.
func tag(n alerts.Notice, w alerts.Warning) string {
	switch {
	case n.Kind != alerts.NoticeDigest:
		return ""
	case w.Status == alerts.Resolved:
		return "【已解除】"
	case n.Fresh[w.Fingerprint]:
		return "【新】"
	}
	return "【持续】"
}

// title is a warning's heading: its level and rule, and its unit when the
// mail is not about one unit.
func title(n alerts.Notice, w alerts.Warning) string {
	s := tag(n, w) + "【" + string(w.Level) + "级】" + w.Rule
	if n.UnitName == "" && w.UnitName != "" {
		s += "　" + w.UnitName
	}
	return s
}

// worst is the most severe level among a notice's warnings.
func worst(n alerts.Notice) rule.Level {
	for _, l := range rule.Levels {
		for _, w := range n.Warnings {
			if w.Level == l {
				return l
			}
		}
	}
	return rule.Blue
}

// Subject is a notice's subject line.
func Subject(n alerts.Notice) string {
	who := n.UnitName
	if who == "" {
		who = "数据来源"
	}
	first := n.Warnings[0]
	what := first.Rule
	if len(n.Warnings) > 1 {
		what = fmt.Sprintf("%s等%d项", first.Rule, len(n.Warnings))
	}
	switch n.Kind {
	case alerts.NoticeDigest:
		counts := map[string]int{}
		for _, w := range n.Warnings {
			counts[tag(n, w)]++
		}
		return fmt.Sprintf("【政务诚信预警日报】%s：新增%d项，持续%d项，解除%d项", n.Created.In(cst).Format("2006-01-02"),
			counts["【新】"], counts["【持续】"], counts["【已解除】"])
	case alerts.NoticeResolved:
		return fmt.Sprintf("【预警解除】%s：%s", who, what)
	case alerts.NoticeEscalation:
		return fmt.Sprintf("【预警升级·%s】%s：%s 超时未确认", worst(n), who, what)
	case alerts.NoticeRepeat:
		return fmt.Sprintf("【政务诚信预警·%s·再次提醒】%s：%s", worst(n), who, what)
	}
	return fmt.Sprintf("【政务诚信预警·%s】%s：%s", worst(n), who, what)
}

// Text is a notice's plain-text body.
func Text(n alerts.Notice) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s\n\n", levelColour[worst(n)], kindTitle[n.Kind])
	if n.UnitName != "" {
		fmt.Fprintf(&b, "单位：%s\n", n.UnitName)
	}
	fmt.Fprintf(&b, "共 %d 项\n\n", len(n.Warnings))
	for i, w := range n.Warnings {
		fmt.Fprintf(&b, "%d. %s\n", i+1, title(n, w))
		if w.Description != "" {
			fmt.Fprintf(&b, "   规则：%s\n", w.Description)
		}
		fmt.Fprintf(&b, "   情况：%s\n", w.Summary)
		for _, f := range w.Figures {
			fmt.Fprintf(&b, "   %s\n", f)
		}
		fmt.Fprintf(&b, "   预警编号：%s　首次触发：%s\n", w.Fingerprint, w.StartsAt.In(cst).Format("2006-01-02 15:04"))
		if w.Status == alerts.Resolved {
			fmt.Fprintf(&b, "   解除时间：%s\n", w.EndsAt.In(cst).Format("2006-01-02 15:04"))
		}
		for j, e := range w.Evidence {
			fmt.Fprintf(&b, "   证据%d：[%s] %s %s\n         %s\n", j+1, e.Category, e.Date, e.Title, e.URL)
			if e.Text != "" {
				fmt.Fprintf(&b, "         摘录：%s\n", e.Text)
			}
		}
		if link := n.AckLinks[w.Fingerprint]; link != "" {
			fmt.Fprintf(&b, "   确认收到并处理：%s\n", link)
		}
		b.WriteString("\n")
	}
	b.WriteString(footer(n.Kind))
	return b.String()
}

func footer(k alerts.NoticeKind) string {
	switch k {
	case alerts.NoticeResolved:
		return "上述预警的触发条件已不再满足，预警自动解除。\n\n本邮件由 TrustWatch 政务诚信监测预警引擎自动发送，请勿直接回复。\n"
	case alerts.NoticeEscalation:
		return "上述红色/橙色预警发出后在规定时间内无人确认，依规报送督查部门。\n\n本邮件由 TrustWatch 政务诚信监测预警引擎自动发送，请勿直接回复。\n"
	}
	return "依据《郑州市加强政务诚信建设实施方案》（郑政文〔2017〕129号），请相关单位核实情况、书面说明原因并限期整改；收到后请点击确认链接。\n" +
		"对预警所依据的记录有异议的，可提出异议申请；已主动纠错、消除不良影响的，可申请信用修复。\n\n" +
		"本邮件由 TrustWatch 政务诚信监测预警引擎自动发送，请勿直接回复。\n"
}

//go:embed notice.html
var templates embed.FS

var page = template.Must(template.New("notice.html").Funcs(template.FuncMap{
	"colour": func(l rule.Level) string { return levelHex[l] },
	"title":  title,
	"figure": alerts.Figure.String,
}).ParseFS(templates, "notice.html"))

// HTML is a notice's HTML body.
func HTML(n alerts.Notice) (string, error) {
	var b bytes.Buffer
	data := struct {
		alerts.Notice
		Title, Colour, Level, Footer string
		Resolved                     bool
	}{n, kindTitle[n.Kind], levelHex[worst(n)], levelColour[worst(n)], footer(n.Kind), n.Kind == alerts.NoticeResolved}
	if err := page.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
