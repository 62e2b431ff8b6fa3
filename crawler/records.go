package crawler

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/trustwatch/trustwatch/source"
)

// Record is one row of a table attachment or one object of a JSON API page:
// column names in their order, and values.
type Record struct {
	Columns []string
	Values  map[string]string
}

// maxRecords bounds the rows taken from one file or page: a hostile or broken
// attachment must not flood the topic.
const maxRecords = 100000

// ParseRecords reads the records of body in format (json, xlsx or csv).
func ParseRecords(body []byte, format string, rc source.Records) ([]Record, error) {
	switch format {
	case "json":
		return jsonRecords(body, rc.Path)
	case "csv":
		return csvRecords(body, rc.HeaderRow)
	case "xlsx":
		return xlsxRecords(body, rc.Sheet, rc.HeaderRow)
	}
	return nil, fmt.Errorf("parse records: unknown format %q", format)
}

func jsonRecords(body []byte, path string) ([]Record, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // ids and amounts keep their digits
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("parse json records: %w", err)
	}
	for _, key := range strings.FieldsFunc(path, func(r rune) bool { return r == '.' }) {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("parse json records: %q: not an object at %q", path, key)
		}
		v = obj[key]
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("parse json records: %q is not an array", path)
	}
	out := make([]Record, 0, min(len(arr), maxRecords))
	for i, el := range arr[:min(len(arr), maxRecords)] {
		obj, ok := el.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("parse json records: %s[%d] is not an object", path, i)
		}
		out = append(out, objectRecord(obj))
	}
	return out, nil
}

// objectRecord flattens the scalar values of a JSON object; nested values
// are kept as their JSON text. Key order is sorted: JSON objects have none.
func objectRecord(obj map[string]any) Record {
	rec := Record{Values: map[string]string{}}
	for k, v := range obj {
		rec.Columns = append(rec.Columns, k)
		switch x := v.(type) {
		case nil:
			rec.Values[k] = ""
		case string:
			rec.Values[k] = x
		case json.Number, bool:
			rec.Values[k] = fmt.Sprint(x)
		default:
			raw, _ := json.Marshal(x)
			rec.Values[k] = string(raw)
		}
	}
	slices.Sort(rec.Columns)
	return rec
}

// csvRecords reads a CSV file in UTF-8 (with or without BOM) or, as Excel
// writes it on Chinese Windows, in GB18030.
func csvRecords(body []byte, headerRow int) ([]Record, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(body) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("parse csv records: neither UTF-8 nor GB18030: %w", err)
		}
		body = dec
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1 // ragged rows are common; missing cells read as empty
	r.LazyQuotes = true
	var rows [][]string
	for len(rows) < maxRecords+headerRowOf(headerRow) {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse csv records: %w", err)
		}
		rows = append(rows, row)
	}
	return tableRecords(rows, headerRow)
}

// maxUnzipped bounds what an xlsx attachment may unpack to: a few MB of
// zip can hold gigabytes of XML (a zip bomb).
const maxUnzipped = 256 << 20

func xlsxRecords(body []byte, sheet string, headerRow int) ([]Record, error) {
	f, err := excelize.OpenReader(bytes.NewReader(body), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, fmt.Errorf("parse xlsx records (at most %d MB unpacked): %w", maxUnzipped>>20, err)
	}
	defer f.Close()
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("parse xlsx records: sheet %q: %w", sheet, err)
	}
	defer it.Close()
	// Row by row, stopping at maxRecords: GetRows would hold every row first.
	var rows [][]string
	for len(rows) < maxRecords+headerRowOf(headerRow) && it.Next() {
		row, err := it.Columns()
		if err != nil {
			return nil, fmt.Errorf("parse xlsx records: sheet %q row %d: %w", sheet, len(rows)+1, err)
		}
		rows = append(rows, row)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("parse xlsx records: sheet %q: %w", sheet, err)
	}
	return tableRecords(rows, headerRow)
}

func headerRowOf(n int) int {
	if n <= 0 {
		return 1
	}
	return n
}

// tableRecords turns rows into records named by the header row; empty rows
// (and the title rows above the header) are skipped.
func tableRecords(rows [][]string, headerRow int) ([]Record, error) {
	h := headerRowOf(headerRow)
	if len(rows) < h {
		return nil, fmt.Errorf("parse table records: header row %d, but the table has %d rows", h, len(rows))
	}
	header := make([]string, len(rows[h-1]))
	for i, c := range rows[h-1] {
		header[i] = strings.Join(strings.Fields(c), "")
	}
	var out []Record
	for _, row := range rows[h:] {
		rec := Record{Columns: header, Values: map[string]string{}}
		empty := true
		for i, name := range header {
			if i < len(row) && name != "" {
				rec.Values[name] = strings.TrimSpace(row[i])
				empty = empty && rec.Values[name] == ""
			}
		}
		if !empty {
			out = append(out, rec)
		}
	}
	return out, nil
}

var placeholderRe = regexp.MustCompile(`\{([^{}]+)\}`)

// Fill evaluates a records rule: a template with {column} placeholders, or
// else a column name.
func (rec Record) Fill(rule string) string {
	if !strings.Contains(rule, "{") {
		return rec.Values[rule]
	}
	return placeholderRe.ReplaceAllStringFunc(rule, func(m string) string { return rec.Values[m[1:len(m)-1]] })
}

// Text is every non-empty column as "name：value", joined with "；" — the body
// of a record when the source names none.
func (rec Record) Text() string {
	var parts []string
	for _, c := range rec.Columns {
		if v := rec.Values[c]; v != "" && c != "" {
			parts = append(parts, c+"："+v)
		}
	}
	return strings.Join(parts, "；")
}

// RecordDate parses a record's date: as on pages, or an Excel serial day
// number (days since 1899-12-30), which is what a date cell without a date
// format reads as.
func RecordDate(s string) (time.Time, error) {
	if n, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && n > 20000 && n < 80000 {
		day := time.Date(1899, 12, 30, 0, 0, 0, 0, Shanghai).AddDate(0, 0, int(n))
		return day.Add(time.Duration((n - float64(int(n))) * float64(24*time.Hour))).Round(time.Second), nil
	}
	return ParseDate(s)
}
