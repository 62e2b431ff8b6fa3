package analytics

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store/storetest"
)

// After a restart the close runs missed while down are caught up, each
// period once; periods without evidence are refused once, not every start.
func TestCatchUpMissedPeriods(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	r := ranker(t, s)
	r.o.Now = func() time.Time { return time.Date(2025, 11, 3, 2, 0, 0, 0, time.UTC) }
	sched, err := NewScheduler(r, "0 2 * * *", "0 3 1 * *", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	missed, err := r.Missed(ctx, r.o.Now().AddDate(-1, 0, 0))
	if err != nil || len(missed) == 0 {
		t.Fatalf("missed %v, err %v", missed, err)
	}
	names := map[string]bool{}
	for _, p := range missed {
		names[p.String()] = true
	}
	for _, want := range []string{"2025-10", "2025-Q3", "2025-H1", "2024"} {
		if !names[want] {
			t.Fatalf("missed periods %v lack %s", names, want)
		}
	}
	if names["2025-11"] || names["2025-Q4"] {
		t.Fatalf("periods not yet ended counted as missed: %v", names)
	}
	sched.CatchUp(ctx)
	for _, label := range []string{"2025-10", "2025-Q3", "2025-H1", "2024"} {
		if n, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs WHERE job = 'close' AND status = 'ok' AND label = '"+label+"'"); n != 1 {
			t.Fatalf("%s: %d successful close runs, want 1", label, n)
		}
	}
	if again, _ := r.Missed(ctx, r.o.Now().AddDate(-1, 0, 0)); len(again) != 0 {
		t.Fatalf("still missed after catching up: %v", again)
	}
	before, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs")
	sched.CatchUp(ctx)
	if after, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.job_runs"); after != before {
		t.Fatalf("a second catch-up ran %d jobs", after-before)
	}
}

// Two jobs started together run one after the other.
func TestJobsDoNotOverlap(t *testing.T) {
	s := storetest.Open(t)
	october2025().insert(t, s)
	r := ranker(t, s)
	r.o.Now = func() time.Time { return time.Now() }
	sched, _ := NewScheduler(r, "0 2 * * *", "0 3 1 * *", nil)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); sched.Refresh(context.Background()) }()
	}
	wg.Wait()
	var runs []struct {
		S string `json:"s"`
		F string `json:"f"`
	}
	if err := s.SelectInto(context.Background(), "SELECT toString(started_at) AS s, toString(finished_at) AS f FROM trustwatch.job_runs WHERE job = 'refresh' ORDER BY started_at", &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 8 {
		t.Fatalf("%d refresh runs, want 2 × 4 periods", len(runs))
	}
	for i := 1; i < len(runs); i++ {
		if runs[i].S < runs[i-1].F {
			t.Fatalf("run %d started %s before run %d finished %s", i, runs[i].S, i-1, runs[i-1].F)
		}
	}
}
