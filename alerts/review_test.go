package alerts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/objection"
)

// TestReviewOverdue: an objection filed on 2026-10-28 is due in 10 working
// days (2026-11-11). Until then no warning; the day after, the evaluators
// are warned — one working day late — and nobody else; once decided, the
// warning resolves.
func TestReviewOverdue(t *testing.T) {
	now := time.Date(2026, 10, 28, 2, 0, 0, 0, time.UTC)
	h := newHarness(t, []rule.Rule{{Name: "异议审核逾期", Kind: rule.Review, Level: rule.Yellow}}, now)
	insertDoc(t, h.s, "arrears1", "12345", "complaint", "中牟县拖欠工程款", now.AddDate(0, 0, -5), nil, []string{"zhongmou"}, sig{"zhongmou", "政府债务与拖欠", 3})
	svc, err := objection.New(objection.Options{Store: h.s, Units: h.cfg.Loaded.Units, Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	o, err := svc.File(ctx, objection.Objection{UnitID: "zhongmou", DocID: "arrears1", Category: "政府债务与拖欠", Action: objection.Rectified,
		Reason: "已结清", FiledBy: "中牟县政府办"}, nil)
	if err != nil || o.Due != "2026-11-11" {
		t.Fatalf("filed %+v, %v; want due 2026-11-11", o, err)
	}
	h.clock.Add(14 * 24 * time.Hour) // 11-11, the last day of review
	if res := h.tick(); len(res.Raised) != 0 {
		t.Fatalf("raised on the due day: %+v", res.Raised)
	}
	h.clock.Add(24 * time.Hour) // 11-12
	res := h.tick()
	if len(res.Raised) != 1 {
		t.Fatalf("raised %+v; want the overdue review", res.Raised)
	}
	w := res.Raised[0]
	if w.UnitID != "" || w.Key != o.ID || w.Value != 1 || !strings.Contains(w.Summary, "中牟县的异议 "+o.ID) || !strings.Contains(w.Summary, "审核期限 2026-11-11 已过") {
		t.Fatalf("warning %+v; want about no unit, keyed by the objection, 1 working day late", w)
	}
	h.clock.Add(11 * time.Second) // the group wait
	h.tick()
	if got := h.mail("eval"); len(got) != 1 || !strings.Contains(got[0].Subject, "异议审核逾期") {
		t.Fatalf("the evaluators got: %s", subjects(got))
	}
	for _, u := range []string{"zm", "cxb", "ops"} {
		if got := h.mail(u); len(got) != 0 {
			t.Fatalf("%s got %s; the review is the evaluators' alone", u, subjects(got))
		}
	}
	if _, err := svc.Decide(ctx, o.ID, objection.Ruling{Decision: objection.Reject, Reason: "未见结清凭证", By: "评估组"}); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(time.Minute)
	if res := h.tick(); len(res.Resolved) != 1 || res.Resolved[0].Key != o.ID {
		t.Fatalf("after the decision: resolved %+v", res.Resolved)
	}
}
