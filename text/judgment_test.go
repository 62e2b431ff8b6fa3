package text_test

import (
	"testing"

	"github.com/trustwatch/trustwatch/text"
)

// judgmentText lays out a decision as 中国裁判文书网 publishes one: header,
// parties, the course of the case, the reasoning, the holding, the signature.
func judgmentText(court, kind, number, partiesBlock, claims, reasoning, holding string) (string, string) {
	title := court + kind
	body := court + "\n" + kind + "\n" + number + "\n" + partiesBlock + "\n" + claims + "\n经审理查明，" + reasoning +
		"\n本院认为，" + reasoning + "\n" + holding + "\n案件受理费50元，由败诉方负担。\n如不服本判决，可在判决书送达之日起十五日内提起上诉。\n审判长　王某\n审判员　李某\n二〇二六年十月九日\n书记员　赵某"
	return title, body
}

func TestJudgments(t *testing.T) {
	for _, tc := range []struct {
		name, title, body string
		kind, role, unit  string
		outcome           string
		signal            string // category of the one signal expected, or ""
	}{
		{name: "lost: the decision is revoked", kind: text.CaseAdministrative, role: "被告", unit: "jinshui", outcome: text.OutcomeLost, signal: text.CatLitigation},
		{name: "won: the plaintiff's claims are dismissed, whatever they quoted", kind: text.CaseAdministrative, role: "被告", unit: "erqi", outcome: text.OutcomeWon},
		{name: "its own appeal dismissed: lost", kind: text.CaseAdministrative, role: "上诉人", unit: "zhongmou", outcome: text.OutcomeLost, signal: text.CatLitigation},
		{name: "withdrawn", kind: text.CaseAdministrative, role: "被告", unit: "huiji", outcome: text.OutcomeWithdrawn},
		{name: "enforcement of its own decision granted: won", kind: text.CaseAdministrative, role: "申请执行人", unit: "dept-urban", outcome: text.OutcomeWon},
		{name: "a criminal case naming a police bureau is no record against it", kind: text.CaseCriminal},
		{name: "a civil case between companies concerns no unit", kind: text.CaseCivil},
		{name: "the government as judgment debtor", kind: text.CaseEnforcement, role: "被执行人", unit: "xinzheng", signal: text.CatJudicial},
	} {
		tc.title, tc.body = judgmentCase(tc.name)
		t.Run(tc.name, func(t *testing.T) {
			d := docAt(tc.title, tc.body)
			d.Kind = "judgment"
			res := an.Analyze(d)
			j := res.Judgment
			if j == nil {
				t.Fatalf("not read as a judgment: %+v", res)
			}
			if j.Kind != tc.kind || j.Role != tc.role || j.Unit != tc.unit || j.Outcome != tc.outcome {
				t.Fatalf("judgment %+v; want kind %s, role %s, unit %s, outcome %q", *j, tc.kind, tc.role, tc.unit, tc.outcome)
			}
			if j.CaseNumber == "" || j.Court == "" || j.Date != "二〇二六年十月九日" {
				t.Fatalf("case number %q, court %q, date %q", j.CaseNumber, j.Court, j.Date)
			}
			switch {
			case tc.signal == "" && len(res.Signals) > 0:
				t.Fatalf("signals %+v, want none", res.Signals)
			case tc.signal != "" && (len(res.Signals) != 1 || res.Signals[0].Category != tc.signal || res.Signals[0].Polarity != text.Negative):
				t.Fatalf("signals %+v, want one %s failure", res.Signals, tc.signal)
			case tc.unit == "" && len(res.Units) > 0:
				t.Fatalf("units %v, want none: the court's district is not a party", res.Units)
			}
			checkSpans(t, d)
		})
	}
}

