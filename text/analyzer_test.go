package text_test

import (
	"os"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/text"
)

var (
	cfg *config.Config
	an  *text.Analyzer
)

func TestMain(m *testing.M) {
	var err error
	cfg, err = config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		panic(err)
	}
	var local []string
	for _, s := range cfg.Loaded.Sources {
		local = append(local, s.ID)
	}
	if an, err = text.NewWithOptions(text.Options{Units: cfg.Loaded.Units, Lexicon: cfg.Loaded.Lexicon, Local: append(local, "s", "dev")}); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func doc(kind, title, body string, fields map[string]string) document.Document {
	t := time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)
	return document.New("s", kind, "http://x/"+title, title, body, t, t, fields)
}

func TestAnalyze(t *testing.T) {
	for _, tc := range []struct {
		name         string
		d            document.Document
		wantUnits    []string
		wantCategory string
		wantPolarity int
	}{
		{"addressed unit wins over places in text",
			doc("complaint", "花园路街道工地拖欠农民工工资", "我们在花园路街道干活，二七区的老板一直不给钱。", map[string]string{"留言对象": "郑州市金水区人民政府"}),
			[]string{"jinshui"}, text.CatDebt, text.Negative},
		{"street maps to its district",
			doc("complaint", "须水街道便民服务中心推诿", "办事来回跑了三趟。", nil),
			[]string{"zhongyuan"}, text.CatGrassroots, text.Negative},
		{"郑东新区 streets belong to 郑东新区",
			doc("complaint", "龙子湖街道拖欠工程款", "工程款一直没有支付。", nil),
			[]string{"zhengdong"}, text.CatDebt, text.Negative},
		{"praise is positive even when it mentions arrears",
			doc("complaint", "表扬惠济区人社局", "工资被拖欠后，惠济区人社局一周内帮我们全部讨回，感谢政府。", nil),
			[]string{"huiji"}, text.CatDebt, text.Positive},
		{"resolved arrears are not a failure",
			doc("news", "巩义市全面清偿拖欠农民工工资", "经核实不存在新增拖欠问题。", nil),
			[]string{"gongyi"}, text.CatDebt, text.Positive},
		{"中原 alone is not 中原区",
			doc("news", "中原大地拖欠问题", "中原地区企业反映拖欠。", nil),
			nil, "", 0},
		{"negated arrears are not a failure",
			doc("news", "登封市开展欠薪排查", "登封市对在建项目逐一排查，未发现拖欠农民工工资问题。", nil),
			[]string{"dengfeng"}, text.CatDebt, text.Positive},
		{"negation before a cue cancels it",
			doc("complaint", "感觉新密市办事慢", "新密市窗口没有推诿，但排队时间长。", nil),
			[]string{"xinmi"}, "", 0},
		{"paid back after a gap: resolved",
			doc("news", "荥阳市回应工程款问题", "荥阳市已于10月8日全部结清所欠工程款。", nil),
			[]string{"xingyang"}, text.CatDebt, text.Positive},
		{"a unit listed as a judgment debtor",
			doc("judgment", "关于中牟县某局被列为失信被执行人的情况", "中牟县某局拒不履行生效判决，被法院列入失信被执行人名单。", nil),
			[]string{"zhongmou"}, "司法失信与失信被执行", text.Negative},
		{"a place named after a district is not the district",
			doc("complaint", "二七广场附近拖欠工资", "在二七广场附近的工地干活，老板拖欠工资。", map[string]string{"留言对象": "郑州市管城回族区人民政府"}),
			[]string{"guancheng"}, text.CatDebt, text.Negative},
		{"a bare bureau belongs to the district named with it",
			doc("complaint", "惠济区财政局拖欠尾款", "惠济区财政局采购项目验收后尾款一年未付。", nil),
			[]string{"huiji"}, text.CatDebt, text.Negative},
		{"the signature is not the party concerned",
			doc("news", "关于某项目拖欠工程款问题的通报", "经查，新郑市存在拖欠企业工程款问题，予以通报批评。\n郑州市金水区人民政府办公室\n2026年10月8日", nil),
			[]string{"xinzheng"}, text.CatDebt, text.Negative},
		{"a department without a district takes the source's unit",
			withDefault(doc("complaint", "县财政局拖欠工程款", "县财政局拖欠工程款两年。", nil), "zhongmou"),
			[]string{"zhongmou"}, text.CatDebt, text.Negative},
		{"several units in one text",
			doc("news", "关于两地拖欠农民工工资问题的通报", "巩义市、荥阳市存在拖欠农民工工资问题。", nil),
			[]string{"gongyi", "xingyang"}, text.CatDebt, text.Negative},
		{"official 通报 of statistics fraud",
			doc("news", "关于新密市统计数据弄虚作假问题的通报", "市政府决定对新密市予以通报批评。", nil),
			[]string{"xinmi"}, text.CatStatistics, text.Negative},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := an.Analyze(tc.d)
			if !equal(res.Units, tc.wantUnits) {
				t.Fatalf("units = %v, want %v (segments %v)", res.Units, tc.wantUnits, an.Segment(tc.d.Title))
			}
			if tc.wantCategory == "" {
				if tc.wantPolarity == 0 && len(res.Signals) > 0 {
					t.Fatalf("signals = %+v, want none", res.Signals)
				}
				return
			}
			if len(res.Signals) == 0 || res.Signals[0].Category != tc.wantCategory || res.Signals[0].Polarity != tc.wantPolarity {
				t.Fatalf("signals = %+v, want first %s with polarity %d", res.Signals, tc.wantCategory, tc.wantPolarity)
			}
		})
	}
}

