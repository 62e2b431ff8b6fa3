package text

import (
	"regexp"
	"strings"

	"github.com/trustwatch/trustwatch/document"
)

// Judgment is document.Judgment: a court decision read by its parties and
// its holding.
type Judgment = document.Judgment

// Case kinds, from the 案号's type code (行初, 民终, 刑初, 执 …).
const (
	CaseAdministrative = "行政"
	CaseCivil          = "民事"
	CaseCriminal       = "刑事"
	CaseEnforcement    = "执行"
)

// Outcomes for the government party.
const (
	OutcomeLost      = "lost"      // 撤销, 确认违法, 责令履行, 赔偿; 不准予执行 of its application
	OutcomeWon       = "won"       // 驳回原告诉讼请求; 驳回对方上诉; 准予强制执行 of its application
	OutcomeWithdrawn = "withdrawn" // 准许撤诉
	OutcomeUnknown   = ""
)

// caseNumberRe finds a 案号: （2026）豫01行初123号, with either kind of brackets.
var caseNumberRe = regexp.MustCompile(`[（(]\d{4}[)）][^\s，。；]{1,12}?(行|民|刑|执|赔)[^\s，。；]{0,6}?\d+号`)

// courtRe finds the court in a judgment's header.
var courtRe = regexp.MustCompile(`[\p{Han}]{2,30}?人民法院`)

// dateRe finds the date a judgment was signed (二〇二六年十月九日 or 2026年10月9日).
var judgmentDateRe = regexp.MustCompile(`([二〇一三四五六七八九十○零]{4}|\d{4})年[一二三四五六七八九十\d]{1,3}月[一二三四五六七八九十\d]{1,3}日`)

// roles a party line may start with, longest first so 被上诉人 is not read as 上诉人.
var partyRoles = []string{
	"被上诉人（原审被告）", "上诉人（原审被告）", "被上诉人（原审原告）", "上诉人（原审原告）",
	"再审申请人", "被申请执行人", "申请执行人", "被申请人", "申请人", "被上诉人", "上诉人", "被执行人",
	"第三人", "原告", "被告",
}

// holdingMarks open a judgment's holding.
var holdingMarks = []string{"判决如下", "裁定如下", "决定如下"}

// ReadJudgment reads a court decision in the format of 中国裁判文书网: a
// header with the court, the kind of decision and the 案号; the parties
// (原告, 被告, 上诉人 …); the reasoning; the holding after 判决如下/裁定如下;
// and the signature with the date. It returns false for a text that is no
// judgment, or one without a party block (a summary of one). govParty says whether a party's name is a government body,
// and which unit it is.
func ReadJudgment(title, body string, govParty func(name string) (string, bool)) (Judgment, bool) {
	all := title + "\n" + body
	j := Judgment{CaseNumber: caseNumberRe.FindString(all)}
	head := all[:min(len(all), 600)]
	if j.CaseNumber == "" && !strings.Contains(head, "判决书") && !strings.Contains(head, "裁定书") {
		return Judgment{}, false
	}
	j.Kind, j.Procedure = caseKind(j.CaseNumber, head)
	j.Court = courtRe.FindString(head)
	holding, at := holdingOf(body)
	j.Holding = holding
	if d := judgmentDateRe.FindAllString(body[at:], -1); len(d) > 0 {
		j.Date = d[len(d)-1]
	}
	ps := parties(body[:at])
	if len(ps) == 0 {
		return Judgment{}, false // no party block: read it as any other text
	}
	for _, p := range ps {
		if unitID, ok := govParty(p.name); ok {
			j.Party, j.Role, j.Unit = p.name, p.role, unitID
			break
		}
	}
	if j.Party != "" {
		j.Outcome = outcome(j.Role, holding)
	}
	return j, true
}

// caseKind reads the kind and procedure from the 案号's type code, or from
// the header's 行政判决书/民事裁定书 when there is no 案号.
func caseKind(number, head string) (string, string) {
	codes := []struct{ code, kind, procedure string }{
		{"行初", CaseAdministrative, "一审"}, {"行终", CaseAdministrative, "二审"}, {"行再", CaseAdministrative, "再审"},
		{"行审", CaseAdministrative, "非诉执行审查"}, {"行申", CaseAdministrative, "再审审查"},
		{"民初", CaseCivil, "一审"}, {"民终", CaseCivil, "二审"}, {"民再", CaseCivil, "再审"},
		{"刑初", CaseCriminal, "一审"}, {"刑终", CaseCriminal, "二审"},
		{"执", CaseEnforcement, "执行"},
	}
	for _, c := range codes {
		if strings.Contains(number, c.code) {
			return c.kind, c.procedure
		}
	}
	for _, k := range []string{CaseAdministrative, CaseCivil, CaseCriminal} {
		if strings.Contains(head, k+"判决书") || strings.Contains(head, k+"裁定书") {
			return k, ""
		}
	}
	return "", ""
}

// holdingOf returns the holding — the text after 判决如下/裁定如下 up to the
// costs, the appeal notice or the signature — and where it starts (the end
// of the text before it, len(body) when there is none).
func holdingOf(body string) (string, int) {
	at := -1
	for _, m := range holdingMarks {
		if i := strings.LastIndex(body, m); i > at {
			at = i
		}
	}
	if at < 0 {
		return "", len(body)
	}
	h := body[at:]
	for _, stop := range []string{"案件受理费", "如不服本判决", "如不服本裁定", "本判决为终审判决", "本裁定为终审裁定", "审判长", "审判员"} {
		if i := strings.Index(h, stop); i > 0 {
			h = h[:i]
		}
	}
	return strings.TrimSpace(h), at
}

