package report

import (
	"fmt"
	"io"

	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/table"
)

// Decisions prints why a later run differs from the published one: the
// objections accepted since, with their decision and reason.
func Decisions(w io.Writer, os []objection.Objection) error {
	fmt.Fprintf(w, "\n此后采纳的异议（%d 件）\n", len(os))
	if len(os) == 0 {
		_, err := fmt.Fprintln(w, "无：变化来自此后补充抓取的文档。")
		return err
	}
	t := table.Table{Header: []string{"异议", "单位", "记录", "决定", "理由", "决定人"}}
	for _, o := range os {
		rec := o.DocID + " " + o.Category + o.Indicator
		dec := o.Decision.Chinese()
		if o.RepairedFrom != "" {
			dec += "，自 " + o.RepairedFrom
		}
		t.Rows = append(t.Rows, []string{o.ID, o.UnitID, rec, dec, o.DecisionReason, o.DecidedBy})
	}
	return t.Write(w)
}
