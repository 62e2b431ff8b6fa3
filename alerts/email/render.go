package email

import (
	"fmt"
	"strings"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
)

// levelColour names a level the way 预警 notices do.
var levelColour = map[rule.Level]string{rule.Red: "红色", rule.Orange: "橙色", rule.Yellow: "黄色", rule.Blue: "蓝色"}

// Render returns the subject and plain-text body of a warning.
func Render(w alerts.Warning) (subject, body string) {
	month := w.Period.Format("2006年1月")
	subject = fmt.Sprintf("【政务诚信预警·%s】%s %s：%s %.4g %s %.4g",
		w.Level, w.UnitName, month, w.MetricName, w.Value, w.Op.Symbol(), w.Threshold)
	var b strings.Builder
	fmt.Fprintf(&b, "%s政务诚信预警\n\n", levelColour[w.Level])
	fmt.Fprintf(&b, "单位：%s\n统计月份：%s\n", w.UnitName, month)
	fmt.Fprintf(&b, "触发规则：%s（%s %s %.4g）\n", w.Rule, w.MetricName, w.Op.Symbol(), w.Threshold)
	fmt.Fprintf(&b, "实际值：%.4g\n", w.Value)
	fmt.Fprintf(&b, "本月政务诚信指数排名：第%d名 / 共%d个县（市、区）\n", w.Rank, w.Of)
	fmt.Fprintf(&b, "计算批次：%s\n\n", w.RunID)
	if len(w.Evidence) > 0 {
		b.WriteString("主要失信线索：\n")
		for i, e := range w.Evidence {
			fmt.Fprintf(&b, "%d. [%s·严重程度%d] %s %s\n   来源：%s\n   链接：%s\n", i+1, e.Category, e.Severity, e.Date, e.Text, e.Title, e.URL)
		}
		b.WriteString("\n")
	}
	b.WriteString("依据《郑州市加强政务诚信建设实施方案》（郑政文〔2017〕129号），请相关单位核实情况、书面说明原因并限期整改。\n")
	b.WriteString("对预警所依据的记录有异议的，可提出异议申请；已主动纠错、消除不良影响的，可申请信用修复。\n\n")
	b.WriteString("本邮件由 TrustWatch 政务诚信监测预警引擎自动发送，请勿直接回复。\n")
	return subject, b.String()
}
