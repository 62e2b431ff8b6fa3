package alerts_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/workday"
)

// poisson draws a Poisson count (Knuth), for seeded series.
func poisson(r *rand.Rand, lambda float64) int {
	l, k, p := mathExp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// TestSpikeSeries runs the test on seeded series: a unit with a known
// spike on its last day and a quiet control, both with fewer complaints on
// days off, over 60 days of the 2026 calendar; and a bursty unit whose
// overdispersed history makes the same count unremarkable.
func TestSpikeSeries(t *testing.T) {
	cal := workday.China()
	r := rand.New(rand.NewPCG(2017, 12))
	start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	var days []time.Time
	for i := 0; i < 60; i++ {
		days = append(days, start.AddDate(0, 0, i))
	}
	series := func(work, off float64) []int {
		out := make([]int, len(days))
		for i, d := range days {
			lambda := off
			if cal.IsWorkday(d) {
				lambda = work
			}
			out[i] = poisson(r, lambda)
		}
		return out
	}
	last := len(days) - 1
	spiked := series(1.5, 0.3)
	spiked[last] = 12
	quiet := series(1.5, 0.3)
	falsePositives := 0
	for i := 28; i <= last; i++ {
		if alerts.TestSpike(cal, days, quiet, i, 28).P < 0.001 {
			falsePositives++
		}
	}
	if falsePositives > 0 {
		t.Fatalf("the quiet control spiked on %d of %d days", falsePositives, last-27)
	}
	got := alerts.TestSpike(cal, days, spiked, last, 28)
	if got.P >= 1e-4 || got.Count != 12 {
		t.Fatalf("the known spike: %+v; want p < 1e-4", got)
	}
	// A bursty unit: same mean on workdays, but often 0 or 8.
	bursty := make([]int, len(days))
	for i := range bursty {
		if r.IntN(5) == 0 {
			bursty[i] = 8
		}
	}
	bursty[last] = 8
	if b := alerts.TestSpike(cal, days, bursty, last, 28); b.P < 0.01 {
		t.Fatalf("a bursty unit's usual burst: %+v; want it not a spike (negative binomial tail)", b)
	}
}

// insertDoc stores a document and its signals as ingest would.
func insertDoc(t *testing.T, s *store.Store, id, source, kind, title string, published time.Time, fields map[string]string, units []string, signals ...sig) {
	t.Helper()
	ctx := context.Background()
	if fields == nil {
		fields = map[string]string{}
	}
	now := time.Now().UTC()
	err := s.Insert(ctx, store.Database+".documents",
		[]string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"},
		[][]any{{id, "v1", source, kind, "http://127.0.0.1/" + id, title, title, published, published, fields, units, uint32(10), now}})
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	for _, g := range signals {
		rows = append(rows, []any{id, "v1", g.unit, g.category, int8(-1), uint8(g.severity), title, source, kind, store.Day(published), now})
	}
	if len(rows) > 0 {
		if err := s.Insert(ctx, store.Database+".signals",
			[]string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity", "evidence", "source", "kind", "event_date", "ingested_at"}, rows); err != nil {
			t.Fatal(err)
		}
	}
}

type sig struct {
	unit, category string
	severity       int
}

// TestSpikeRule: through the store, zhongmou's 12 negative documents on
// one day against a baseline of about one a day raise a spike warning;
// jinshui, at its usual level, does not.
func TestSpikeRule(t *testing.T) {
	today := time.Date(2026, 10, 28, 9, 0, 0, 0, time.UTC)
	h := newHarness(t, []rule.Rule{{Name: "激增", Kind: rule.Spike, Level: rule.Orange}}, today)
	r := rand.New(rand.NewPCG(7, 7))
	n := 0
	for d := 35; d >= 0; d-- {
		day := today.AddDate(0, 0, -d)
		for _, u := range []string{"zhongmou", "jinshui"} {
			k := poisson(r, 1)
			if d == 0 && u == "zhongmou" {
				k = 12
			}
			for i := 0; i < k; i++ {
				n++
				insertDoc(t, h.s, fmt.Sprintf("d%d", n), "12345", "complaint", u+"拖欠", day, nil, []string{u}, sig{u, "政府债务与拖欠", 3})
			}
		}
	}
	res := h.tick()
	if len(res.Raised) != 1 || res.Raised[0].UnitID != "zhongmou" || res.Raised[0].Key != "2026-10-28" || res.Raised[0].Value != 12 {
		t.Fatalf("raised %+v; want one spike, zhongmou on 2026-10-28 with 12", res.Raised)
	}
	if w := res.Raised[0]; len(w.Evidence) != 5 || !strings.Contains(w.Summary, "p=") {
		t.Fatalf("spike warning: %+v", w)
	}
}

// TestSevereOverdueHotSource raises each record-like kind from stored rows:
// a severe record, a decision published late (by the index's own
// 双公示及时率 definition), a hot event across sources, and a silent source
// (to the operators, never a unit) — and a severe record leaving its window
// expires without a resolution notice. A copy of the severe record grouped
// with it into one event raises nothing.
func TestSevereOverdueHotSource(t *testing.T) {
	now := time.Date(2026, 10, 28, 12, 0, 0, 0, time.UTC)
	h := newHarness(t, []rule.Rule{
		{Name: "重大失信", Kind: rule.Severe, MinSeverity: 4, WithinDays: 30, Level: rule.Red},
		{Name: "公示超期", Kind: rule.Overdue, Indicator: "sgs_timeliness", WithinDays: 30, Level: rule.Blue},
		{Name: "整改逾期", Kind: rule.Overdue, Query: "alerts/rectification_overdue.sql", SQL: rectificationSQL(t), WithinDays: 60, Level: rule.Orange},
		{Name: "舆情聚集", Kind: rule.Hot, Window: 6 * time.Hour, MinDocs: 3, MinSources: 2, Level: rule.Orange},
		{Name: "来源中断", Kind: rule.Source, SilentAfter: time.Hour, Level: rule.Blue},
	}, now)
	insertDoc(t, h.s, "judg1", "wenshu", "judgment", "某公司诉中牟县政府行政协议纠纷一审判决", now.AddDate(0, 0, -3), nil, []string{"zhongmou"}, sig{"zhongmou", "行政诉讼败诉", 4})
	// A copy of the judgment on another site, grouped with it into one event: no second warning.
	insertDoc(t, h.s, "judg1-copy", "news-a", "news", "某公司诉中牟县政府行政协议纠纷一审判决", now.AddDate(0, 0, -3), nil, []string{"zhongmou"}, sig{"zhongmou", "行政诉讼败诉", 4})
	if err := h.s.Insert(context.Background(), store.Database+".document_events", []string{"doc_id", "event_id", "computed_at"},
		[][]any{{"judg1", "judg1", time.Now().UTC()}, {"judg1-copy", "judg1", time.Now().UTC()}}); err != nil {
		t.Fatal(err)
	}
	insertDoc(t, h.s, "minor", "12345", "complaint", "中牟县路灯不亮", now.AddDate(0, 0, -3), nil, []string{"zhongmou"}, sig{"zhongmou", "勤政与不作为", 2})
	// Decided 2026-10-09 (Fri), published 2026-10-23: 10 working days, late; and one on time.
	insertDoc(t, h.s, "sgs1", "sgs", "disclosure", "金水区某局行政处罚决定", time.Date(2026, 10, 23, 2, 0, 0, 0, time.UTC),
		map[string]string{"决定日期": "2026-10-09", "公示日期": "2026-10-23"}, []string{"jinshui"})
	insertDoc(t, h.s, "sgs2", "sgs", "disclosure", "金水区某局行政许可决定", time.Date(2026, 10, 23, 2, 0, 0, 0, time.UTC),
		map[string]string{"决定日期": "2026-10-20", "公示日期": "2026-10-23"}, []string{"jinshui"})
	// 整改 notices: one open past its deadline, one done on time, one done late, one not yet due.
	for i, f := range []map[string]string{
		{"整改期限": "2026-10-15"},
		{"整改期限": "2026-10-15", "整改完成日期": "2026-10-10"},
		{"整改期限": "2026-10-01", "整改完成日期": "2026-10-20"},
		{"整改期限": "2099-12-31"},
	} {
		insertDoc(t, h.s, fmt.Sprintf("zg%d", i), "zg", "disclosure", "关于管城区违规收费问题的整改通知", now.AddDate(0, -1, 0), f, []string{"guancheng"})
	}
	for i, src := range []string{"news-a", "news-b", "12345"} {
		insertDoc(t, h.s, fmt.Sprintf("hot%d", i), src, "news", "二七区拆迁补偿款拖欠", now.Add(-time.Duration(i+1)*time.Hour), nil, []string{"erqi"}, sig{"erqi", "政府债务与拖欠", 3})
	}
	res := h.tick()
	got := map[string]string{}
	for _, w := range res.Raised {
		got[w.Rule] += w.UnitID + "/" + w.Key + " "
	}
	if len(res.Raised) != 5 || got["重大失信"] != "zhongmou/judg1/行政诉讼败诉 " || got["公示超期"] != "jinshui/sgs1 " || got["舆情聚集"] != "erqi/政府债务与拖欠 " ||
		got["整改逾期"] != "guancheng/zg0 guancheng/zg2 " {
		t.Fatalf("raised %v", got)
	}
	// Every source is silent for more than an hour: operators hear of each.
	h.clock.Add(61 * time.Minute)
	res = h.tick()
	if len(res.Raised) != len(h.cfg.Loaded.Sources) {
		t.Fatalf("source warnings: %d, want one per source (%d)", len(res.Raised), len(h.cfg.Loaded.Sources))
	}
	h.clock.Add(11 * time.Second) // the group wait
	h.tick()
	ops := h.mail("ops")
	if len(ops) != 1 || !strings.Contains(ops[0].Subject, "数据来源") {
		t.Fatalf("operators got: %s", subjects(ops))
	}
	for _, u := range []string{"zm", "js", "cxb"} {
		for _, m := range h.mail(u) {
			if strings.Contains(m.Subject, "来源") {
				t.Fatalf("%s got a source-health mail: %s", u, m.Subject)
			}
		}
	}
	// 31 days on, the judgment leaves the 30-day window: it expires, quietly.
	h.clock.Add(31 * 24 * time.Hour)
	res = h.tick()
	var expired []string
	for _, w := range res.Resolved {
		if w.Rule == "重大失信" {
			expired = append(expired, string(w.Change))
		}
	}
	if strings.Join(expired, ",") != "expired" {
		t.Fatalf("the old judgment: %v; want expired", expired)
	}
	for _, n := range res.Planned {
		if n.Kind == alerts.NoticeResolved && n.UnitID == "zhongmou" {
			t.Fatalf("a resolution notice for a record that left its window: %+v", n)
		}
	}
}

// rectificationSQL is the shipped 整改逾期 query, as config reads it.
func rectificationSQL(t *testing.T) string {
	b, err := os.ReadFile("../configs/alerts/rectification_overdue.sql")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