func judgmentCase(name string) (string, string) {
	switch name {
	case "lost: the decision is revoked":
		return judgmentText("河南省郑州市中级人民法院", "行政判决书", "（2026）豫01行初123号",
			"原告：郑州某置业有限公司，住所地郑州市金水区。\n被告：郑州市金水区人民政府，住所地郑州市金水区。",
			"原告诉称，请求判决撤销被告作出的征收决定。", "被告作出的征收决定程序违法。",
			"依照《中华人民共和国行政诉讼法》第七十条之规定，判决如下：\n撤销被告郑州市金水区人民政府于2025年5月6日作出的房屋征收决定。")
	case "won: the plaintiff's claims are dismissed, whatever they quoted":
		return judgmentText("郑州市二七区人民法院", "行政判决书", "（2026）豫0103行初45号",
			"原告张某，男，1970年生。\n被告郑州市二七区人民政府，住所地郑州市二七区。",
			"原告诉称，请求判决撤销被告作出的决定，确认被告行为违法，并赔偿损失。", "被告作出的行政行为认定事实清楚，程序合法。",
			"依照《中华人民共和国行政诉讼法》第六十九条之规定，判决如下：\n驳回原告张某的诉讼请求。")
	case "its own appeal dismissed: lost":
		return judgmentText("河南省高级人民法院", "行政判决书", "（2026）豫行终88号",
			"上诉人（原审被告）：中牟县人民政府，住所地中牟县。\n被上诉人（原审原告）：李某。",
			"上诉人中牟县人民政府因行政补偿一案，不服一审判决，提起上诉。", "一审判决认定事实清楚，适用法律正确。",
			"依照《中华人民共和国行政诉讼法》第八十九条第一款第一项之规定，判决如下：\n驳回上诉，维持原判。")
	case "withdrawn":
		return judgmentText("郑州市惠济区人民法院", "行政裁定书", "（2026）豫0108行初12号",
			"原告王某。\n被告：郑州市惠济区人民政府。", "原告请求判决撤销被告的处罚决定。", "原告于审理中申请撤回起诉。",
			"依照《中华人民共和国行政诉讼法》第六十二条之规定，裁定如下：\n准许原告王某撤回起诉。")
	case "enforcement of its own decision granted: won":
		return judgmentText("郑州市中原区人民法院", "行政裁定书", "（2026）豫0102行审7号",
			"申请执行人：郑州市城市管理局，住所地郑州市。\n被执行人：郑州某餐饮有限公司。", "申请执行人申请强制执行其作出的处罚决定。", "该处罚决定合法有效。",
			"依照《中华人民共和国行政强制法》第五十七条之规定，裁定如下：\n准予强制执行郑州市城市管理局作出的行政处罚决定。")
	case "a criminal case naming a police bureau is no record against it":
		return judgmentText("郑州市金水区人民法院", "刑事判决书", "（2026）豫0105刑初300号",
			"公诉机关郑州市金水区人民检察院。\n被告人刘某，男，1985年生，因涉嫌诈骗罪于2026年3月1日被郑州市公安局金水分局刑事拘留。",
			"公诉机关指控被告人刘某犯诈骗罪。", "被告人刘某以非法占有为目的，骗取他人财物，数额较大。",
			"依照《中华人民共和国刑法》第二百六十六条之规定，判决如下：\n被告人刘某犯诈骗罪，判处有期徒刑一年。")
	case "a civil case between companies concerns no unit":
		return judgmentText("郑州市金水区人民法院", "民事判决书", "（2026）豫0105民初900号",
			"原告：郑州某建材有限公司，住所地郑州市金水区。\n被告：郑州某建筑有限公司，住所地郑州市金水区。",
			"原告请求判令被告支付拖欠的货款。", "被告拖欠原告货款属实。",
			"依照《中华人民共和国民法典》第五百七十七条之规定，判决如下：\n被告于本判决生效之日起十日内支付原告货款十万元。")
	default: // the government as judgment debtor
		return judgmentText("新郑市人民法院", "执行裁定书", "（2026）豫0184执1234号",
			"申请执行人：郑州某建设工程有限公司。\n被执行人：新郑市龙湖镇人民政府，住所地新郑市龙湖镇。",
			"申请执行人申请执行已生效的民事判决。", "被执行人未按生效判决履行给付义务。",
			"依照《中华人民共和国民事诉讼法》第二百五十条之规定，裁定如下：\n冻结、划拨被执行人新郑市龙湖镇人民政府银行存款一百万元。")
	}
}
