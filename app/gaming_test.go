package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/gaming"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/unit"
)

// TestGamingOnTheSampleWeb: 二七区 clears a backlog of five decisions of
// August in the last days of October, before the first crawl; after it,
// 中牟县 puts online a decision whose page claims 2026-10-16. The second
// crawl sees it for the first time. The findings name exactly that
// decision (backdated: the first crawl ran after the day it claims) and the
// bursts the sample web's truth holds; 2026-10's 双公示及时率 counts the
// backdated decision as published when it was seen, so not in October —
// every unit's value equals the sample web's truth.
func TestGamingOnTheSampleWeb(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w := newChangingWeb(t, ctx)
	e, cfg, site := w.e, w.cfg, w.site
	unitOf := func(id string) unit.Unit {
		x, ok := cfg.Loaded.Units.Get(id)
		if !ok {
			t.Fatalf("no unit %s", id)
		}
		return x
	}
	site.PublishBurst(unitOf("erqi"), 5, time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC))
	crawl := func(want int) { t.Helper(); w.crawl(t, ctx, want) }
	crawl(len(site.Items()))
	bd := site.PublishBackdated(unitOf("zhongmou"), time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 16, 0, 0, 0, 0, time.UTC))
	crawl(1)

	oct := period.Of(period.Month, 2026, 10)
	f, err := gaming.Find(ctx, e.Store, oct, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Backdated) != 1 || f.Backdated[0].UnitID != "zhongmou" || f.Backdated[0].Claimed != "2026-10-16" || f.Backdated[0].URL != w.url+bd.Path {
		t.Fatalf("backdated %+v; want only %s of zhongmou", f.Backdated, bd.Path)
	}
	var got []string
	for _, b := range f.Bursts {
		got = append(got, b.UnitID)
	}
	if want := burstTruth(site, oct); !slices.Equal(got, want) {
		t.Fatalf("bursts of %v; the sample web's truth: %v", got, want)
	}
	r, err := e.Ranker()
	if err != nil {
		t.Fatal(err)
	}
	run, err := r.Rank(ctx, oct, analytics.JobRank)
	if err != nil {
		t.Fatal(err)
	}
	truth := site.Truth(oct, time.Now())["sgs_timeliness"]
	for _, res := range run.Results {
		for _, u := range res.Units {
			for _, is := range u.Indicators {
				if is.ID == "sgs_timeliness" && res.Group == index.Districts && (is.Num != truth[u.ID].Num || is.Den != truth[u.ID].Den) {
					t.Errorf("%s 双公示及时率 %g/%g; the sample web's truth %g/%g", u.ID, is.Num, is.Den, truth[u.ID].Num, truth[u.ID].Den)
				}
			}
		}
	}
}

// burstTruth applies the burst rule of package gaming to the sample web's
// items: the units with at least gaming.BurstMin decisions published in the
// last gaming.BurstWindow days of p, each gaming.BurstAge days or more
// after it was taken, most first.
func burstTruth(site *sampleweb.Site, p period.Period) []string {
	n := map[string]int{}
	for _, it := range site.Items() {
		if it.Site != sampleweb.SiteDisclosure || !p.Contains(it.Date) {
			continue
		}
		day := time.Date(it.Date.Year(), it.Date.Month(), it.Date.Day(), 0, 0, 0, 0, time.UTC)
		decided := time.Date(it.Decided.Year(), it.Decided.Month(), it.Decided.Day(), 0, 0, 0, 0, time.UTC)
		if !day.Before(p.End.AddDate(0, 0, -gaming.BurstWindow)) && day.Sub(decided) >= gaming.BurstAge*24*time.Hour {
			n[it.Unit]++
		}
	}
	var out []string
	for u, c := range n {
		if c >= gaming.BurstMin {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		if n[a] != n[b] {
			return n[b] - n[a]
		}
		if a < b {
			return -1
		}
		return 1
	})
	return out
}
