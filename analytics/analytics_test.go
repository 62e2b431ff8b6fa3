package analytics

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/unit"
)

var units = []unit.Unit{
	{ID: "a", Short: "甲区", Kind: unit.KindDistrict}, {ID: "b", Short: "乙区", Kind: unit.KindDistrict},
	{ID: "c", Short: "丙区", Kind: unit.KindDistrict}, {ID: "d", Short: "市丁局", Kind: unit.KindDepartment},
}

var (
	docColumns = []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	sigColumns = []string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity", "evidence", "source", "kind", "event_date", "ingested_at"}
	jColumns   = []string{"doc_id", "doc_version", "case_number", "court", "decided", "kind", "procedure", "party", "unit_id", "role", "outcome", "holding", "ingested_at"}
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Add(10 * time.Hour)
}

// fixture builds documents, signals and judgments with known answers.
type fixture struct {
	docs, sigs, js [][]any
	n              int
}

func (f *fixture) doc(unitID, kind, published, fetched string, fields map[string]string) string {
	f.n++
	id := kind + "-" + unitID + "-" + string(rune('A'+f.n%26)) + strings.Repeat("x", f.n/26)
	f.docs = append(f.docs, []any{id, "v1", "src-" + kind, kind, "http://sample/" + id, "标题 " + id, "正文", day(published), day(fetched),
		fields, []string{unitID}, uint32(1), time.Now().UTC()})
	return id
}

func (f *fixture) signal(unitID, kind, date string, polarity int8, severity uint8, categories ...string) {
	id := f.doc(unitID, kind, date, date, map[string]string{})
	if len(categories) == 0 {
		categories = []string{"综合"}
	}
	for _, c := range categories {
		f.sigs = append(f.sigs, []any{id, "v1", unitID, c, polarity, severity, "e", "src-" + kind, kind, store.Day(day(date)), time.Now().UTC()})
	}
}

func (f *fixture) judgment(unitID, published, kind, role, outcome string) {
	id := f.doc(unitID, "judgment", published, published, map[string]string{})
	f.js = append(f.js, []any{id, "v1", "（2025）豫01行初1号", "郑州市中级人民法院", "二〇二五年十月九日", kind, "一审", "甲区人民政府", unitID, role, outcome, "", time.Now().UTC()})
}

func (f *fixture) insert(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	for _, x := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"documents", docColumns, f.docs}, {"signals", sigColumns, f.sigs}, {"judgments", jColumns, f.js}} {
		if len(x.rows) == 0 {
			continue
		}
		if err := s.Insert(ctx, "trustwatch."+x.table, x.cols, x.rows); err != nil {
			t.Fatal(err)
		}
	}
}

func sgs(wsh, decided, published string) map[string]string {
	return map[string]string{"决定文书号": wsh, "行政相对人": "某公司", "决定机关": "甲区市场监督管理局", "决定日期": decided, "公示日期": published}
}

