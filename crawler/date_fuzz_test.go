package crawler

import (
	"testing"
)

// FuzzParseDate: ParseDate never panics, and a date it accepts survives a
// round trip through its own formats. The seed corpus is in
// testdata/fuzz/FuzzParseDate; run `go test -fuzz FuzzParseDate ./crawler/`.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2017年7月18日", "发布时间：2017-07-18 10:20:05", "[2017/7/18]", "2017.07.18", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			return
		}
		for _, layout := range []string{"2006年1月2日 15:04:05", "2006-01-02 15:04:05", "2006/1/2 15:04:05"} {
			again, err := ParseDate(got.Format(layout))
			if err != nil || !again.Equal(got) {
				t.Fatalf("ParseDate(%q) = %v; its %q form parses to %v, %v", s, got, layout, again, err)
			}
		}
		if got.Location().String() != Shanghai.String() || got.Year() < 0 {
			t.Fatalf("ParseDate(%q) = %v, want a time in Asia/Shanghai", s, got)
		}
	})
}
