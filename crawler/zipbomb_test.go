package crawler_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/source"
)

// TestXLSXZipBomb: an "xlsx" of a few hundred kilobytes whose sheet unpacks
// to over 256 MB is refused, not read into memory (issue #9).
func TestXLSXZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	put("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	put("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := strings.Repeat(`<row><c t="inlineStr"><is><t>拖欠</t></is></c></row>`, 1000)
	for i := 0; i < 6000; i++ { // 6,000 × ~50 KB ≈ 300 MB unpacked
		io.WriteString(w, row)
	}
	io.WriteString(w, `</sheetData></worksheet>`)
	zw.Close()
	if buf.Len() > 5<<20 {
		t.Fatalf("the bomb is %d bytes packed; want it small", buf.Len())
	}
	_, err := crawler.ParseRecords(buf.Bytes(), "xlsx", source.Records{ID: "a", Title: "a", PublishedAt: "b"})
	if err == nil || !strings.Contains(err.Error(), "unpacked") {
		t.Fatalf("got %v, want the file refused for its unpacked size", err)
	}
}
