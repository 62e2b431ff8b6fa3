package classifier

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// runes is a tokenizer for tests that need no dictionary: one rune a word.
func runes(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

var toy = []Example{
	{"拖欠农民工工资", "欠薪"}, {"工地欠薪三个月", "欠薪"}, {"老板拖欠工资不给", "欠薪"},
	{"窗口推诿扯皮", "推诿"}, {"办事来回跑推诿", "推诿"}, {"工作人员推诿不办", "推诿"},
}

func TestTrainPredict(t *testing.T) {
	m, err := Train(toy, runes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{"又拖欠工资了", "欠薪"},
		{"窗口又推诿", "推诿"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			p := m.Predict(tc.text, runes)
			if p.Label != tc.want || p.Probability <= 0.5 || p.Probability > 1 {
				t.Fatalf("Predict(%q) = %+v, want %s with probability in (0.5, 1]", tc.text, p, tc.want)
			}
		})
	}
	if _, err := Train(nil, runes, Options{}); err != ErrNoData {
		t.Fatalf("Train(nil) = %v, want ErrNoData", err)
	}
}

func TestSaveLoad(t *testing.T) {
	m, _ := Train(toy, runes, Options{})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := back.Predict("拖欠工资", runes), m.Predict("拖欠工资", runes); got != want {
		t.Fatalf("loaded model predicts %+v, original %+v", got, want)
	}
	if _, err := Load(strings.NewReader(`{"version":99}`)); err == nil {
		t.Fatal("loaded a model of another format version")
	}
}

func TestEvaluate(t *testing.T) {
	var ex []Example
	for i := 0; i < 30; i++ {
		ex = append(ex, Example{fmt.Sprintf("拖欠工资第%d次", i), "欠薪"}, Example{fmt.Sprintf("窗口推诿第%d回", i), "推诿"})
	}
	r, err := Evaluate(ex, runes, Options{}, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Accuracy != 1 || r.MacroF1 != 1 || r.Confusion[0][0] != 30 || r.Confusion[1][1] != 30 {
		t.Fatalf("report %+v, want a perfect score on separable classes", r)
	}
	var out bytes.Buffer
	if err := r.Write(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "confusion matrix") {
		t.Fatalf("report text %q", out.String())
	}
	if _, err := Evaluate(ex[:3], runes, Options{}, 5, 1); err == nil {
		t.Fatal("5 folds over 3 examples accepted")
	}
}

func TestReadCSV(t *testing.T) {
	ex, err := ReadCSV("testdata/labeled.csv", "内容", "类别")
	if len(ex) != 3 {
		t.Fatalf("read %d examples, want the 3 good rows", len(ex))
	}
	for _, want := range []string{"testdata/labeled.csv:4: empty 内容 or 类别", "testdata/labeled.csv:5: empty 内容 or 类别"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to name %q", err, want)
		}
	}
	if _, err := ReadCSV("testdata/labeled.csv", "text", "类别"); err == nil || !strings.Contains(err.Error(), `"text"`) {
		t.Fatalf("missing column: got %v", err)
	}
}
