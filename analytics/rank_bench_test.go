package analytics

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// BenchmarkRankYear is a full ranking run: both groups, every month, quarter,
// half-year and year of 2026, over TRUSTWATCH_BENCH_SIGNALS signals (default
// 1,000,000) about a fifth as many documents. Each op is the 19 periods.
func BenchmarkRankYear(b *testing.B) {
	signals := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("TRUSTWATCH_BENCH_SIGNALS")); err == nil && v > 0 {
		signals = v
	}
	s := storetest.Open(b)
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, u := range cfg.Loaded.Units.All() {
		ids = append(ids, u.ID)
	}
	start := time.Now()
	storetest.SeedYear(b, s, ids, signals/5, signals)
	b.Logf("seeded %d signals, %d documents in %.1fs", signals, signals/5, time.Since(start).Seconds())
	var ps []period.Period
	for _, k := range period.Kinds {
		ps = append(ps, period.Range(k, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))...)
	}
	// backdated=claimed skips v_backdated (the crawler's sightings against
	// the claimed 公示日期): its cost is the difference with observed.
	for _, c := range []struct {
		boot      int
		backdated string
	}{{0, "observed"}, {0, "claimed"}, {500, "observed"}} {
		b.Run(fmt.Sprintf("bootstrap=%d/backdated=%s", c.boot, c.backdated), func(b *testing.B) {
			sys := *withParam(cfg.Loaded.Index, "sgs_timeliness", "backdated", c.backdated)
			sys.Bootstrap.Replicates = c.boot
			r, err := New(Options{Store: s, Units: cfg.Loaded.Units.All(), Index: &sys, Now: func() time.Time { return time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC) }})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runs, err := r.RankAll(context.Background(), ps, JobBackfill)
				if err != nil {
					b.Fatal(err)
				}
				if len(runs) != 19 || len(runs[0].Rows) != 46 {
					b.Fatalf("%d runs, %d rows in the first", len(runs), len(runs[0].Rows))
				}
			}
			b.ReportMetric(float64(signals), "signals")
		})
	}
}
