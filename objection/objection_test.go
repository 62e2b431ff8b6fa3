package objection

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

func seed(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	pub := time.Date(2026, 10, 12, 2, 0, 0, 0, time.UTC)
	now := time.Now().UTC()
	if err := s.Insert(ctx, store.Database+".documents",
		[]string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"},
		[][]any{{"doc1", "v1", "12345", "complaint", "http://x/1", "中牟县拖欠工程款", "中牟县拖欠工程款两年", pub, pub, map[string]string{}, []string{"zhongmou"}, uint32(5), now},
			{"doc2", "v1", "dahe", "news", "http://y/2", "转载：中牟县拖欠工程款", "中牟县拖欠工程款两年", pub, pub, map[string]string{}, []string{"zhongmou"}, uint32(5), now}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(ctx, store.Database+".signals",
		[]string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity", "evidence", "source", "kind", "event_date", "ingested_at"},
		[][]any{{"doc1", "v1", "zhongmou", "政府债务与拖欠", int8(-1), uint8(4), "拖欠工程款", "12345", "complaint", store.Day(pub), now},
			{"doc2", "v1", "zhongmou", "政府债务与拖欠", int8(-1), uint8(4), "拖欠工程款", "dahe", "news", store.Day(pub), now}}); err != nil {
		t.Fatal(err)
	}
	// doc2 reposts doc1: one event, and a decision on doc1 holds for both.
	if err := s.Insert(ctx, store.Database+".document_events", []string{"doc_id", "event_id", "computed_at"},
		[][]any{{"doc1", "doc1", now}, {"doc2", "doc1", now}}); err != nil {
		t.Fatal(err)
	}
}

func service(t *testing.T) (*Service, *store.Store, *[]time.Time, *[]Objection) {
	t.Helper()
	s := storetest.Open(t)
	seed(t, s)
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	var days []time.Time
	var told []Objection
	clock := time.Date(2026, 11, 2, 1, 59, 0, 0, time.UTC)
	svc, err := New(Options{Store: s, Units: cfg.Loaded.Units,
		Recompute: func(_ context.Context, d time.Time) ([]Recomputation, error) {
			days = append(days, d)
			return []Recomputation{{Period: d.Format("2006-01"), RunBefore: "r1", RunAfter: "r2",
				Changes: []UnitChange{{UnitID: "zhongmou", RankBefore: 9, RankAfter: 7, ScoreBefore: 61.5, ScoreAfter: 64}}}}, nil
		},
		Notify: func(_ context.Context, o Objection) error { told = append(told, o); return nil },
		Now: func() time.Time { // a minute passes at each step
			clock = clock.Add(time.Minute)
			return clock
		}})
	if err != nil {
		t.Fatal(err)
	}
	return svc, s, &days, &told
}

func count(t *testing.T, s *store.Store, q string) int64 {
	n, err := s.Count(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFileAndAccept: an objection with a PDF is filed, accepted as
// withdrawn; the record leaves v_signals, the period is recomputed, the
// filer told, and every step is an event; the raw signal stays.
func TestFileAndAccept(t *testing.T) {
	svc, s, days, told := service(t)
	ctx := context.Background()
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 100)...)
	o, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Action: Rectified,
		Reason: "已于10月20日结清", FiledBy: "中牟县政府办"}, []Upload{{Name: "结清凭证.pdf", Content: pdf}})
	if err != nil {
		t.Fatal(err)
	}
	if o.State != Filed || o.Due != "2026-11-16" {
		t.Fatalf("filed: %+v; want due 10 working days on, 2026-11-16", o)
	}
	fs, _ := svc.Files(ctx, o.ID)
	if len(fs) != 1 || fs[0].ContentType != "application/pdf" || fs[0].Size != len(pdf) {
		t.Fatalf("files: %+v", fs)
	}
	if _, b, err := svc.Content(ctx, o.ID, fs[0].SHA256); err != nil || !bytes.Equal(b, pdf) {
		t.Fatalf("content: %v", err)
	}
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Withdraw, Reason: "", By: "评估组"}); err == nil {
		t.Fatal("a decision without a reason")
	}
	o, err = svc.Decide(ctx, o.ID, Ruling{Decision: Withdraw, Reason: "凭证属实", By: "评估组"})
	if err != nil || o.State != Accepted {
		t.Fatal(o, err)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signals WHERE doc_id IN ('doc1', 'doc2')"); n != 0 {
		t.Fatalf("v_signals still shows %d signals of doc1 and its repost", n)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.signals WHERE doc_id = 'doc1'"); n != 1 {
		t.Fatal("the raw signal was removed")
	}
	if len(*days) != 1 || (*days)[0].Format("2006-01-02") != "2026-10-12" || len(*told) != 1 {
		t.Fatalf("recomputed %v, told %d", *days, len(*told))
	}
	hist, _ := svc.History(ctx, o.ID)
	if len(hist) != 3 || hist[0].Event != "filed" || hist[1].Event != "accepted" || !strings.Contains(hist[1].Before, `"severity":4`) ||
		hist[1].After != "null" || hist[2].Event != "recomputed" || !strings.Contains(hist[2].After, `"rank_before":9,"rank_after":7`) {
		t.Fatalf("history: %+v", hist)
	}
	if got, _ := svc.Get(ctx, o.ID); got.State != Accepted || got.Decision != Withdraw {
		t.Fatalf("after recomputing, the objection reads %+v", got)
	}
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Reject, Reason: "x", By: "y"}); err == nil {
		t.Fatal("decided twice")
	}
}