// october2025 is unit a's and b's evidence for 2025-10, each value worked
// out by hand against the State Council's 2025 National Day notice.
func october2025() *fixture {
	f := &fixture{}
	// 双公示: 9-26 → 10-13 is 7 working days (9-28 and 10-11 are make-up
	// days, 10-1..10-8 off): on time; → 10-14 is 8: late.
	f.doc("a", "disclosure", "2025-10-13", "2025-11-01", sgs("甲〔2025〕1号", "2025年9月26日", "2025年10月13日"))
	f.doc("a", "disclosure", "2025-10-14", "2025-11-01", sgs("甲〔2025〕2号", "2025年9月26日", "2025年10月14日"))
	f.doc("a", "disclosure", "2025-10-10", "2025-11-01", sgs("甲〔2025〕3号", "2025-10-09", "2025-10-10"))
	f.doc("a", "disclosure", "2025-10-20", "2025-11-01", sgs("", "2025年10月16日", "2025年10月20日"))        // no 文书号: incomplete
	f.doc("a", "disclosure", "2025-09-30", "2025-11-01", sgs("甲〔2025〕5号", "2025年9月29日", "2025年9月30日")) // published in September
	// Complaints: 10-9 → 10-29 is 15 working days (10-11 counts): on time;
	// → 10-30 is 16: late; 10-10 unanswered when fetched 12-01: late;
	// 10-30 unanswered when fetched 11-05: pending, not counted.
	f.doc("a", "complaint", "2025-10-09", "2025-12-01", map[string]string{"留言时间": "2025-10-09 09:00", "答复时间": "2025-10-29 10:00"})
	f.doc("a", "complaint", "2025-10-09", "2025-12-01", map[string]string{"留言时间": "2025-10-09 09:00", "答复时间": "2025-10-30 10:00"})
	f.doc("a", "complaint", "2025-10-10", "2025-12-01", map[string]string{"留言时间": "2025-10-10 09:00", "答复时间": ""})
	f.doc("a", "complaint", "2025-10-30", "2025-11-05", map[string]string{"留言时间": "2025-10-30 09:00"})
	// Arrears: overdue until 10-15 (counts), repaid 9-20 (not), unpaid
	// (counts), paid without a date (on time: not), due 2024-09 (past display).
	ledger := func(due, repaid, state string) map[string]string {
		return map[string]string{"约定清偿日期": due, "清偿日期": repaid, "清偿情况": state}
	}
	f.doc("a", "procurement", "2025-10-20", "2025-10-20", ledger("2025年8月1日", "2025年10月15日", "已清偿"))
	f.doc("a", "procurement", "2025-10-20", "2025-10-20", ledger("2025年8月1日", "2025年9月20日", "已清偿"))
	f.doc("a", "procurement", "2025-10-20", "2025-10-20", ledger("2025年9月1日", "", "逾期未清偿"))
	f.doc("a", "procurement", "2025-10-20", "2025-10-20", ledger("2025年9月1日", "", "已全额清偿"))
	f.doc("a", "procurement", "2025-10-20", "2025-10-20", ledger("2024年9月1日", "", "逾期未清偿"))
	// Records: severity 4 of 2025-03 is on display in October; of 2024-09 not.
	f.signal("a", "news", "2025-03-01", -1, 4)
	f.signal("a", "news", "2024-09-01", -1, 5)
	f.signal("a", "news", "2025-10-05", -1, 2) // opinion
	f.signal("a", "news", "2025-10-06", 1, 1)  // praise
	f.signal("a", "complaint", "2025-10-07", -1, 3)
	// 推诿 in a complaint about arrears: one complaint, one inaction event.
	f.signal("a", "complaint", "2025-10-08", -1, 3, "政府债务与拖欠", "勤政与不作为")
	// Judgments: lost, won; withdrawn and a civil case do not count.
	f.judgment("a", "2025-10-12", "行政", "被告", "lost")
	f.judgment("a", "2025-10-13", "行政", "被告", "won")
	f.judgment("a", "2025-10-14", "行政", "被告", "withdrawn")
	f.judgment("a", "2025-10-15", "民事", "被告", "lost")
	// Unit b: three on time, answers on time, no records.
	for _, d := range []string{"2025-10-20", "2025-10-21", "2025-10-22"} {
		f.doc("b", "disclosure", d, "2025-11-01", sgs("乙〔2025〕1号", "2025年10月17日", d))
		f.doc("b", "complaint", d, "2025-12-01", map[string]string{"留言时间": d + " 09:00", "答复时间": "2025-10-24 09:00"})
	}
	f.judgment("b", "2025-10-12", "行政", "被上诉人", "won")
	f.judgment("b", "2025-10-13", "行政", "被告", "won")
	f.signal("b", "news", "2025-10-06", 1, 1)
	// Unit c: one document only: insufficient evidence.
	f.signal("c", "news", "2025-10-06", 1, 1)
	return f
}

func ranker(t *testing.T, s *store.Store) *Ranker {
	t.Helper()
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{Store: s, Units: units, Index: cfg.Loaded.Index, IndexHash: cfg.Loaded.IndexHash})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func indicatorOf(t *testing.T, run Run, g index.Group, unitID, id string) index.IndicatorScore {
	t.Helper()
	for _, res := range run.Results {
		if res.Group != g {
			continue
		}
		for _, u := range res.Units {
			for _, is := range u.Indicators {
				if u.ID == unitID && is.ID == id {
					return is
				}
			}
		}
	}
	t.Fatalf("no %s for %s", id, unitID)
	return index.IndicatorScore{}
}

