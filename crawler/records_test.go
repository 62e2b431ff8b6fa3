package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

func xlsxBytes(t *testing.T, sheet string, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRecords(t *testing.T) {
	ledger := [][]string{{"清欠台账"}, {"台账 编号", "欠款单位", "清偿情况"}, {"QX-1", "中牟县财政局", "逾期未清偿"}, {}, {"QX-2", "巩义市教育局"}}
	for _, tc := range []struct {
		name    string
		body    []byte
		format  string
		rules   source.Records
		want    []string // each record's Text()
		wantErr string
	}{
		{"json at a path, numbers keep digits", []byte(`{"data":{"list":[{"id":20260001234567890,"t":"甲","ok":true,"x":null},{"id":2,"t":"乙","n":{"a":1}}]}}`),
			"json", source.Records{Path: "data.list"}, []string{"id：20260001234567890；ok：true；t：甲", `id：2；n：{"a":1}；t：乙`}, ""},
		{"json top-level array", []byte(`[{"a":"1"}]`), "json", source.Records{}, []string{"a：1"}, ""},
		{"json path missing", []byte(`{"data":{}}`), "json", source.Records{Path: "data.list"}, nil, `"data.list" is not an array`},
		{"json path through a scalar", []byte(`{"data":3}`), "json", source.Records{Path: "data.list"}, nil, `not an object at "list"`},
		{"json element not an object", []byte(`{"l":[{"a":"1"},2]}`), "json", source.Records{Path: "l"}, nil, "l[1] is not an object"},
		{"json broken", []byte(`{"l":[`), "json", source.Records{Path: "l"}, nil, "parse json records"},
		{"csv utf-8 with BOM", []byte("\xef\xbb\xbf编号,单位\nA1,金水区\n"), "csv", source.Records{}, []string{"编号：A1；单位：金水区"}, ""},
		{"csv GB18030 with title row and ragged rows", gb18030(t, "清欠台账\n编号,单位,情况\nA1,中牟县,未清偿\nA2,新郑市\n"), "csv",
			source.Records{HeaderRow: 2}, []string{"编号：A1；单位：中牟县；情况：未清偿", "编号：A2；单位：新郑市"}, ""},
		{"csv header past the end", []byte("a,b\n"), "csv", source.Records{HeaderRow: 5}, nil, "header row 5, but the table has 1 rows"},
		{"xlsx, header row 2, blank row skipped, spaces in header removed", xlsxBytes(t, "台账", ledger), "xlsx", source.Records{HeaderRow: 2},
			[]string{"台账编号：QX-1；欠款单位：中牟县财政局；清偿情况：逾期未清偿", "台账编号：QX-2；欠款单位：巩义市教育局"}, ""},
		{"xlsx named sheet missing", xlsxBytes(t, "台账", ledger), "xlsx", source.Records{Sheet: "Sheet9"}, nil, `sheet "Sheet9"`},
		{"xlsx not a workbook", []byte("PK\x03\x04 not really"), "xlsx", source.Records{}, nil, "parse xlsx records"},
		{"unknown format", []byte("x"), "pdf", source.Records{}, nil, `unknown format "pdf"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := crawler.ParseRecords(tc.body, tc.format, tc.rules)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, r.Text())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("records\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestRecordFillAndDate(t *testing.T) {
	rec := crawler.Record{Columns: []string{"单位", "企业"}, Values: map[string]string{"单位": "中牟县", "企业": "某公司"}}
	for rule, want := range map[string]string{"单位": "中牟县", "{单位}拖欠{企业}账款": "中牟县拖欠某公司账款", "{缺失}": "", "无此列": ""} {
		if got := rec.Fill(rule); got != want {
			t.Errorf("Fill(%q) = %q, want %q", rule, got, want)
		}
	}
	for in, want := range map[string]string{"46298": "2026-10-03 00:00", "46298.5": "2026-10-03 12:00", "2026年10月3日": "2026-10-03 00:00"} {
		got, err := crawler.RecordDate(in)
		if err != nil || got.Format("2006-01-02 15:04") != want || got.Location() != crawler.Shanghai {
			t.Errorf("RecordDate(%q) = %v, %v; want %s in Asia/Shanghai", in, got, err, want)
		}
	}
	if _, err := crawler.RecordDate("123"); err == nil {
		t.Error("RecordDate(123): want an error, not a day in 1900")
	}

}

// BenchmarkParseRecordsXLSX reads a 5,000-row ledger workbook.
func BenchmarkParseRecordsXLSX(b *testing.B) {
	t := &testing.T{}
	rows := [][]string{{"清欠台账"}, {"台账编号", "欠款单位", "债权企业", "欠款金额（万元）", "约定清偿日期", "清偿情况", "公示日期"}}
	for i := 0; i < 5000; i++ {
		rows = append(rows, []string{fmt.Sprintf("QX-%05d", i), "中牟县住房和城乡建设局", "河南建业建筑工程有限公司", "120", "2026年8月31日", "逾期未清偿", "2026年10月15日"})
	}
	body := xlsxBytes(t, "台账", rows)
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs, err := crawler.ParseRecords(body, "xlsx", source.Records{HeaderRow: 2})
		if err != nil || len(recs) != 5000 {
			b.Fatalf("%d records, %v", len(recs), err)
		}
	}
	b.ReportMetric(float64(5000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestLedgerRowUpdated: next month's ledger repeats a row with 清偿情况
// changed. The row is published again as a new version of the same document;
// the unchanged row is not published again.
func TestLedgerRowUpdated(t *testing.T) {
	files := map[string]string{
		"/qx/202609.csv": "编号,单位,情况,日期\nQX-1,中牟县财政局,逾期未清偿,2026年9月15日\nQX-2,新郑市教育局,已全额清偿,2026年9月16日\n",
		"/qx/202610.csv": "编号,单位,情况,日期\nQX-1,中牟县财政局,已全额清偿,2026年9月15日\nQX-2,新郑市教育局,已全额清偿,2026年9月16日\n",
	}
	month := "202609"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/qx/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<ul class="list"><li><a href="%s.csv">台账</a></li></ul>`, month)
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		fmt.Fprint(w, files[r.URL.Path])
	}))
	defer srv.Close()
	src := source.Source{ID: "qx", Kind: source.KindProcurement, StartURLs: []string{srv.URL + "/qx/"}, AllowPrivate: true,
		List: source.List{Item: "ul.list a"}, Detail: source.Detail{Format: "csv"},
		Records: source.Records{ID: "编号", Title: "{单位}账款{情况}", PublishedAt: "日期"}}
	if ps := src.Validate(nil); len(ps) > 0 {
		t.Fatal(ps)
	}
	st, _ := crawler.OpenState(filepath.Join(t.TempDir(), "state.json"))
	crawl := func() map[string]document.Document {
		out := &sink{docs: map[string]document.Document{}}
		c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish, State: st})
		if _, err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return out.docs
	}
	first := crawl()
	month = "202610"
	second := crawl()
	id := document.RecordID("qx", "QX-1")
	if len(first) != 2 || len(second) != 1 || second[id].Title != "中牟县财政局账款已全额清偿" || second[id].Version == first[id].Version {
		t.Fatalf("first crawl %d documents, second %d (%+v); want 2, then QX-1 alone as a new version", len(first), len(second), second)
	}
}

