package crawler

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/trustwatch/trustwatch/document"
)

// Shanghai is the time zone dates are read in (document.Shanghai).
var Shanghai = document.Shanghai

var dateRe = regexp.MustCompile(`(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?`)

// ParseDate finds the first date in s, as written on Chinese sites —
// "2017年7月18日", "2017-07-18", "2017/7/18 10:20", "发布时间：2017-07-18 10:20:05",
// "[2017-07-18]" — and returns it in Asia/Shanghai.
func ParseDate(s string) (time.Time, error) {
	m := dateRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("parse date: no date in %q", s)
	}
	n := make([]int, 6)
	for i := range n {
		if m[i+1] != "" {
			n[i], _ = strconv.Atoi(m[i+1])
		}
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, fmt.Errorf("parse date: out of range in %q", s)
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, Shanghai)
	if t.Day() != n[2] {
		return time.Time{}, fmt.Errorf("parse date: no such day in %q", s)
	}
	return t, nil
}