func TestIndicatorsByHand(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	r := ranker(t, s)
	ctx := context.Background()
	oct, _ := period.Parse("2025-10")
	run, err := r.Rank(ctx, oct, JobRank)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		unit, ind string
		num, den  float64
		n         int
	}{
		{"a", "sgs_timeliness", 3, 4, 4}, {"a", "sgs_completeness", 3, 4, 4},
		{"a", "complaint_timely", 1, 3, 3}, {"a", "arrears", 2, 2, 2},
		{"a", "failure_records", 4, 1, 1}, {"a", "opinion", 2, 1, 1}, {"a", "praise", 1, 1, 1},
		{"a", "complaints", 2, 2, 2}, {"a", "inaction", 1, 1, 1}, {"a", "litigation_loss", 1, 2, 2},
		{"b", "sgs_timeliness", 3, 3, 3}, {"b", "complaint_timely", 3, 3, 3}, {"b", "litigation_loss", 0, 2, 2},
		{"b", "arrears", 0, 0, 0}, {"c", "praise", 1, 1, 1},
	} {
		got := indicatorOf(t, run, index.Districts, tc.unit, tc.ind)
		if got.Num != tc.num || got.Den != tc.den || got.N != tc.n {
			t.Errorf("%s %s = %g/%g over %d documents, want %g/%g over %d", tc.unit, tc.ind, got.Num, got.Den, got.N, tc.num, tc.den, tc.n)
		}
	}
	rows := run.Group(index.Districts)
	if len(rows) != 3 || rows[0].UnitID != "b" || rows[len(rows)-1].UnitID == "b" {
		t.Fatalf("district order %v", rows)
	}
	for _, x := range rows {
		if x.UnitID == "c" && (!x.Insufficient || x.Rank == 1) {
			t.Fatalf("c has one document: %+v", x)
		}
	}
	// Every evidence row is stored and reaches its document with one join.
	n, err := s.Count(ctx, `SELECT count() AS n FROM trustwatch.v_index_evidence AS e INNER JOIN trustwatch.v_documents AS d ON d.id = e.doc_id WHERE e.period = '2025-10'`)
	if err != nil || n != run.Evidence {
		t.Fatalf("evidence joined to documents: %d (err %v), want %d", n, err, run.Evidence)
	}
	checkStoredRun(t, s, r, run)
}

// checkStoredRun: the run reads back; a rerun gives the same numbers and
// replaces it in the views while the old run stays in the tables.
func checkStoredRun(t *testing.T, s *store.Store, r *Ranker, run Run) {
	t.Helper()
	ctx := context.Background()
	back, err := LoadRun(ctx, s, "2025-10")
	if err != nil || back.ID != run.ID || len(back.Rows) != len(run.Rows) {
		t.Fatalf("LoadRun = %v (err %v)", back.ID, err)
	}
	for i := range back.Rows {
		if !reflect.DeepEqual(back.Rows[i], run.Rows[i]) {
			t.Fatalf("row %d read back as %+v, stored %+v", i, back.Rows[i], run.Rows[i])
		}
	}
	again, err := r.Rank(ctx, run.Period, JobRank)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again.Rows {
		a, b := again.Rows[i], run.Rows[i]
		a.RunID, b.RunID = "", ""
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("rerun differs at %d: %+v vs %+v", i, a, b)
		}
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_index_scores WHERE period = '2025-10'"); n != int64(len(run.Rows)) {
		t.Fatalf("v_index_scores shows %d rows for 2025-10, want %d (one run)", n, len(run.Rows))
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.index_scores WHERE period = '2025-10'"); n != 2*int64(len(run.Rows)) {
		t.Fatalf("index_scores holds %d rows for 2025-10, want both runs", n)
	}
	ex, err := Explain(ctx, s, r.o.Index, again, "a", 3)
	if err != nil || len(ex.Indicators) != len(r.o.Index.Indicators()) {
		t.Fatalf("explain a: %d indicators, err %v", len(ex.Indicators), err)
	}
	var sum float64
	for _, l := range ex.Indicators {
		sum += l.Contribution
		if l.Indicator == "sgs_timeliness" && (len(l.Documents) != 3 || l.Documents[0].Num != 0) {
			t.Fatalf("timeliness evidence, late first: %+v", l.Documents)
		}
	}
	if math.Abs(sum-ex.Row.Score) > 0.01 {
		t.Fatalf("contributions sum to %.3f, score %.3f", sum, ex.Row.Score)
	}
	if _, err := Explain(ctx, s, r.o.Index, again, "nope", 3); !errors.Is(err, ErrUnknownUnit) {
		t.Fatalf("explain of an unknown unit: %v", err)
	}
}

