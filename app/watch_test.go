package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/watch"
)

// TestWatchPowerLists: the sample web's 权责清单 are crawled; then 中牟县
// revises its list (one item removed, one amended, one added) and the index
// page links to a missing page; a second crawl sees both. The watcher shows
// exactly that diff, when it was seen, each item's first sighting and last
// change, and the broken link; 2026-12's 权责清单动态更新 equals the sample
// web's truth for every unit, 中牟县's counting its update of today.
func TestWatchPowerLists(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w := newChangingWeb(t, ctx)
	e, cfg, site := w.e, w.cfg, w.site
	crawl := func(want int) { t.Helper(); w.crawl(t, ctx, want) }
	crawl(len(site.Items()))
	first := time.Now()
	zhongmou, _ := cfg.Loaded.Units.Get("zhongmou")
	removed, changed, added := site.RevisePowers(zhongmou, time.Now())
	site.BreakPowerLink()
	crawl(1)

	lists, err := watch.Lists(ctx, e.Store, "zhongmou", watch.Rule{Months: 3, MaxMonths: 24}, time.Now())
	if err != nil || len(lists) != 2 {
		t.Fatalf("zhongmou's lists and the 上级's: %d, %v", len(lists), err)
	}
	l := lists[0]
	if l.Upstream {
		l = lists[1]
	}
	var got []string
	for _, c := range l.Changes {
		got = append(got, c.Kind+" "+c.Code)
	}
	want := []string{"removed " + removed, "changed " + changed, "added " + added}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, ","), w) {
			t.Fatalf("changes %v; want %v", got, want)
		}
	}
	today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	if len(got) != 3 || l.Versions != 2 || l.ChangedAt.Before(first) || l.LastUpdate != today || l.Stale {
		t.Fatalf("list %+v; want 2 versions, 3 changes seen after the first crawl, updated %s, current", l, today)
	}
	for _, it := range l.Items {
		switch it.Code {
		case added, changed:
			if !it.Changed.After(first) {
				t.Fatalf("%s last changed %v, before the revision", it.Code, it.Changed)
			}
		default:
			if it.Changed.After(first) || len(it.Hash) != 12 {
				t.Fatalf("%s unchanged but %+v", it.Code, it)
			}
		}
	}
	broken, err := watch.BrokenLinks(ctx, e.Store)
	if err != nil || len(broken) != 1 || !strings.HasSuffix(broken[0].URL, sampleweb.BrokenPowerLink) || broken[0].Status != 404 {
		t.Fatalf("broken links %+v, %v", broken, err)
	}
	// The index over the truth: a period holding today.
	r, err := e.Ranker()
	if err != nil {
		t.Fatal(err)
	}
	p := period.Containing(period.Month, time.Now())
	run, err := r.Rank(ctx, p, analytics.JobRank)
	if err != nil {
		t.Fatal(err)
	}
	truth := site.Truth(p, time.Now())["powerlist_fresh"]
	checked := 0
	for _, res := range run.Results {
		for _, u := range res.Units {
			for _, is := range u.Indicators {
				if is.ID == "powerlist_fresh" {
					checked++
					if is.Num != truth[u.ID].Num || is.Den != truth[u.ID].Den {
						t.Errorf("%s %s 权责清单动态更新 %g/%g; the sample web's truth %g/%g", p, u.ID, is.Num, is.Den, truth[u.ID].Num, truth[u.ID].Den)
					}
				}
			}
		}
	}
	// The watcher's staleness agrees with the truth where the month is all
	// one way: only stale spans (stale now), or only current ones.
	all, err := watch.Lists(ctx, e.Store, "", watch.Rule{Months: 3, MaxMonths: 24}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	stale := 0
	for _, l := range all {
		if l.Upstream || len(l.Units) != 1 {
			continue
		}
		tr := truth[l.Units[0]]
		if tr.Num == 0 && tr.Den > 0 && !l.Stale || tr.Num == tr.Den && tr.Den > 0 && l.Stale {
			t.Errorf("%s: watch says stale %v (from %s); the truth of %s is %g/%g", l.Units[0], l.Stale, l.StaleFrom.Format("2006-01-02"), p, tr.Num, tr.Den)
		}
		if l.Stale {
			stale++
		}
	}
	if stale == 0 || stale == len(all)-1 {
		t.Fatalf("%d of %d lists stale: the sample web should have both", stale, len(all)-1)
	}
	// 中牟县: current from today, whatever it was before.
	if z := res(run, "zhongmou"); checked < 16 || z.Num != 1 {
		t.Fatalf("checked %d units; zhongmou %+v, want its span from today current", checked, z)
	}
}

func res(run analytics.Run, unitID string) index.IndicatorScore {
	for _, r := range run.Results {
		for _, u := range r.Units {
			for _, is := range u.Indicators {
				if u.ID == unitID && is.ID == "powerlist_fresh" {
					return is
				}
			}
		}
	}
	return index.IndicatorScore{}
}
