package text_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/text"
)

// checkSpans asserts what issue #11 asks of every analysis: evidence is valid
// UTF-8 and a substring of the part it comes from; the cue's span slices that
// part exactly and lies inside the evidence; mentions slice their part too.
func checkSpans(t *testing.T, d document.Document) {
	t.Helper()
	res := an.Analyze(d)
	d.Title, d.Text = text.ValidUTF8(d.Title), text.ValidUTF8(d.Text) // what the spans refer to
	part := func(where string) (string, bool) {
		switch where {
		case "title":
			return d.Title, true
		case "text":
			return d.Text, true
		}
		return "", false
	}
	for _, s := range res.Signals {
		if !utf8.ValidString(s.Evidence) {
			t.Fatalf("evidence %q is not valid UTF-8 (input %q)", s.Evidence, d.Text)
		}
		p, ok := part(s.Where)
		if !ok || s.End == 0 {
			continue // a rule on fields: its evidence is written, not quoted
		}
		if s.Start < 0 || s.End > len(p) || s.Start > s.End || !utf8.ValidString(p[s.Start:s.End]) {
			t.Fatalf("span %d:%d does not slice the %s (%d bytes) at characters", s.Start, s.End, s.Where, len(p))
		}
		if !strings.Contains(p, s.Evidence) || !strings.Contains(s.Evidence, p[s.Start:s.End]) {
			t.Fatalf("evidence %q is not a substring of the %s holding the cue %q", s.Evidence, s.Where, p[s.Start:s.End])
		}
	}
	for _, m := range res.Mentions {
		p, ok := part(m.Where)
		if !ok {
			continue
		}
		if m.Start < 0 || m.End > len(p) || m.Start > m.End || p[m.Start:m.End] != m.Word {
			t.Fatalf("mention %+v does not slice the %s", m, m.Where)
		}
	}
}

func TestEvidenceIsASubstring(t *testing.T) {
	long := strings.Repeat("情况说明", 60)
	for _, tc := range []struct{ title, text string }{
		// The cut after a 3-byte 。 fell inside it and began the evidence with U+FFFD.
		{"金水区拖欠工程款", "第一句。金水区某工地拖欠农民工工资半年；第三句！"},
		{"中牟县通报", "。。拖欠工程款。"},
		{"惠济区", long + "拖欠工程款" + long},
		{"二七区", "拖欠工程款"},
		{"管城回族区 拖欠工资", " 拖欠工资 \n 推诿扯皮 "},
	} {
		checkSpans(t, docAt(tc.title, tc.text))
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"金水区某工地拖欠农民工工资。", "中牟县。。拖欠", "二七区\xff拖欠工程款", "郑州市金水区人民政府 拖欠工程款；推诿"} {
		f.Add("金水区通报", s)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		checkSpans(t, docAt(title, text))
	})
}

func docAt(title, text string) document.Document {
	at := time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)
	return document.New("s", "complaint", "http://x/"+title, title, text, at, at, nil)
}

func TestSegmentDigits(t *testing.T) {
	for in, want := range map[string]string{
		"１９９６年香港回归":  "１９９６年",
		"2026年10月9日": "2026年|10月|9日",
		"１２月３１日":     "１２月|３１日",
	} {
		got := strings.Join(an.Segment(in), "|")
		if !strings.HasPrefix(got, want) {
			t.Errorf("Segment(%q) = %s, want it to begin %s", in, got, want)
		}
	}
}
