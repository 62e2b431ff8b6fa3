package text_test

import (
	"testing"

	"github.com/trustwatch/trustwatch/text"
)

// TestRealTextShapes: shapes of real complaints that the development set did
// not show (issue #11 rules 4 and 5), each made up in the same shape.
func TestRealTextShapes(t *testing.T) {
	for _, tc := range []struct {
		name, title, text string
		want              int
		category          string // a signal of this category is expected when set
	}{
		{"a courtesy closing a complaint is not praise", "中牟县小区停暖问题",
			"中牟县某小区停暖一个月，多次反映迟迟不予解决……在此万分感谢！", text.Negative, "公共服务保障"},
		{"满意度 in a question is not praise", "金水区某街道办事效率",
			"金水区某街道办事处推诿扯皮，请问领导如何提高老百姓的满意度？", text.Negative, "勤政与不作为"},
		{"满意度 lowered is a failure", "惠济区某部门不作为", "惠济区某部门不作为，降低群众满意度。", text.Negative, ""},
		{"满意度 alone is neutral", "二七区开展满意度调查", "二七区开展政务服务满意度调查。", text.Neutral, ""},
		{"a thank-you letter is praise", "感谢金水区人社局帮我们讨回工资",
			"工资被拖欠后，金水区人社局一周内帮我们全部讨回，感谢政府！", text.Positive, ""},
		{"thanks in a text is a courtesy, not praise", "管城回族区便民服务中心",
			"请问管城回族区便民服务中心周末上班吗？谢谢。", text.Neutral, ""},
		{"heating cut is a public-service failure", "新郑市某小区停暖", "新郑市某小区至今没有来电，停暖三天无人处理。", text.Negative, "公共服务保障"},
		{"gas supply", "荥阳市某社区一直无法供气", "荥阳市某社区一直无法供气，踢皮球。", text.Negative, "公共服务保障"},
		{"a reply without substance", "上街区信访答复敷衍", "上街区信访局答复敷衍，反映的问题石沉大海。", text.Negative, "勤政与不作为"},
		{"a property company's failure is not the government's", "金水区某小区物业不作为", "金水区某小区物业不作为，电梯坏了一个月。", text.Neutral, ""},
		{"a developer's arrears are not the government's", "二七区某楼盘开发商拖欠工程款", "二七区某楼盘开发商拖欠工程款。", text.Neutral, ""},
		{"unless the government failed too", "二七区某楼盘开发商拖欠工程款",
			"二七区某楼盘开发商拖欠工程款，多次反映无人处理，监管不到位。", text.Negative, ""},
		{"the property company and a bureau in one sentence", "中原区某小区停水",
			"中原区某小区物业停水三天，住建局推诿。", text.Negative, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := an.Analyze(docAt(tc.title, tc.text))
			if got := docPolarity(res.Signals); got != tc.want {
				t.Fatalf("polarity %d, want %d: %+v", got, tc.want, res.Signals)
			}
			if tc.category == "" {
				return
			}
			for _, s := range res.Signals {
				if s.Category == tc.category {
					return
				}
			}
			t.Fatalf("no %s signal in %+v", tc.category, res.Signals)
		})
	}
}
