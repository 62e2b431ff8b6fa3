package sampleweb

import (
	"bytes"
	"crypto/sha1"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// recordRoutes serves the sites whose documents are records: the 清欠台账
// attachments, the 市长信箱 JSON API and the media site that reposts news.
func (s *Site) recordRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /qxzk/index.html", s.arrearsIndex)
	mux.HandleFunc("GET /qxzk/files/{file}", s.arrearsFile)
	mux.HandleFunc("POST /szxx/api/letters", s.letterAPI)
	mux.HandleFunc("GET /szxx/letter.html", s.detail)
	mux.HandleFunc("GET /dahe/{page}", s.repostList)
	mux.HandleFunc("GET /dahe/{month}/{file}", s.detail)
}

// ledgerFile is one month's ledger attachment, written once when the site is
// generated: its bytes and validator never change while it is served.
type ledgerFile struct {
	path, ctype, etag string
	body              []byte
}

// buildLedgers writes every month's ledger file, newest first.
func buildLedgers(items []*Item) ([]ledgerFile, error) {
	return buildFiles(items, func(p string, rows []*Item) ([]byte, string, error) {
		format := "xlsx"
		if strings.HasSuffix(p, ".csv") {
			format = "csv"
		}
		return ledger(rows, format)
	})
}

// buildFiles writes the attachment of each File the items are rows of,
// newest first, with its validator.
func buildFiles(items []*Item, write func(path string, rows []*Item) ([]byte, string, error)) ([]ledgerFile, error) {
	rows := map[string][]*Item{}
	var paths []string
	for _, it := range items {
		if rows[it.File] == nil {
			paths = append(paths, it.File)
		}
		rows[it.File] = append(rows[it.File], it)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(paths)))
	out := make([]ledgerFile, len(paths))
	for i, p := range paths {
		body, ctype, err := write(p, rows[p])
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", p, err)
		}
		out[i] = ledgerFile{path: p, ctype: ctype, etag: fmt.Sprintf("\"%x\"", sha1.Sum(body)), body: body}
	}
	return out, nil
}

func (s *Site) arrearsIndex(w http.ResponseWriter, r *http.Request) {
	fileIndex(w, "郑州市清理拖欠民营企业中小企业账款工作台账", s.ledgers, "/qxzk/files/qxtz-", "清欠工作台账（附件）")
}

// fileIndex lists monthly attachments named prefix+YYYYMM.ext, newest first.
func fileIndex(w http.ResponseWriter, title string, files []ledgerFile, prefix, caption string) {
	lp := listPage{Title: title, Page: 1, Pages: 1}
	dir := prefix[:strings.LastIndex(prefix, "/")+1]
	for _, f := range files {
		month := f.path[len(prefix) : len(prefix)+6]
		lp.Items = append(lp.Items, listItem{Href: "files/" + f.path[len(dir):],
			Title: fmt.Sprintf("%s年%s月%s", month[:4], month[4:], caption), Date: month[:4] + "-" + month[4:] + "-28"})
	}
	render(w, "list", lp)
}

// arrearsFile serves one month's ledger as xlsx or csv, with validators.
func (s *Site) arrearsFile(w http.ResponseWriter, r *http.Request) {
	s.serveFile(w, r, s.ledgers, "/qxzk/files/"+r.PathValue("file"))
}

// serveFile serves an attachment, answering a conditional GET of an
// unchanged one with 304.
func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, files []ledgerFile, path string) {
	i := slices.IndexFunc(files, func(f ledgerFile) bool { return f.path == path })
	if i < 0 {
		http.NotFound(w, r)
		return
	}
	f := files[i]
	s.count(path)
	w.Header().Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Write(f.body)
}

// ledgerTitle is the first row of every ledger file, above the header, as
// these files have: the crawler must be told the header is row 2.
const ledgerTitle = "郑州市清理拖欠民营企业中小企业账款工作台账"

// ledger writes the rows as an xlsx workbook or as a GB18030 csv.
func ledger(items []*Item, format string) ([]byte, string, error) {
	table := [][]string{{ledgerTitle}, ArrearsColumns}
	for _, it := range items {
		var row []string
		for _, f := range it.Fields {
			row = append(row, f.Value)
		}
		table = append(table, row)
	}
	if format == "csv" {
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		_ = cw.WriteAll(table)
		out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(buf.Bytes())
		return out, "text/csv", err
	}
	return xlsxOf(table)
}

func xlsxOf(table [][]string) ([]byte, string, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, "", err
	}
	for i, row := range table {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, "", err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil
}

// letterJSON is one letter as the 市长信箱 API returns it.
type letterJSON struct {
	LetterID     string `json:"letterId"`
	Title        string `json:"title"`
	Content      string `json:"content"`
	ToUnit       string `json:"toUnit"`
	WriteTime    string `json:"writeTime"`
	ReplyUnit    string `json:"replyUnit"`
	ReplyTime    string `json:"replyTime"`
	ReplyContent string `json:"replyContent"`
}

// letterAPI answers POST pageNo=N&pageSize=M with a page of letters, newest
// first; past the last page the list is empty, as such APIs do.
func (s *Site) letterAPI(w http.ResponseWriter, r *http.Request) {
	page, err1 := strconv.Atoi(r.PostFormValue("pageNo"))
	size, err2 := strconv.Atoi(r.PostFormValue("pageSize"))
	if err1 != nil || err2 != nil || page < 1 || size < 1 || size > 50 {
		http.Error(w, `{"code":400,"msg":"pageNo and pageSize (1-50) required"}`, http.StatusBadRequest)
		return
	}
	all := s.bySite[SiteMailbox]
	list := []letterJSON{}
	items, _ := pageOf(all, page, size)
	for _, it := range items {
		v := map[string]string{}
		for _, f := range it.Fields {
			v[f.ID] = f.Value
		}
		list = append(list, letterJSON{it.ID, it.Title, it.Body, v["toUnit"], it.Date.Format("2006-01-02 15:04"),
			v["replyUnit"], v["replyTime"], v["replyContent"]})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "data": map[string]any{"total": len(all), "pageNo": page, "list": list}})
}

// repostList serves the media site's list: index.html, index_2.html, … with next links.
func (s *Site) repostList(w http.ResponseWriter, r *http.Request) {
	n, ok := trsPage(r.PathValue("page"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	if n > 1 {
		n-- // index_2.html is page 2 here, not TRS's page 3
	}
	s.list(w, r, SiteRepost, "大河网·郑州新闻（转载）", n, func(p int) string {
		if p == 1 {
			return "index.html"
		}
		return fmt.Sprintf("index_%d.html", p)
	})
}