// TestRejectLowerReassign: a rejection leaves the record; lowering and
// re-attributing change what v_signals shows.
func TestRejectLowerReassign(t *testing.T) {
	svc, s, days, _ := service(t)
	ctx := context.Background()
	file := func() Objection {
		o, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Action: WrongUnit, Reason: "是新郑市的项目", FiledBy: "中牟县"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	o := file()
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Reject, Reason: "项目位于中牟县", By: "评估组"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signals WHERE unit_id = 'zhongmou'"); n != 2 || len(*days) != 0 {
		t.Fatalf("after rejection: %d signals of zhongmou, %d recomputations", n, len(*days))
	}
	o = file()
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Lower, ToSeverity: 4, Reason: "x", By: "y"}); err == nil {
		t.Fatal("lowered to the same severity")
	}
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Lower, ToSeverity: 2, Reason: "情节较轻", By: "评估组"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signals WHERE unit_id = 'zhongmou' AND severity = 2"); n != 2 {
		t.Fatal("not lowered")
	}
	o = file()
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Reassign, ToUnit: "xinzheng", Reason: "项目属新郑市", By: "评估组"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signals WHERE unit_id = 'xinzheng'"); n != 2 {
		t.Fatal("not re-attributed")
	}
}

// TestRefused: another unit's record, unknown actions, and uploads that
// are markup, oversized, empty or too many are refused with every reason.
func TestRefused(t *testing.T) {
	svc, s, _, _ := service(t)
	ctx := context.Background()
	_, err := svc.File(ctx, Objection{UnitID: "jinshui", DocID: "doc1", Category: "政府债务与拖欠", Action: "bribe", Reason: "", FiledBy: "金水区"},
		[]Upload{{Name: "x.html", Content: []byte("<html><script>alert(1)</script></html>")}, {Name: "big.pdf", Content: append([]byte("%PDF-"), make([]byte, 6<<20)...)}, {Name: "empty.txt"}})
	if err == nil {
		t.Fatal("refused nothing")
	}
	for _, want := range []string{`unknown action "bribe"`, "reason", `x.html" is text/html`, `big.pdf" is 6291461 bytes`, `empty.txt" is empty`, "no record doc1/政府债务与拖欠 of jinshui"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	many := make([]Upload, 6)
	if _, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Action: NotBreach, Reason: "x", FiledBy: "y"}, many); err == nil || !strings.Contains(err.Error(), "at most 5 files") {
		t.Fatalf("six files: %v", err)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.objection_events"); n != 0 {
		t.Fatalf("%d events stored for refused objections", n)
	}
}

// TestRepair: a record decided rectified stays in v_signals and
// v_signal_events with its repair date (default the day of the decision);
// a repair date before the record or after today is refused.
func TestRepair(t *testing.T) {
	svc, s, days, told := service(t)
	ctx := context.Background()
	o, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Action: Rectified,
		Reason: "已于10月20日结清", FiledBy: "中牟县政府办"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"2026-10-01", "2026-12-01"} {
		d, _ := time.Parse("2006-01-02", bad)
		if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Repaired, RepairedFrom: d, Reason: "x", By: "y"}); err == nil || !strings.Contains(err.Error(), "want a day from the record's 2026-10-12 to today") {
			t.Fatalf("repaired from %s: %v", bad, err)
		}
	}
	from := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	o, err = svc.Decide(ctx, o.ID, Ruling{Decision: Repaired, RepairedFrom: from, Reason: "结清凭证属实", By: "评估组"})
	if err != nil || o.RepairedFrom != "2026-10-20" {
		t.Fatal(o, err)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signals WHERE doc_id IN ('doc1', 'doc2') AND repaired_on = '2026-10-20'"); n != 2 {
		t.Fatalf("%d signals repaired from 2026-10-20; want doc1 and its repost", n)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signal_events WHERE repaired_on = '2026-10-20' AND documents = 2"); n != 1 {
		t.Fatal("the event is not repaired")
	}
	got, _ := svc.Get(ctx, o.ID)
	if got.RepairedFrom != "2026-10-20" || got.Decision != Repaired {
		t.Fatalf("stored: %+v", got)
	}
	if len(*days) != 1 || len(*told) != 1 || !strings.Contains(Mail((*told)[0], "a@b", time.Now()).Subject, "自 2026-10-20 起标记为已整改") {
		t.Fatalf("recomputed %v, told %+v", *days, *told)
	}
}