type party struct{ role, name string }

// parties reads the party lines before the holding: 被告：郑州市金水区人民政府，住所地…
// or 被告郑州市某局。 A party line names the role first, then the party up to
// the first comma or stop.
func parties(text string) []party {
	var out []party
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '。' }) {
		line = strings.TrimSpace(line)
		for _, role := range partyRoles {
			rest, ok := strings.CutPrefix(line, role)
			if !ok {
				continue
			}
			rest = strings.TrimLeft(rest, "：: ")
			name := rest
			if i := strings.IndexAny(rest, "，,；;（("); i >= 0 {
				name = rest[:i]
			}
			if name != "" {
				out = append(out, party{role: plainRole(role), name: name})
			}
			break
		}
	}
	return out
}

// plainRole drops the first-instance role in brackets: 被上诉人（原审被告） → 被上诉人.
func plainRole(role string) string {
	if i := strings.Index(role, "（"); i > 0 {
		return role[:i]
	}
	return role
}

// withdrawRe is a holding that lets a party withdraw: 准许撤诉, 准许原告王某撤回起诉.
var withdrawRe = regexp.MustCompile(`准许[^。；\n]{0,20}?撤(诉|回)`)

// outcome reads what the holding means for the government party in role.
// The plaintiff's claims quoted earlier ("请求判决撤销…") decide nothing: only
// the holding is read.
func outcome(role, holding string) string {
	has := func(ws ...string) bool { return containsAny(holding, ws) }
	switch {
	case holding == "":
		return OutcomeUnknown
	case withdrawRe.MatchString(holding) || has("按撤诉处理", "按自动撤回上诉处理"):
		return OutcomeWithdrawn
	case role == "申请执行人" || role == "申请人":
		if has("不准予强制执行", "不准予执行", "驳回") {
			return OutcomeLost
		}
		if has("准予强制执行", "准予执行") {
			return OutcomeWon
		}
	case role == "上诉人" || role == "再审申请人":
		if has("驳回上诉", "驳回再审申请", "维持原判") {
			return OutcomeLost // its own appeal failed: the decision against it stands
		}
		if has("撤销", "改判") {
			return OutcomeWon
		}
	default: // 被告, 被上诉人, 被申请人
		if has("驳回原告", "驳回上诉", "驳回起诉", "驳回再审申请", "维持原判", "驳回申请人") && !has("确认被告", "确认被上诉人") {
			return OutcomeWon
		}
		if has("撤销", "确认", "违法", "无效", "责令", "限期", "履行", "赔偿", "返还", "支付") {
			return OutcomeLost
		}
	}
	return OutcomeUnknown
}

// governmentSuffixes end the name of a government body; a party named with
// a 郑州 unit but ending otherwise (郑州市金水区某公司) is not one.
var governmentSuffixes = []string{"人民政府", "政府", "局", "委员会", "管委会", "管理委员会", "办事处", "办公室", "中心", "大队", "支队", "厅", "委", "所", "站"}

// readJudgment reads d as a court decision, when it is one.
func (a *Analyzer) readJudgment(d document.Document) (Judgment, bool) {
	if d.Kind != "judgment" && !strings.Contains(d.Title, "判决书") && !strings.Contains(d.Title, "裁定书") {
		return Judgment{}, false
	}
	local := d.DefaultUnit != "" || a.local[d.Source]
	return ReadJudgment(d.Title, d.Text, func(name string) (string, bool) {
		if !hasSuffix(name, governmentSuffixes) || strings.Contains(name, "法院") {
			return "", false
		}
		hits := a.gaz.trie.find(name)
		us, _ := a.gaz.mentions(name, "party", hits, len(name), docAnchored(local, hits))
		if len(us) == 0 {
			return "", false
		}
		return us[0], true
	})
}

func hasSuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// judgmentResult makes a court decision's signals from its structure alone:
// an administrative case the government party lost is a 行政诉讼 failure; an
// enforcement case against it is 失信被执行. A civil or criminal case that
// merely names a bureau, and a case it won or that was withdrawn, is no
// record against it. The units are the government party's, not the court's.
func (a *Analyzer) judgmentResult(d document.Document, j Judgment, res Result) Result {
	res.Judgment = &j
	res.Units, res.Mentions, res.Signals = nil, nil, nil
	if j.Unit == "" {
		return res
	}
	res.Units = []string{j.Unit}
	m := document.Mention{Unit: j.Unit, Word: j.Party, Where: "text"}
	if i := strings.Index(d.Text, j.Party); i >= 0 {
		m.Start, m.End = i, i+len(j.Party)
	}
	res.Mentions = []document.Mention{m}
	var s Signal
	switch {
	case j.Kind == CaseAdministrative && j.Outcome == OutcomeLost:
		s = Signal{Unit: j.Unit, Category: CatLitigation, Polarity: Negative, Severity: 3}
	case j.Kind == CaseEnforcement && j.Role == "被执行人":
		s = Signal{Unit: j.Unit, Category: CatJudicial, Polarity: Negative, Severity: 4}
	default:
		return res
	}
	if i := strings.Index(d.Text, j.Holding); j.Holding != "" && i >= 0 {
		s.Where, s.Start, s.End = "text", i, i+len(j.Holding)
		s.Evidence = trimAround(j.Holding, 0)
		s.End = s.Start + min(len(j.Holding), len(s.Evidence))
		s.Evidence = d.Text[s.Start:s.End]
	} else {
		s.Evidence = j.CaseNumber + " " + j.Outcome
	}
	res.Signals = []Signal{s}
	return res
}
