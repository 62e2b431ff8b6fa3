package chdb

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// TestRowBinaryStoresWhatJSONStores inserts the same rows into twin copies
// of TrustWatch's tables, once in RowBinary and once as JSON, and compares
// what the engine then shows, byte for byte: strings with markup, Chinese
// and bytes that are not UTF-8, maps, arrays, times to the nanosecond,
// dates, small integers, Nullable values, Bool, and an aggregate column.
func TestRowBinaryStoresWhatJSONStores(t *testing.T) {
	b, s := migrated(t)
	ctx := context.Background()
	at := time.Date(2026, 10, 12, 2, 3, 4, 123456789, time.UTC)
	bad := "中牟县\xff\xfe拖欠"
	cases := []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"documents", []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "simhash", "ingested_at"},
			[][]any{{"d1", "v1", "src", "news", "http://x/1", "<b>标题</b>\"引号\"", bad, at, at.Add(time.Hour), map[string]string{"决定日期": "2026-10-01", "a": ""}, []string{"zhongmou", "jinshui"}, uint32(7), uint64(0xF00D000000000001), at},
				{"d2", "v1", "src", "news", "", "", "", at, at, map[string]string{}, []string{}, uint32(0), uint64(42), at}}},
		{"signals", []string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity", "evidence", "source", "kind", "event_date", "ingested_at"},
			[][]any{{"d1", "v1", "zhongmou", "政府债务与拖欠", int8(-1), uint8(4), bad, "src", "news", store.Day(at), at}}},
		{"index_indicators", []string{"run_id", "period", "unit_group", "unit_id", "dimension", "indicator", "value", "numerator", "denominator", "evidence", "credibility", "adjusted", "enough", "score", "weight", "contribution", "computed_at"},
			[][]any{{"r", "2026-10", "districts", "zhongmou", "open", "sgs", nil, 0.0, 0.0, uint32(0), 0.25, math.Pi, uint8(1), 61.5, 0.1, 1e-9, at},
				{"r", "2026-10", "districts", "jinshui", "open", "sgs", 0.75, 3.0, 4.0, uint32(4), 1.0, 0.75, uint8(0), 100.0, 0.1, 10.0, at}}},
		{"web_audit", []string{"at", "user", "role", "action", "target", "ok", "detail", "remote"},
			[][]any{{at, "pingjia", "evaluator", "login", "", true, "", "127.0.0.1"}, {at, "", "", "denied", "unit:x", false, "x", ""}}},
		{"doc_first_seen", []string{"id", "source", "first_seen"}, [][]any{{"d1", "src", at}}},
	}
	for _, c := range cases {
		t.Run(c.table, func(t *testing.T) {
			src := store.Database + "." + c.table
			for _, twin := range []string{"bin_" + c.table, "json_" + c.table} {
				if err := b.Exec(ctx, "CREATE TABLE "+store.Database+"."+twin+" AS "+src); err != nil {
					t.Fatal(err)
				}
			}
			if err := b.insertBinary(ctx, store.Database+".bin_"+c.table, c.columns, c.rows); err != nil {
				t.Fatalf("binary insert: %v", err)
			}
			if err := b.insertJSON(ctx, store.Database+".json_"+c.table, c.columns, c.rows); err != nil {
				t.Fatalf("JSON insert: %v", err)
			}
			dump := func(twin string) string {
				out, err := b.s.Query(ctx, "SELECT * FROM "+store.Database+"."+twin+" ORDER BY tuple(*)", "JSONCompactEachRow")
				if err != nil {
					t.Fatal(err)
				}
				return string(out)
			}
			bin, js := dump("bin_"+c.table), dump("json_"+c.table)
			if bin != js {
				t.Fatalf("RowBinary stored\n%s\nJSON stored\n%s", bin, js)
			}
			if n := strings.Count(bin, "\n"); n != len(c.rows) {
				t.Fatalf("%d rows stored, want %d", n, len(c.rows))
			}
		})
	}
	// Through Insert: the binary path, and nothing left in its directory.
	if err := s.Insert(ctx, store.Database+".signals", cases[1].columns, cases[1].rows); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(filepath.Join(b.s.Path(), "insert-tmp")); len(left) != 0 {
		t.Fatalf("%d files left behind", len(left))
	}
}

// TestRowBinaryFallsBack: a value RowBinary cannot place (a nil outside a
// Nullable column, a type it does not know) sends the batch the JSON way,
// which stores it; a NaN is refused either way.
func TestRowBinaryFallsBack(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	if _, err := encodeRows([]string{"String"}, [][]any{{nil}}); !errors.Is(err, errUnsupported) {
		t.Fatalf("nil in a String column: %v", err)
	}
	if _, err := encodeRows([]string{"Decimal(10, 2)"}, [][]any{{1.5}}); !errors.Is(err, errUnsupported) {
		t.Fatalf("a Decimal column: %v", err)
	}
	if _, err := encodeRows([]string{"UInt64"}, [][]any{{-1}}); !errors.Is(err, errUnsupported) {
		t.Fatalf("a negative UInt64: %v", err)
	}
	if got, err := encodeRows([]string{"UInt64"}, [][]any{{uint64(math.MaxUint64)}}); err != nil || len(got) != 8 || got[7] != 0xff {
		t.Fatalf("the largest UInt64: %x, %v", got, err)
	}
	if _, err := encodeRows([]string{"UInt8"}, [][]any{{300}}); !errors.Is(err, errUnsupported) {
		t.Fatalf("300 in a UInt8: %v", err)
	}
	cols := []string{"at", "user", "role", "action", "target", "ok", "detail", "remote"}
	if err := b.Insert(ctx, store.Database+".web_audit", cols, [][]any{{time.Now(), nil, "", "x", "", true, "", ""}}); err != nil {
		t.Fatalf("fallback insert: %v", err)
	}
	if err := b.Insert(ctx, store.Database+".index_runs", []string{"run_id", "repair_weight"}, [][]any{{"r", math.NaN()}}); err == nil {
		t.Fatal("a NaN was stored")
	}
}
