package table

import (
	"strings"
	"testing"
)

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{{"abc", 3}, {"金水区", 6}, {"第1名", 5}, {"（阈值）", 8}, {"", 0}} {
		if got := Width(tc.in); got != tc.want {
			t.Errorf("Width(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestAligned(t *testing.T) {
	var b strings.Builder
	tb := Table{Header: []string{"单位", "指数"}, Rows: [][]string{{"金水区", "12.0"}, {"管城回族区", "87.0"}}, Right: map[int]bool{1: true}}
	if err := tb.Write(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for _, l := range lines[1:] {
		if Width(l) != Width(lines[0]) {
			t.Fatalf("line %q is %d columns wide, header %d:\n%s", l, Width(l), Width(lines[0]), b.String())
		}
	}
}
