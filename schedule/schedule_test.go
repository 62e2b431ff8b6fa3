package schedule

import (
	"testing"
	"time"
)

func TestParseInShanghai(t *testing.T) {
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) // 08:00 in Zhengzhou
	for _, tc := range []struct {
		spec string
		want time.Time
	}{
		{"0 2 * * *", time.Date(2026, 10, 1, 18, 0, 0, 0, time.UTC)},            // 02:00 CST next day
		{"0 9 * * *", time.Date(2026, 10, 1, 1, 0, 0, 0, time.UTC)},             // 09:00 CST today
		{"CRON_TZ=UTC 0 2 * * *", time.Date(2026, 10, 1, 2, 0, 0, 0, time.UTC)}, // its own zone
		{"@every 6h", time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)},             // an interval has no zone
		{"0 0 5 7 *", time.Date(2027, 7, 4, 16, 0, 0, 0, time.UTC)},             // 7月5日 00:00 CST
	} {
		s, err := Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Next(from); !got.Equal(tc.want) {
			t.Errorf("%s: next after %s is %s, want %s", tc.spec, from, got.UTC(), tc.want)
		}
	}
	if _, err := Parse("every day"); err == nil {
		t.Fatal("accepted a bad spec")
	}
}