func TestMentions(t *testing.T) {
	res := an.Analyze(doc("news", "关于两地拖欠工资的通报", "巩义市、荥阳市存在拖欠问题。", nil))
	want := []document.Mention{
		{Unit: "gongyi", Word: "巩义市", Where: "text", Start: 0, End: 9},
		{Unit: "xingyang", Word: "荥阳市", Where: "text", Start: 12, End: 21},
	}
	if len(res.Mentions) != 2 || res.Mentions[0] != want[0] || res.Mentions[1] != want[1] {
		t.Fatalf("mentions %+v, want %+v", res.Mentions, want)
	}
	text := "巩义市、荥阳市存在拖欠问题。"
	if m := res.Mentions[1]; text[m.Start:m.End] != m.Word {
		t.Fatalf("span %d:%d is %q, want %q", m.Start, m.End, text[m.Start:m.End], m.Word)
	}
}

func withDefault(d document.Document, unit string) document.Document {
	d.DefaultUnit = unit
	return d
}

func TestLatePublication(t *testing.T) {
	for _, tc := range []struct {
		name            string
		decided, posted string
		late            bool
	}{
		{"same week", "2026年11月6日", "2026年11月9日", false},
		{"exactly 7 working days", "2026年11月6日", "2026年11月17日", false},
		{"8 working days", "2026年11月6日", "2026年11月18日", true},
		// 国庆 2026: 10-1..10-7 off, 10-10 (Saturday) a make-up day.
		{"13 calendar days across 国庆, 5 working days", "2026年9月29日", "2026年10月12日", false},
		{"the make-up Saturday counts", "2026年9月30日", "2026年10月13日", false},
		{"8 working days across 国庆", "2026年9月28日", "2026年10月15日", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := doc("disclosure", "金水区市场监督管理局关于某公司的行政处罚决定", "处罚。",
				map[string]string{"决定机关": "金水区市场监督管理局", "决定日期": tc.decided, "公示日期": tc.posted})
			res := an.Analyze(d)
			got := len(res.Signals) == 1 && res.Signals[0].Category == text.CatOpenness
			if got != tc.late {
				t.Fatalf("late = %v (signals %+v), want %v", got, res.Signals, tc.late)
			}
		})
	}
}

// TestSampleWebTruth checks attribution and polarity against the sample
// web's ground truth: every generated page names its unit (or none, for
// the city's own catalogue), and pages that
// record 政务失信 must yield a negative signal, the others none.
func TestSampleWebTruth(t *testing.T) {
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked()})
	if err != nil {
		t.Fatal(err)
	}
	var wrongUnit, wrongPolarity int
	for _, it := range site.Items() {
		fields := map[string]string{}
		for _, f := range it.Fields {
			fields[f.Name] = f.Value
		}
		res := an.Analyze(document.New("s", kindOf(it.Site), "http://x"+it.Path, it.Title, it.Body, it.Date, it.Date, fields))
		// A page about no unit (the city's own 权责清单 catalogue) must name none.
		if it.Unit == "" && len(res.Units) > 0 || it.Unit != "" && (len(res.Units) == 0 || res.Units[0] != it.Unit) {
			wrongUnit++
			t.Logf("unit: %s → %v, want %q", it.Title, res.Units, it.Unit)
		}
		if hasNegative(res.Signals) != it.Bad {
			wrongPolarity++
			t.Logf("polarity: %s → %+v, want bad=%v", it.Title, res.Signals, it.Bad)
		}
	}
	n := len(site.Items())
	t.Logf("%d pages: attribution %d wrong, polarity %d wrong", n, wrongUnit, wrongPolarity)
	if wrongUnit > 0 || wrongPolarity > 0 {
		t.Fatalf("attribution %d/%d wrong, polarity %d/%d wrong; want none on generated pages", wrongUnit, n, wrongPolarity, n)
	}
}

func kindOf(site string) string {
	return map[string]string{sampleweb.SiteDisclosure: "disclosure", sampleweb.SiteComplaint: "complaint", sampleweb.SiteNews: "news"}[site]
}

func hasNegative(ss []text.Signal) bool {
	for _, s := range ss {
		if s.Polarity == text.Negative {
			return true
		}
	}
	return false
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
