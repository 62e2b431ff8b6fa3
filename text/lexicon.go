package text

// Categories of 政务失信, after the domains the plan (郑政文〔2017〕129号) names.
const (
	CatProcurement = "政府采购"
	CatPPP         = "政府和社会资本合作"
	CatTender      = "招标投标"
	CatInvestment  = "招商引资"
	CatDebt        = "政府债务与拖欠"
	CatStatistics  = "统计造假"
	CatGrassroots  = "街道乡镇服务"
	CatLitigation  = "行政诉讼与复议"
	CatOpenness    = "政务公开"
	CatDiligence   = "勤政与不作为"
	CatCommitment  = "承诺践诺"
	CatGeneral     = "综合"
)

// rule marks a category when any of its cues occurs in the tokens or text.
type rule struct {
	Category string
	Severity int // 1–5 when the cue reports a failure
	Cues     []string
}

// rules are tried in order; a document may match several. Cues are words the
// segmenter keeps whole (they are added to its dictionary).
var rules = []rule{
	{CatDebt, 3, []string{"拖欠", "欠薪", "讨薪", "工程款", "农民工工资", "尾款", "欠款", "账款", "保证金"}},
	{CatInvestment, 3, []string{"招商引资", "优惠政策", "不兑现", "毁约"}},
	{CatStatistics, 4, []string{"弄虚作假", "虚报", "瞒报", "统计造假", "数据造假"}},
	{CatLitigation, 3, []string{"败诉", "行政诉讼", "行政复议"}},
	{CatProcurement, 2, []string{"政府采购", "采购项目", "采购人"}},
	{CatTender, 2, []string{"招标", "投标", "中标"}},
	{CatPPP, 3, []string{"PPP", "政府和社会资本合作"}},
	{CatGrassroots, 2, []string{"便民服务中心", "街道办", "乡政府", "镇政府"}},
	{CatDiligence, 2, []string{"推诿", "不作为", "懒政", "怠政", "扯皮", "没人", "不接", "来回跑"}},
	{CatCommitment, 2, []string{"承诺", "失信", "违约"}},
}

// praiseCues make a document a 守信/表彰 record for its unit.
var praiseCues = []string{"感谢", "点赞", "表扬", "示范单位", "获评", "热情周到"}

// resolvedCues say the failure described was resolved or not found; they
// turn a report of failure into a neutral or positive record.
var resolvedCues = []string{"全面清偿", "不存在新增", "经核实不属实", "未发现拖欠", "不存在拖欠"}

// criticismCues mark an official 通报: a finding, not an allegation, so one
// step more severe.
var criticismCues = []string{"通报批评", "予以通报", "责令", "追究责任"}

// dictionaryWords are added to the segmenter so the cues stay whole.
func dictionaryWords() []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.Cues...)
	}
	out = append(out, praiseCues...)
	out = append(out, resolvedCues...)
	return append(out, criticismCues...)
}
