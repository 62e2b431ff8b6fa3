package chdb

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// TestAppendRowMatchesEncodingJSON: the hand-written encoder reads back as
// the same JSON values encoding/json would have written.
func TestAppendRowMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2026, 10, 3, 10, 20, 30, 123000000, time.FixedZone("CST", 8*3600))
	for _, tc := range []struct {
		name string
		v    any
		want any // what encoding/json is given, when the encoders differ in input form
	}{
		{"plain Chinese", "中牟县拖欠工程款", nil},
		{"quotes, backslash, newline, tab, CR", "a\"b\\c\nd\te\rf", nil},
		{"control characters", "x\x00y\x1fz\x7f", nil},
		{"not UTF-8", "ok\xff\xfeend", nil},
		{"emoji and U+2028", "👍\u2028", nil},
		{"time", at, at.Format(time.RFC3339Nano)},
		{"date", store.Day(at), "2026-10-03"},
		{"ints", []any{int8(-1), uint8(5), uint16(7), uint32(9), uint64(1 << 60), int64(-3), 42}, nil},
		{"floats", []any{float32(0.25), 1e-7, 12345.5}, nil},
		{"strings", []string{"a", "金水区", ""}, nil},
		{"empty strings", []string{}, nil},
		{"map", map[string]string{"答复单位": "中牟县财政局", "q\"": "v\n"}, nil},
		{"fallback type", struct{ A int }{3}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendValue(nil, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == nil {
				want = tc.v
			}
			ref, _ := json.Marshal(want)
			var a, b any
			if err := json.Unmarshal(got, &a); err != nil {
				t.Fatalf("%s is not JSON: %v", got, err)
			}
			_ = json.Unmarshal(ref, &b)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("got %s, encoding/json writes %s", got, ref)
			}
		})
	}
	if _, err := appendValue(nil, float64(0)/zero()); err == nil {
		t.Fatal("NaN: want an error")
	}
}

func zero() float64 { return 0 }

// TestInsertTrickyStrings: what goes in through the encoder comes back out
// of chDB unchanged (bad UTF-8 as U+FFFD).
func TestInsertTrickyStrings(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	in := []string{"a\"b\\c\nd\te", "x\x01y", "👍金水区", "bad\xffbyte"}
	var rows [][]any
	for i, s := range in {
		rows = append(rows, []any{string(rune('a' + i)), "v", "src", s, time.Now().UTC()})
	}
	if err := b.Insert(ctx, "trustwatch.crawl_errors", []string{"run_id", "source", "url", "reason", "at"}, rows); err != nil {
		t.Fatal(err)
	}
	tb, err := b.Select(ctx, "SELECT reason FROM trustwatch.crawl_errors ORDER BY run_id")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range tb.Rows {
		want := strings.ToValidUTF8(in[i], "\ufffd")
		if row[0] != want {
			t.Errorf("row %d: got %q, want %q", i, row[0], want)
		}
	}
}
