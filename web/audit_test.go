package web

import (
	"bytes"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/objection"
)

// TestAuditPageGolden pins the audit trail's page: an objection filed with
// a file, accepted and recomputed, as an official sees it. Before and after
// are JSON, shown as text: a "<script>" in them is escaped.
func TestAuditPageGolden(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
	trail := []objection.AuditEvent{
		{At: at.Add(2 * time.Minute), ObjectionID: "OBJ-1", Seq: 3, Event: "recomputed", UnitID: "zhongmou", Actor: "TrustWatch",
			What: "doc1 政府债务与拖欠 rectified", Why: "凭证属实", After: `[{"period":"2026-10","run_before":"r1","run_after":"r2","changes":[{"unit_id":"zhongmou","rank_before":9,"rank_after":7,"score_before":61.5,"score_after":64}]}]`},
		{At: at.Add(time.Minute), ObjectionID: "OBJ-1", Seq: 2, Event: "accepted", UnitID: "zhongmou", Actor: "评估组",
			What: "doc1 政府债务与拖欠 rectified", Why: "凭证属实", Before: `{"severity":4}`, After: `{"severity":4,"repaired_from":"2026-10-20"}`},
		{At: at, ObjectionID: "OBJ-1", Seq: 1, Event: "filed", UnitID: "zhongmou", Actor: "zhongmou", What: "doc1 政府债务与拖欠 rectified", Why: "已结清<script>alert(1)</script>", Before: `{"severity":4}`},
		{At: at, ObjectionID: "OBJ-1", Event: "file", UnitID: "zhongmou", Actor: "zhongmou", What: "凭证.pdf (application/pdf, 109 bytes, sha256 ab12)"},
	}
	data := struct {
		view
		Trail     []objection.AuditEvent
		Objection string
	}{view{Title: "异议审计记录", Nav: "objections", CSRF: "token", Now: "2026-11-02 10:05",
		User: auth.User{Name: "zhongmou", Display: "中牟县政府办", Role: auth.Official, Units: []string{"zhongmou"}}}, trail, ""}
	var b bytes.Buffer
	if err := pages["audit"].ExecuteTemplate(&b, "base", data); err != nil {
		t.Fatal(err)
	}
	golden(t, "audit.html", b.String())
}
