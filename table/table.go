// Package table lays out text tables for terminals, counting CJK characters as
// two columns so Chinese rankings and reports stay aligned.
package table

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// Table is text laid out in columns for a terminal.
type Table struct {
	Header []string
	Rows   [][]string
	Right  map[int]bool // right-align these columns (numbers)
}

// Write prints the table. Widths count CJK characters as two columns, which
// text/tabwriter does not, so Chinese tables stay aligned.
func (t Table) Write(w io.Writer) error {
	widths := make([]int, len(t.Header))
	for _, r := range append([][]string{t.Header}, t.Rows...) {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], Width(c))
			}
		}
	}
	var b strings.Builder
	t.line(&b, t.Header, widths)
	for i, wd := range widths {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(strings.Repeat("-", wd))
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		t.line(&b, r, widths)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (t Table) line(b *strings.Builder, cells []string, widths []int) {
	for i, wd := range widths {
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		pad := strings.Repeat(" ", wd-Width(c))
		if i > 0 {
			b.WriteString("  ")
		}
		if t.Right[i] {
			b.WriteString(pad + c)
		} else if i < len(widths)-1 {
			b.WriteString(c + pad)
		} else {
			b.WriteString(c)
		}
	}
	b.WriteString("\n")
}

// Width is the display width of s: CJK characters take two columns.
func Width(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// FromRows turns rows of any values into a table.
func FromRows(cols []string, rows [][]any) Table {
	t := Table{Header: cols, Right: map[int]bool{}}
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = fmt.Sprint(v)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}
