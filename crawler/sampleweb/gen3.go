package sampleweb

import (
	"fmt"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/unit"
)

// The index's ground truth: decisions whose 7 working days cross the
// holidays, debts repaid late, administrative judgments won and lost, and the
// municipal departments' own records. Every draw here comes from g.aux, so
// the pages generated before these existed are unchanged.

// SiteJudgment is a 中国裁判文书网-style list of administrative judgments.
const SiteJudgment = "wenshu"

// decided is a decision's date: published k working days after it — 1 to 7
// on time, 8 to 15 late — counted on the real calendar, so that around the
// 中秋 and 国庆 holidays of 2026 a decision 13 calendar days old can still be on
// time and one 9 days old late.
func (g *generator) decided(published time.Time, late bool, delay int) time.Time {
	k := min(7, delay+g.aux.IntN(4))
	if late {
		k = 8 + (delay+g.aux.IntN(8))%8
	}
	d := g.cal.Back(published, k)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shanghai)
}

// repaid is a debt's 清偿日期: none while unpaid; for a paid debt, half the
// time on or before the agreed date, else between it and the ledger's date.
func (g *generator) repaid(due, published time.Time, unpaid bool) time.Time {
	if unpaid {
		return time.Time{}
	}
	if g.aux.IntN(2) == 0 {
		return due.AddDate(0, 0, -g.aux.IntN(6))
	}
	days := int(published.Sub(due).Hours() / 24)
	return due.AddDate(0, 0, 1+g.aux.IntN(max(1, days)))
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006年1月2日")
}

// defendantOf names a unit as a party to a case: its government (or a
// bureau of it), its 管委会, or the department itself.
func (g *generator) defendantOf(u unit.Unit) string {
	switch {
	case u.Kind == unit.KindDepartment:
		return u.Name
	case u.Kind == unit.KindZone:
		return u.Name + "管理委员会"
	case g.aux.IntN(2) == 0:
		return u.Name + "人民政府"
	}
	return u.Name + pickFrom(g.aux, bureaus)
}

// judgments: administrative cases against the units, decided by the
// courts; worse units lose more often.
func (g *generator) judgments(units []unit.Unit, latest time.Time, months int) {
	for m := months - 1; m >= 0; m-- {
		month := latest.AddDate(0, -m, 0)
		for _, u := range units {
			b := g.badness[u.ID]
			for i := 0; i < 1+g.aux.IntN(3); i++ {
				g.judgment(u, month, b)
			}
		}
	}
}

func (g *generator) judgment(u unit.Unit, month time.Time, b float64) {
	var outcome string
	switch x := g.aux.Float64(); {
	case x < 0.12:
		outcome = "withdrawn"
	case x < 0.12+b*0.22:
		outcome = "lost"
	default:
		outcome = "won"
	}
	at := dayInWith(g.aux, month)
	g.seq++
	defendant := g.defendantOf(u)
	plaintiff := pickFrom(g.aux, parties)
	number := fmt.Sprintf("（%d）豫01行初%d号", at.Year(), 100+g.seq)
	kind, holding := "行政判决书", "驳回原告"+plaintiff+"的诉讼请求。"
	switch outcome {
	case "lost":
		holding = "撤销被告" + defendant + "作出的行政处理决定，责令其于本判决生效之日起六十日内重新作出处理。"
	case "withdrawn":
		kind, holding = "行政裁定书", "准许原告"+plaintiff+"撤回起诉。"
	}
	verb := "判决如下："
	if kind == "行政裁定书" {
		verb = "裁定如下："
	}
	body := strings.Join([]string{
		"河南省郑州市中级人民法院 " + kind + " " + number,
		"原告：" + plaintiff + "，住所地郑州市。",
		"被告：" + defendant + "。",
		"原告不服被告作出的行政处理决定，向本院提起行政诉讼。",
		"本院认为，本案事实已经查明。依照《中华人民共和国行政诉讼法》之规定，" + verb + holding,
		"案件受理费50元。审判长 王某 " + chineseDate(at) + " 书记员 赵某",
	}, " ")
	g.items = append(g.items, &Item{Site: SiteJudgment, Path: fmt.Sprintf("/wenshu/%s/%d.html", at.Format("200601"), g.seq),
		Title: plaintiff + "与" + defendant + "行政处理一审" + kind, Date: at, Body: body, Unit: u.ID, Bad: outcome == "lost",
		Outcome: outcome, Fields: []Field{{"案号", "ah", number}, {"审理法院", "slfy", "河南省郑州市中级人民法院"}}})
}

// chineseDate writes a date as judgments sign it: 二〇二六年十月九日.
func chineseDate(t time.Time) string {
	digits := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	var y strings.Builder
	for _, c := range fmt.Sprint(t.Year()) {
		y.WriteString(digits[c-'0'])
	}
	num := func(n int) string {
		switch {
		case n < 10:
			return digits[n]
		case n == 10:
			return "十"
		case n < 20:
			return "十" + digits[n-10]
		case n%10 == 0:
			return digits[n/10] + "十"
		}
		return digits[n/10] + "十" + digits[n%10]
	}
	return y.String() + "年" + num(int(t.Month())) + "月" + num(t.Day()) + "日"
}

// departments: each municipal department's 双公示 decisions, the messages
// citizens leave it, and the cases it defends; worse departments publish
// late, answer late and lose more.
func (g *generator) departments(depts []unit.Unit, latest time.Time, months int) {
	for _, u := range depts {
		g.badness[u.ID] = badnessLadder[g.aux.IntN(len(badnessLadder))]
	}
	for m := months - 1; m >= 0; m-- {
		month := latest.AddDate(0, -m, 0)
		for _, u := range depts {
			b := g.badness[u.ID]
			for i := 0; i < 2; i++ {
				g.deptDisclosure(u, month, b)
			}
			for i := 0; i < 1+int(b*2)+g.aux.IntN(2); i++ {
				g.deptComplaint(u, month, b)
			}
			if g.aux.Float64() < 0.3+b*0.2 {
				g.judgment(u, month, b)
			}
		}
	}
}

