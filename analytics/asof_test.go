package analytics

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestAsOf: a period ranked on one day and recomputed on a later one after
// new records arrived. As of the first day the ranking reads back exactly
// as it was published; as of the second, the recomputed one; Compare says
// which units moved; before any run there is none.
func TestAsOf(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	oct, _ := period.Parse("2025-10")
	rankAt := func(at time.Time) Run {
		r, err := New(Options{Store: s, Units: units, Index: cfg.Loaded.Index, Now: func() time.Time { return at }})
		if err != nil {
			t.Fatal(err)
		}
		run, err := r.Rank(ctx, oct, JobRank)
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	published := time.Date(2025, 11, 5, 2, 0, 0, 0, time.UTC) // 10:00 on 11-05 in 郑州
	first := rankAt(published)
	// New records about b arrive: four lost lawsuits and failures in October.
	var more fixture
	for i := 0; i < 4; i++ {
		more.signal("b", "judgment", "2025-10-20", -1, 5, "行政诉讼败诉")
	}
	more.insert(t, s)
	second := rankAt(published.Add(10 * 24 * time.Hour))

	asPublished, err := LoadRunAsOf(ctx, s, oct, EndOfDay(time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := loadRun(ctx, s, oct, first.ID, first.Version)
	if asPublished.ID != first.ID || !reflect.DeepEqual(asPublished.Rows, stored.Rows) {
		t.Fatalf("as of 11-05: run %s, want %s with the same rows", asPublished.ID, first.ID)
	}
	for i, r := range asPublished.Rows {
		if r.Rank != first.Rows[i].Rank || r.UnitID != first.Rows[i].UnitID {
			t.Fatalf("as of 11-05, row %d: %s #%d; published %s #%d", i, r.UnitID, r.Rank, first.Rows[i].UnitID, first.Rows[i].Rank)
		}
	}
	latest, err := LoadRunAsOf(ctx, s, oct, EndOfDay(time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)))
	if err != nil || latest.ID != second.ID {
		t.Fatalf("as of 11-20: %s, %v; want %s", latest.ID, err, second.ID)
	}
	changes := Compare(asPublished, latest)
	var moved bool
	for _, c := range changes {
		if c.UnitID == "b" && c.ScoreAfter < c.ScoreBefore {
			moved = true
		}
	}
	if !moved {
		t.Fatalf("changes %+v; want b's score down", changes)
	}
	if len(Compare(asPublished, asPublished)) != 0 {
		t.Fatal("a run differs from itself")
	}
	if _, err := LoadRunAsOf(ctx, s, oct, EndOfDay(time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC))); err == nil {
		t.Fatal("a ranking as of a day before any run")
	}
	runs, _ := Runs(ctx, s, oct)
	if len(runs) != 2 {
		t.Fatalf("%d runs stored, want 2", len(runs))
	}
}