// TestAuditComplete: every state change of an objection is one row of the
// trail, with who, what, why, before and after: filing, each file, the
// decision, the recomputation; another unit's trail holds none of it.
func TestAuditComplete(t *testing.T) {
	svc, _, _, _ := service(t)
	ctx := context.Background()
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	o, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Action: Rectified,
		Reason: "已结清", FiledBy: "中牟县政府办"}, []Upload{{Name: "凭证.png", Content: png}, {Name: "说明.txt", Content: []byte("已于10月20日结清。")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: Lower, ToSeverity: 2, Reason: "部分结清", By: "评估组"}); err != nil {
		t.Fatal(err)
	}
	trail, err := svc.Trail(ctx, "zhongmou", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range trail {
		got = append(got, e.Event+"/"+e.Actor)
	}
	want := "recomputed/TrustWatch accepted/评估组 filed/中牟县政府办 file/中牟县政府办 file/中牟县政府办"
	if strings.Join(got, " ") != want {
		t.Fatalf("trail %v; want %s", got, want)
	}
	for _, e := range trail {
		switch e.Event {
		case "accepted":
			if e.Why != "部分结清" || !strings.Contains(e.Before, `"severity":4`) || !strings.Contains(e.After, `"severity":2`) || !strings.Contains(e.What, "lower") {
				t.Fatalf("decision row %+v", e)
			}
		case "file":
			if !strings.Contains(e.What, "sha256 ") || e.UnitID != "zhongmou" {
				t.Fatalf("file row %+v", e)
			}
		case "filed":
			if e.Why != "已结清" || !strings.Contains(e.What, "rectified") {
				t.Fatalf("filing row %+v", e)
			}
		}
	}
	if other, _ := svc.Trail(ctx, "jinshui", "", 100); len(other) != 0 {
		t.Fatalf("jinshui's trail shows %+v", other)
	}
	if one, _ := svc.Trail(ctx, "", o.ID, 2); len(one) != 2 {
		t.Fatalf("limit 2: %d rows", len(one))
	}
}

// TestEvidenceObjection: an official contests doc1's place in 双公示及时率's
// evidence (a run of 2026-10 counted it late); the decision may withdraw
// or re-attribute it, not lower or repair it; before and after say so.
func TestEvidenceObjection(t *testing.T) {
	svc, s, days, _ := service(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := s.Insert(ctx, store.Database+".index_runs", []string{"run_id", "period", "period_kind", "period_start", "period_end", "batch_id", "computed_at"},
		[][]any{{"run1", "2026-10", "month", store.Day(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)), store.Day(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)), "b1", at}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(ctx, store.Database+".index_evidence", []string{"batch_id", "indicator", "unit_id", "doc_id", "num", "den", "day", "until"},
		[][]any{{"b1", "sgs_timeliness", "zhongmou", "doc1", 0.0, 1.0, store.Day(time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC)), store.Day(time.Date(2026, 10, 13, 0, 0, 0, 0, time.UTC))}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Indicator: "sgs_timeliness", Action: NotBreach, Reason: "x", FiledBy: "y"}, nil); err == nil ||
		!strings.Contains(err.Error(), "not both") {
		t.Fatalf("category and indicator: %v", err)
	}
	if _, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Indicator: "complaint_timely", Action: NotBreach, Reason: "x", FiledBy: "y"}, nil); err == nil {
		t.Fatal("an objection to evidence that is not there")
	}
	o, err := svc.File(ctx, Objection{UnitID: "zhongmou", DocID: "doc1", Indicator: "sgs_timeliness", Action: NotBreach, Reason: "公示日期录入有误，实际按期公示", FiledBy: "中牟县政府办"}, nil)
	if err != nil || !strings.Contains(o.Before, `"indicator":"sgs_timeliness"`) || !strings.Contains(o.Before, `"event_date":"2026-10-12"`) {
		t.Fatalf("filed %+v, %v", o, err)
	}
	for _, d := range []Decision{Lower, Repaired} {
		if _, err := svc.Decide(ctx, o.ID, Ruling{Decision: d, ToSeverity: 1, Reason: "x", By: "y"}); err == nil {
			t.Fatalf("%s accepted for evidence", d)
		}
	}
	o, err = svc.Decide(ctx, o.ID, Ruling{Decision: Withdraw, Reason: "核实公示日期为10月14日", By: "评估组"})
	if err != nil || o.After != "null" || len(*days) != 1 || (*days)[0].Format("2006-01-02") != "2026-10-12" {
		t.Fatalf("decided %+v, %v; recomputed %v", o, err, *days)
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_evidence_corrections WHERE doc_id = 'doc1' AND indicator = 'sgs_timeliness' AND decision = 'withdraw'"); n != 1 {
		t.Fatal("no evidence correction")
	}
	if n := count(t, s, "SELECT count() AS n FROM trustwatch.v_signals WHERE doc_id = 'doc1'"); n != 1 {
		t.Fatal("an evidence objection touched the signals")
	}
}