// TestRenamedColumnsUnhealthy: a ledger whose id column was renamed yields no
// document and flags the source, saying why.
func TestRenamedColumnsUnhealthy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/qx/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<ul class="list"><li><a href="a.csv">台账</a></li></ul>`)
			return
		}
		fmt.Fprint(w, "序号,单位,日期\n1,中牟县,2026年9月15日\n2,新郑市,2026年9月16日\n")
	}))
	defer srv.Close()
	src := source.Source{ID: "qx", Kind: source.KindProcurement, StartURLs: []string{srv.URL + "/qx/"}, AllowPrivate: true,
		List: source.List{Item: "ul.list a"}, Detail: source.Detail{Format: "csv"},
		Records: source.Records{ID: "编号", Title: "{单位}", PublishedAt: "日期"}}
	out := &sink{docs: map[string]document.Document{}}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sr := rep.Sources[0]
	if len(out.docs) != 0 || sr.Healthy || !strings.Contains(sr.Health, "records rules found no id or title in 2 of 2 records") || sr.Errors != 2 {
		t.Fatalf("%d documents, health %q, %d errors; want none, unhealthy (columns renamed), 2 errors", len(out.docs), sr.Health, sr.Errors)
	}
}

// TestJSONAPITemplatePaging: a GET API paged by ?page={n} is read until a
// page returns no records; each record links to its own page.
func TestJSONAPITemplatePaging(t *testing.T) {
	var mu sync.Mutex
	pages := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		pages++
		mu.Unlock()
		n := r.URL.Query().Get("page")
		if n == "" {
			n = "1"
		}
		w.Header().Set("Content-Type", "application/json")
		if n > "3" {
			fmt.Fprint(w, `{"rows":[]}`)
			return
		}
		fmt.Fprintf(w, `{"rows":[{"id":"%sa","t":"甲%s","d":"2026-10-0%s"},{"id":"%sb","t":"乙%s","d":"2026-10-0%s"}]}`, n, n, n, n, n, n)
	}))
	defer srv.Close()
	src := source.Source{ID: "api", Kind: source.KindNews, StartURLs: []string{srv.URL + "/api"}, AllowPrivate: true,
		List:    source.List{Format: "json", Pagination: "template", Template: "api?page={n}", FirstPage: 2},
		Records: source.Records{Path: "rows", ID: "id", Title: "t", PublishedAt: "d", Link: "/item/{id}.html"}}
	if ps := src.Validate(nil); len(ps) > 0 {
		t.Fatal(ps)
	}
	out := &sink{docs: map[string]document.Document{}}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := out.docs[document.RecordID("api", "3b")]
	mu.Lock()
	defer mu.Unlock()
	if len(out.docs) != 6 || pages != 4 || rep.Errors != 0 || d.URL != srv.URL+"/item/3b.html" || d.Title != "乙3" {
		t.Fatalf("%d documents from %d pages (%d errors), 3b = %+v; want 6 from 3 pages + 1 empty, linked to /item/3b.html", len(out.docs), pages, rep.Errors, d)
	}
}
