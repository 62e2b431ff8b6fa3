package web

import (
	"bytes"
	"html/template"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/watch"
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

// TestWatchPageGolden pins the 权责清单 page: a current list, a stale one
// with the latest update as a diff, the 上级's catalogue, a broken link.
func TestWatchPageGolden(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	lists := []watch.List{
		{Title: "中牟县权力和责任清单", URL: "http://x/qzqd/zhongmou.html", Units: []string{"zhongmou"}, Versions: 2, FirstSeen: at.Add(-time.Hour),
			LastUpdate: "2026-12-03", StaleFrom: time.Date(2028, 12, 3, 0, 0, 0, 0, time.UTC), Items: make([]watch.Item, 3),
			ChangedFrom: at.Add(-time.Hour), ChangedAt: at, Changes: []watch.Change{
				{Kind: "added", Code: "QZ07900", After: "QZ07900 对违反公共数据管理规定的处罚【行政处罚】依据：《河南省公共数据管理办法》第四十条"},
				{Kind: "changed", Code: "QZ07002", Before: "QZ07002 食品经营许可【行政许可】依据：《食品安全法》", After: "QZ07002 食品经营许可【行政许可】依据：《食品安全法》（2026年修订）"},
				{Kind: "removed", Code: "QZ07001", Before: "QZ07001 <script>建筑工程施工许可</script>"}}},
		{Title: "郑州市惠济区权力和责任清单", URL: "http://x/qzqd/huiji.html", Units: []string{"huiji"}, Versions: 1, FirstSeen: at,
			LastUpdate: "2025-01-10", StaleFrom: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC), Stale: true, Items: make([]watch.Item, 9)},
		{Title: "郑州市市级（标准目录）权力和责任清单", URL: "http://x/qzqd/city.html", Versions: 1, FirstSeen: at, LastUpdate: "2026-06-15", Upstream: true, Items: make([]watch.Item, 14)},
	}
	data := struct {
		view
		Lists  []watch.List
		Broken []watch.Broken
	}{view{Title: "权责清单", Nav: "watch", CSRF: "token", Now: "2026-12-03 10:05", User: auth.User{Name: "pingjia", Display: "评估组", Role: auth.Evaluator}},
		lists, []watch.Broken{{Source: "sample-qzqd", URL: "http://x/qzqd/tzsm-missing.html", Status: 404, Reason: "Not Found", At: at}}}
	var b bytes.Buffer
	if err := pages["watch"].ExecuteTemplate(&b, "base", data); err != nil {
		t.Fatal(err)
	}
	golden(t, "watch.html", b.String())
}

// TestRankingsAsOfGolden pins the ranking as published on a day beside what
// changed since and why: the units that moved and the objections accepted.
func TestRankingsAsOfGolden(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	rows := []analytics.Row{{UnitID: "zhongmou", UnitName: "中牟县", Group: index.Districts, Score: 33.7, ScoreLo: 29.2, ScoreHi: 56.9, Grade: "D", Rank: 2, RankLo: 1, RankHi: 2}}
	corr := &Correction{PublishedOn: "2026-11-05", PublishedRun: "r1",
		Changes:   []analytics.Change{{UnitID: "zhongmou", UnitName: "中牟县", Group: "districts", RankBefore: 2, RankAfter: 1, ScoreBefore: 33.7, ScoreAfter: 61.2, GradeBefore: "D", GradeAfter: "C"}},
		Decisions: []objection.Objection{{ID: "OBJ-1", UnitID: "zhongmou", DocID: "doc1", Category: "政府债务与拖欠", Decision: objection.Repaired, DecisionReason: "已结清", At: time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}}}
	data := struct {
		view
		Periods, Grades                                 []string
		Period, PeriodName, Group, Version, RunID, AsOf string
		Rows                                            []analytics.Row
		Correction                                      *Correction
		Chart                                           template.JS
	}{view{Title: "排名", Nav: "rankings", CSRF: "token", Now: "2026-12-03 10:05", User: auth.User{Name: "pingjia", Display: "评估组", Role: auth.Evaluator}},
		[]string{"2026-10"}, []string{"A", "B", "C", "D"}, "2026-10", "2026年10月", "districts", "2026.6", "r1", "2026-11-05", rows, corr, template.JS("{}")}
	var b bytes.Buffer
	if err := pages["rankings"].ExecuteTemplate(&b, "base", data); err != nil {
		t.Fatal(err)
	}
	golden(t, "rankings-as-of.html", b.String())
}
