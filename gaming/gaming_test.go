package gaming

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestFind: the source sgs was crawled healthily on 10-10 and 10-20 (and
// unhealthily on 10-15). A decision claiming 10-05 first seen on 10-20 was
// backdated (the 10-10 crawl missed it): 15 days; one claiming 10-08 too
// (12 days); one claiming 10-09 is within the day of grace; one claiming
// 10-19 and one first seen on the first crawl are not. A refetch does not
// move the first sighting. erqi published five decisions of August in the
// last days of October: a burst; guancheng's four, and erqi's one of
// mid-October, are not.
func TestFind(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	runs := [][]any{
		{"r1", "sgs", at("2026-10-10 02:00"), at("2026-10-10 02:10"), uint8(1)},
		{"r2", "sgs", at("2026-10-15 02:00"), at("2026-10-15 02:10"), uint8(0)},
		{"r3", "sgs", at("2026-10-20 02:00"), at("2026-10-20 02:10"), uint8(1)},
	}
	if err := s.Insert(ctx, store.Database+".crawl_runs", []string{"run_id", "source", "started_at", "finished_at", "healthy"}, runs); err != nil {
		t.Fatal(err)
	}
	var docs [][]any
	doc := func(id, version, unit, decided, published string, fetched time.Time) {
		pub, _ := time.Parse("2006-01-02", published)
		docs = append(docs, []any{id, version, "sgs", "disclosure", "http://sgs/" + id, "行政处罚决定 " + id, "正文", pub, fetched,
			map[string]string{"决定日期": decided, "公示日期": published}, []string{unit}, uint32(1), time.Now().UTC()})
	}
	doc("bd1", "v1", "jinshui", "2026-09-28", "2026-10-05", at("2026-10-20 02:05"))
	doc("bd1", "v1", "jinshui", "2026-09-28", "2026-10-05", at("2026-10-25 02:05")) // fetched again
	doc("bd2", "v1", "jinshui", "2026-09-28", "2026-10-08", at("2026-10-20 02:06"))
	doc("grace", "v1", "jinshui", "2026-09-28", "2026-10-09", at("2026-10-20 02:07"))
	doc("ok1", "v1", "jinshui", "2026-10-16", "2026-10-19", at("2026-10-20 02:08"))
	doc("ok2", "v1", "jinshui", "2026-09-28", "2026-10-09", at("2026-10-10 02:05"))
	for i := 0; i < 5; i++ {
		doc(fmt.Sprintf("erqi%d", i), "v1", "erqi", "2026-08-01", fmt.Sprintf("2026-10-%d", 25+i), at("2026-10-30 02:00"))
	}
	doc("erqi-mid", "v1", "erqi", "2026-08-01", "2026-10-15", at("2026-10-20 02:00"))
	for i := 0; i < 4; i++ {
		doc(fmt.Sprintf("gc%d", i), "v1", "guancheng", "2026-08-01", fmt.Sprintf("2026-10-%d", 25+i), at("2026-10-30 02:00"))
	}
	cols := []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	for _, d := range docs { // one insert per fetch, as ingest does
		if err := s.Insert(ctx, store.Database+".documents", cols, [][]any{d}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Find(ctx, s, period.Of(period.Month, 2026, 10), "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, b := range f.Backdated {
		got[b.DocID] = b.GapDays
		if b.DocID == "bd1" && (!b.FirstSeen.Equal(at("2026-10-20 02:05")) || !b.MissedAt.Equal(at("2026-10-10 02:00")) || b.UnitID != "jinshui") {
			t.Fatalf("bd1: %+v", b)
		}
	}
	if len(got) != 2 || got["bd1"] != 15 || got["bd2"] != 12 {
		t.Fatalf("backdated %v; want bd1 (15 days) and bd2 (12)", got)
	}
	if len(f.Bursts) != 1 || f.Bursts[0].UnitID != "erqi" || f.Bursts[0].Count != 5 || f.Bursts[0].First != "2026-10-25" || f.Bursts[0].MedianAge != 87 {
		t.Fatalf("bursts %+v; want erqi's five of 10-25..29", f.Bursts)
	}
	one, err := Find(ctx, s, period.Of(period.Month, 2026, 10), "erqi")
	if err != nil || len(one.Backdated) != 0 || len(one.Bursts) != 1 {
		t.Fatalf("erqi's findings: %+v, %v", one, err)
	}
}

// TestFindAgreesWithTheView: the page's query and v_backdated (what the
// index and analysts read) find the same decisions.
func TestFindAgreesWithTheView(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	if err := s.Insert(ctx, store.Database+".crawl_runs", []string{"run_id", "source", "started_at", "finished_at", "healthy"},
		[][]any{{"r1", "sgs", at("2026-10-10 02:00"), at("2026-10-10 02:10"), uint8(1)}}); err != nil {
		t.Fatal(err)
	}
	cols := []string{"id", "version", "source", "kind", "url", "title", "text", "published_at", "fetched_at", "fields", "units", "tokens", "ingested_at"}
	for i, claimed := range []string{"2026-10-01", "2026-10-05", "2026-10-08", "2026-10-09", "2026-10-20"} {
		pub, _ := time.Parse("2006-01-02", claimed)
		row := []any{fmt.Sprintf("d%d", i), "v1", "sgs", "disclosure", "http://sgs/", "决定", "", pub, at("2026-10-21 02:00"),
			map[string]string{"决定日期": "2026-09-28", "公示日期": claimed}, []string{"jinshui"}, uint32(1), time.Now().UTC()}
		if err := s.Insert(ctx, store.Database+".documents", cols, [][]any{row}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Find(ctx, s, period.Of(period.Month, 2026, 10), "jinshui")
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_backdated WHERE claimed >= '2026-10-01' AND claimed < '2026-11-01'")
	if err != nil || int(n) != len(f.Backdated) || n != 3 {
		t.Fatalf("Find %d, v_backdated %d (%v); want the three claiming 10-01, 10-05 and 10-08", len(f.Backdated), n, err)
	}
}
