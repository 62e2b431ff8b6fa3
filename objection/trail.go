package objection

import (
	"context"
	"fmt"
	stdhtml "html"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// The audit trail of objections, and the mail telling a filer the outcome.

// AuditEvent is one line of the audit trail (v_objection_audit): an event
// of an objection or a file received.
type AuditEvent struct {
	At          time.Time `json:"at"`
	ObjectionID string    `json:"objection_id"`
	Seq         int       `json:"seq"`
	Event       string    `json:"event"` // filed, file, accepted, rejected, recomputed
	UnitID      string    `json:"unit_id"`
	Actor       string    `json:"actor"`
	What        string    `json:"what"`
	Why         string    `json:"why"`
	Before      string    `json:"before"`
	After       string    `json:"after"`
}

// Trail reads the audit trail, newest first: of one unit's objections
// (unitID), of one objection (id), or all ("" for both); at most limit rows.
func (s *Service) Trail(ctx context.Context, unitID, id string, limit int) ([]AuditEvent, error) {
	where := []string{"1"}
	if unitID != "" {
		where = append(where, "unit_id = "+store.Quote(unitID))
	}
	if id != "" {
		where = append(where, "objection_id = "+store.Quote(id))
	}
	var out []AuditEvent
	q := fmt.Sprintf(`SELECT at, objection_id, seq, toString(event) AS event, unit_id, actor, what, why, before, after
FROM trustwatch.v_objection_audit WHERE %s ORDER BY at DESC, objection_id, seq DESC LIMIT %d`, strings.Join(where, " AND "), limit)
	if err := s.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read the audit trail: %w", err)
	}
	return out, nil
}

// Mail is the message telling the filer an objection's outcome.
func Mail(o Objection, to string, now time.Time) alerts.Message {
	outcome := map[Decision]string{Withdraw: "予以采纳：该记录撤销，不再计入评价", Reassign: "予以采纳：该记录改归 " + o.ToUnit,
		Lower: fmt.Sprintf("予以采纳：严重程度调整为 %d", o.ToSeverity), Repaired: "予以采纳：该记录自 " + o.RepairedFrom + " 起标记为已整改（信用修复），此后开始的统计期按指标体系的修复规则减轻或不再计入"}[o.Decision]
	if o.State == Rejected {
		outcome = "不予采纳，原记录继续计入评价"
	}
	subject := fmt.Sprintf("【异议处理结果】%s：%s", o.ID, outcome)
	text := fmt.Sprintf("异议编号：%s\n单位：%s\n记录：%s（%s）\n请求：%s\n理由：%s\n\n处理结果：%s\n决定理由：%s\n决定人：%s\n\n依据《郑州市加强政务诚信建设实施方案》（郑政文〔2017〕129号）第八条。受影响的统计期已重新计算，更正前后的排名均可在评估工作台查看。\n",
		o.ID, o.UnitID, o.DocID, o.Category+o.Indicator, Actions[o.Action], o.Reason, outcome, o.DecisionReason, o.DecidedBy)
	html := "<pre style=\"font-family:sans-serif\">" + stdhtml.EscapeString(text) + "</pre>"
	return alerts.Message{ID: "objection-" + o.ID + "-" + o.State, To: []string{to}, Subject: subject, Text: text, HTML: html, Created: now}
}

// AcceptedSince lists the objections accepted after a run was computed
// whose record is dated before the period's end: those that can have
// changed the period's ranking since that run.
func AcceptedSince(ctx context.Context, st *store.Store, p period.Period, runID string) ([]Objection, error) {
	var out []Objection
	q := fmt.Sprintf(`SELECT %s FROM trustwatch.v_objections
WHERE state = 'accepted' AND at > (SELECT max(computed_at) FROM trustwatch.index_runs WHERE run_id = %s)
  AND toDateOrNull(JSONExtractString(before, 'event_date')) < toDate(%s)
ORDER BY at, objection_id`, selectColumns, store.Quote(runID), store.Quote(p.End.Format("2006-01-02")))
	if err := st.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read objections accepted since %s: %w", runID, err)
	}
	return out, nil
}
