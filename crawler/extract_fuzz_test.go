package crawler

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/trustwatch/trustwatch/source"
)

// FuzzExtractPage: whatever HTML a site serves, extraction never panics and
// every value it returns is valid UTF-8 with whitespace normalised, ready to
// be a document. Corpus: testdata/fuzz/FuzzExtractPage; run
// `go test -fuzz FuzzExtractPage ./crawler/`.
func FuzzExtractPage(f *testing.F) {
	f.Add(`<h1 class="title">关于<b>中牟县</b>的通报</h1><div class="info">发布时间：2026-10-03</div><div class="content"><p>正文</p></div><td id="wsh">郑〔2026〕1号</td>`)
	f.Add(`<h1 class="title"><h1 class="title">x</div><td id=wsh>` + "\x00\xff\t\n")
	f.Add(`<table><tr><td id="wsh"><script>createPageHTML(3,0,"index","html")</script></td></tr></table>`)
	d := source.Detail{Title: "h1.title", Body: "div.content", PublishedAt: "div.info", Fields: map[string]string{"文书号": "td#wsh"}, Table: "table"}
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			return
		}
		p := ExtractPage(doc.Selection, d)
		values := []string{p.Title, p.Body, p.Published}
		for _, v := range p.Fields {
			if v == "" {
				t.Fatalf("empty field kept: %+v", p.Fields)
			}
			values = append(values, v)
		}
		for _, v := range values {
			if !utf8.ValidString(v) || v != strings.Join(strings.Fields(v), " ") {
				t.Fatalf("value %q is not valid, whitespace-normalised text", v)
			}
		}
		_, _ = ParseDate(p.Published)
	})
}

// FuzzParseRecords: a JSON or CSV attachment of any shape never panics the
// parser, and every record it returns has a value for each column it lists
// at most once. Corpus: testdata/fuzz/FuzzParseRecords.
func FuzzParseRecords(f *testing.F) {
	f.Add([]byte(`{"data":{"list":[{"id":1,"t":"甲"}]}}`), true, 1)
	f.Add([]byte("清欠台账\n编号,单位\nA1,中牟县\n"), false, 2)
	f.Add([]byte("\"a\"\"b,c\n\"x"), false, 1)
	f.Fuzz(func(t *testing.T, body []byte, isJSON bool, header int) {
		format := "csv"
		if isJSON {
			format = "json"
		}
		recs, err := ParseRecords(body, format, source.Records{Path: "data.list", HeaderRow: header % 5})
		if err != nil {
			return
		}
		for _, r := range recs {
			seen := map[string]bool{}
			for _, c := range r.Columns {
				if c != "" && seen[c] && format == "json" {
					t.Fatalf("column %q listed twice in %v", c, r.Columns)
				}
				seen[c] = true
			}
			_ = r.Text()
		}
	})
}
