package exchange

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the golden file (go test ./exchange -update rewrites it):\n%s", name, got)
	}
}

// TestLoad: a half-year's records from stored signals. An official record
// and its repost are one record; a complaint and a minor news item are not
// records; a record of July is another period's. Accepted objections show
// in the status: withdrawn (kept, so a receiver can retract it),
// re-attributed (the new unit, the old one said), lowered, repaired; a
// rejected objection leaves the record valid. Then the CSV and JSON of
// those records, and the data dictionary, are pinned by golden files.
func TestLoad(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	type sig struct {
		doc, unit, category, kind, day string
		severity                       int
	}
	sigs := []sig{
		{"d1", "zhongmou", "统计造假", "news", "2026-03-02", 5}, {"d1r", "zhongmou", "统计造假", "news", "2026-03-03", 5}, // d1r reposts d1
		{"d2", "huiji", "政府债务与拖欠", "news", "2026-04-01", 4},
		{"d3", "jinshui", "行政诉讼败诉", "judgment", "2026-05-01", 4},
		{"d4", "erqi", "政府债务与拖欠", "news", "2026-05-02", 5},
		{"d5", "xingyang", "政务公开", "disclosure", "2026-06-01", 4},
		{"d6", "gongyi", "招商引资", "news", "2026-06-02", 4},
		{"c1", "zhongmou", "勤政与不作为", "complaint", "2026-03-05", 4}, // a complaint: not a record
		{"n1", "zhongmou", "勤政与不作为", "news", "2026-03-06", 2},      // minor: not a record
		{"j1", "zhongmou", "统计造假", "news", "2026-07-01", 5},        // the next half-year
	}
	var docs, signals [][]any
	for _, x := range sigs {
		day, _ := time.Parse("2006-01-02", x.day)
		docs = append(docs, []any{x.doc, "v1", "src-" + x.kind, x.kind, "http://sample/" + x.doc, "标题" + x.doc, "正文", day, day, map[string]string{}, []string{x.unit}, uint32(1), now})
		signals = append(signals, []any{x.doc, "v1", x.unit, x.category, int8(-1), uint8(x.severity), "证据" + x.doc, "src-" + x.kind, x.kind, store.Day(day), now})
	}
	ins := func(table string, cols []string, rows [][]any) {
		t.Helper()
		if err := s.Insert(ctx, store.Database+"."+table, cols, rows); err != nil {
			t.Fatal(err)
		}
	}
	ins("documents", []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}, docs)
	ins("signals", []string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity", "evidence", "source", "kind", "event_date", "ingested_at"}, signals)
	ins("document_events", []string{"doc_id", "event_id", "computed_at"}, [][]any{{"d1", "d1", now}, {"d1r", "d1", now}})
	repaired := store.Day(time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC))
	ins("objection_events", []string{"objection_id", "seq", "event", "state", "unit_id", "doc_id", "category", "decision", "to_unit", "to_severity", "repaired_from", "decided_by", "at"}, [][]any{
		{"OBJ-2", uint16(2), "accepted", "accepted", "huiji", "d2", "政府债务与拖欠", "withdraw", "", uint8(0), store.Day(time.Time{}), "评估组", now},
		{"OBJ-3", uint16(2), "accepted", "accepted", "jinshui", "d3", "行政诉讼败诉", "reassign", "zhengdong", uint8(0), store.Day(time.Time{}), "评估组", now},
		{"OBJ-4", uint16(2), "accepted", "accepted", "erqi", "d4", "政府债务与拖欠", "lower", "", uint8(3), store.Day(time.Time{}), "评估组", now},
		{"OBJ-5", uint16(2), "accepted", "accepted", "xingyang", "d5", "政务公开", "rectified", "", uint8(0), repaired, "评估组", now},
		{"OBJ-6", uint16(2), "rejected", "rejected", "gongyi", "d6", "招商引资", "", "", uint8(0), store.Day(time.Time{}), "评估组", now},
	})
	h1 := period.Of(period.Half, 2026, 1)
	rs, err := Load(ctx, s, cfg.Loaded.Units, h1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Record{}
	for _, r := range rs {
		got[r.UnitID+"/"+r.Status] = r
	}
	want := []string{"zhongmou/有效", "huiji/已撤销", "zhengdong/已更正（改归）", "erqi/已更正（降级）", "xingyang/已信用修复", "gongyi/有效"}
	if len(rs) != len(want) {
		t.Fatalf("%d records, want %d: %+v", len(rs), len(want), rs)
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Fatalf("no record %s in %+v", k, rs)
		}
	}
	if r := got["zhongmou/有效"]; r.Date != "2026-03-02" || r.AreaCode != "410122" || r.UnitKind != "县（市、区）政府" {
		t.Fatalf("the event's record: %+v; want the original's day", r)
	}
	if r := got["zhengdong/已更正（改归）"]; r.FromUnit != "jinshui" || r.ObjectionID != "OBJ-3" {
		t.Fatalf("re-attributed: %+v", r)
	}
	if r := got["erqi/已更正（降级）"]; r.Severity != 3 || r.FromSeverity != 5 {
		t.Fatalf("lowered: %+v", r)
	}
	if r := got["xingyang/已信用修复"]; r.RepairedFrom != "2026-06-20" {
		t.Fatalf("repaired: %+v", r)
	}
	if r := got["gongyi/有效"]; r.ObjectionID != "" {
		t.Fatalf("a rejected objection shows: %+v", r)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, rs); err != nil {
		t.Fatal(err)
	}
	golden(t, "records.csv", b.Bytes())
	b.Reset()
	if err := WriteJSON(&b, h1, time.Date(2026, 7, 5, 6, 0, 0, 0, time.UTC), rs); err != nil {
		t.Fatal(err)
	}
	golden(t, "records.json", b.Bytes())
	b.Reset()
	if err := WriteDictionary(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "dictionary.csv", b.Bytes())
}

// TestDocumented: docs/records-format.md lists every field, in order, with
// its type, and names the version.
func TestDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/records-format.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if !bytes.Contains(b, []byte("version "+Version)) {
		t.Fatalf("docs/records-format.md does not name version %s", Version)
	}
	at := 0
	for i, f := range Fields {
		line := fmt.Sprintf("| %d | %s | %s |", i+1, f.Name, f.Type)
		j := strings.Index(doc, line)
		if j < at {
			t.Fatalf("docs/records-format.md: %q missing or out of order", line)
		}
		at = j
	}
}