func (g *generator) deptDisclosure(u unit.Unit, month time.Time, b float64) {
	published := dayInWith(g.aux, month)
	published = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, shanghai)
	late := g.aux.Float64() < b*0.22
	decided := g.decided(published, late, 1+g.aux.IntN(4))
	party := pickFrom(g.aux, parties)
	v := pickFrom(g.aux, violations)
	g.seq++
	wsh := fmt.Sprintf("郑%s罚〔%d〕%d号", strings.TrimPrefix(u.Short, "市")[:3], decided.Year(), 100+g.seq)
	if g.aux.Float64() < 0.06*b {
		wsh = ""
	}
	g.items = append(g.items, &Item{
		Site: SiteDisclosure, Title: fmt.Sprintf("%s关于%s%s的行政处罚决定", u.Name, party, v), Date: published,
		Path: fmt.Sprintf("/xyzz/sgs/%s/t%s_%d.html", published.Format("200601"), published.Format("20060102"), g.seq),
		Body: fmt.Sprintf("%s因%s，违反相关法律法规规定，%s依法决定给予警告并处罚款%d元。", party, v, u.Name, 1000*(1+g.aux.IntN(50))),
		Unit: u.ID, Bad: late, Decided: decided, Complete: wsh != "",
		Fields: []Field{
			{"决定文书号", "wsh", wsh}, {"行政相对人", "xdr", party}, {"类别", "lb", "行政处罚"}, {"决定机关", "jdjg", u.Name},
			{"决定日期", "jdrq", decided.Format("2006年1月2日")}, {"公示日期", "gsrq", published.Format("2006年1月2日")},
		},
	})
}

// deptMessages are what citizens write to a department; {unit} is its short name.
var deptMessages = []struct{ Title, Body string }{
	{"反映{unit}办理{service}拖延不办", "本人于两个月前向{unit}申请办理{service}，材料齐全，至今未办结，多次询问均称在走流程，请督促尽快办理。"},
	{"{unit}对举报问题推诿不作为", "本人多次向{unit}举报小区违建问题，{unit}一直推诿，称不归其管理，问题至今没有处理。"},
	{"咨询{unit}{service}办理材料", "请问在{unit}办理{service}需要准备哪些材料，能否网上办理？谢谢。"},
}

func (g *generator) deptComplaint(u unit.Unit, month time.Time, b float64) {
	mk := deptMessages[g.aux.IntN(len(deptMessages))]
	rep := strings.NewReplacer("{unit}", u.Short, "{service}", pickFrom(g.aux, services))
	at := dayInWith(g.aux, month)
	bad := !strings.HasPrefix(mk.Title, "咨询")
	who, when, reply := u.Short, "", "未答复"
	if !bad || g.aux.Float64() > b/5 {
		delay := 1 + g.aux.IntN(3)
		if bad {
			delay += int(b * float64(3+g.aux.IntN(8)))
		}
		when, reply = at.AddDate(0, 0, delay).Format("2006-01-02 15:04"), "您好，您反映的问题已收悉，我单位已安排专人办理，办理结果将及时告知。"
	} else {
		who = ""
	}
	g.seq++
	g.items = append(g.items, &Item{
		Site: SiteComplaint, Path: fmt.Sprintf("/12345/detail?mid=%d", 100000+g.seq), Title: rep.Replace(mk.Title), Date: at,
		Body: rep.Replace(mk.Body), Unit: u.ID, Bad: bad,
		Fields: []Field{
			{"留言对象", "lydx", u.Name}, {"留言时间", "lysj", at.Format("2006-01-02 15:04")},
			{"答复单位", "dfdw", who}, {"答复时间", "dfsj", when}, {"答复内容", "dfnr", reply},
		},
	})
}

// repeats: a problem not solved is raised again — another citizen leaves
// nearly the same message about the same unit days later. Worse units see
// more of them; the index's 重复投诉率 counts them.
func (g *generator) repeats() {
	var out []*Item
	for _, it := range g.items {
		if it.Site != SiteComplaint || !it.Bad || g.aux.Float64() >= g.badness[it.Unit]*0.12 {
			continue
		}
		at := it.Date.AddDate(0, 0, 3+g.aux.IntN(18))
		if !at.Before(g.end) {
			continue // the sample web ends with its latest month
		}
		g.seq++
		who, when, reply := "", "", "未答复"
		if g.aux.IntN(3) > 0 {
			who = field(it, "答复单位")
			if who == "" {
				who = field(it, "留言对象")
			}
			when, reply = at.AddDate(0, 0, 2+g.aux.IntN(20)).Format("2006-01-02 15:04"), "您好，您反映的问题已转交相关单位办理。"
		}
		out = append(out, &Item{
			Site: SiteComplaint, Path: fmt.Sprintf("/12345/detail?mid=%d", 100000+g.seq), Title: "再次反映：" + it.Title, Date: at,
			Body: it.Body + "此前已有市民反映，至今未解决。", Unit: it.Unit, Bad: true, Topic: it.Topic, RepeatOf: it.Path,
			Fields: []Field{
				{"留言对象", "lydx", field(it, "留言对象")}, {"留言时间", "lysj", at.Format("2006-01-02 15:04")},
				{"答复单位", "dfdw", who}, {"答复时间", "dfsj", when}, {"答复内容", "dfnr", reply},
			},
		})
	}
	g.items = append(g.items, out...)
}
