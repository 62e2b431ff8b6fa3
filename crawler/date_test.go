package crawler

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     time.Time
		bad      bool
	}{
		{name: "chinese", in: "2017年7月18日", want: time.Date(2017, 7, 18, 0, 0, 0, 0, Shanghai)},
		{name: "iso", in: "2017-07-18", want: time.Date(2017, 7, 18, 0, 0, 0, 0, Shanghai)},
		{name: "slashes with time", in: "2017/7/18 10:20", want: time.Date(2017, 7, 18, 10, 20, 0, 0, Shanghai)},
		{name: "label and seconds", in: "发布时间：2017-07-18 10:20:05　来源：信用郑州", want: time.Date(2017, 7, 18, 10, 20, 5, 0, Shanghai)},
		{name: "brackets", in: "[2017-07-18]", want: time.Date(2017, 7, 18, 0, 0, 0, 0, Shanghai)},
		{name: "no date", in: "来源：郑州市人民政府", bad: true},
		{name: "no such day", in: "2017-02-30", bad: true},
		{name: "month 13", in: "2017-13-01", bad: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if tc.bad {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}