// A query that fails, a unit the units file does not know, and a value
// that is no number each fail the run, named, and show nowhere.
func TestBadIndicatorFailsTheRun(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	ctx := context.Background()
	oct, _ := period.Parse("2025-10")
	for _, tc := range []struct{ name, sql, want string }{
		{"fails", "SELECT unit_id, doc_id, num FROM nowhere", "indicator praise (index/praise.sql)"},
		{"no day column", "SELECT 'a' AS unit_id, 'x' AS doc_id, 1.0 AS num, 1.0 AS den", "the query yields unit_id, doc_id, num, den; want unit_id, doc_id, num, den, day"},
		{"unknown unit", "SELECT 'zz' AS unit_id, 'x' AS doc_id, 1.0 AS num, 1.0 AS den, toDate('2025-10-01') AS day", `indicator praise: unit "zz" is not in the units file`},
		{"nan", "SELECT 'a' AS unit_id, 'x' AS doc_id, nan AS num, 1.0 AS den, toDate('2025-10-01') AS day", "indicator praise: document x of unit a has num nan"},
		{"null day", "SELECT 'a' AS unit_id, 'x' AS doc_id, 1.0 AS num, 1.0 AS den, CAST(NULL AS Nullable(Date)) AS day", "indicator praise: document x of unit a has no day"},
	} {
		r := ranker(t, s)
		sys := *r.o.Index
		sys.Dimensions = append([]index.Dimension(nil), sys.Dimensions...)
		for d := range sys.Dimensions {
			inds := append([]index.Indicator(nil), sys.Dimensions[d].Indicators...)
			for i := range inds {
				if inds[i].ID == "praise" {
					inds[i].SQL = tc.sql
				}
			}
			sys.Dimensions[d].Indicators = inds
		}
		r.o.Index = &sys
		run, err := r.Rank(ctx, oct, JobRank)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%s: err %v, want %q", tc.name, err, tc.want)
		}
		if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs WHERE status = 'failed' AND label = '2025-10' AND run_id = "+store.Quote(run.ID)); n != 1 {
			t.Fatalf("%s: failed job_runs rows %d, want 1", tc.name, n)
		}
		if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_index_scores WHERE run_id = "+store.Quote(run.ID)); n != 0 {
			t.Fatalf("%s: the failed run shows %d rows", tc.name, n)
		}
	}
	// A period without evidence is refused and recorded failed.
	r := ranker(t, s)
	empty, err := r.Rank(ctx, period.Of(period.Month, 2019, 1), JobRank)
	if !errors.Is(err, ErrNoEvidence) {
		t.Fatalf("rank 2019-01: %v, want ErrNoEvidence", err)
	}
	if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs WHERE status = 'failed' AND run_id = "+store.Quote(empty.ID)); n != 1 {
		t.Fatalf("failed job_runs rows for 2019-01 = %d, want 1", n)
	}
	// A year whose holidays are not known is refused, not counted on weekends only.
	if _, err := r.Rank(ctx, period.Of(period.Year, 2099, 1), JobRank); err == nil || !strings.Contains(err.Error(), "no holidays for 2099") {
		t.Fatalf("rank 2099: %v", err)
	}
}

func TestLatestPeriodEmpty(t *testing.T) {
	s := storetest.Open(t)
	r := ranker(t, s)
	if _, err := r.LatestPeriod(context.Background()); err != ErrNoData {
		t.Fatalf("got %v, want ErrNoData", err)
	}
}
