package crawler

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/source"
)

func TestSchedulerGroupsAndRejects(t *testing.T) {
	srcs := []source.Source{{ID: "a", Schedule: "@every 1s"}, {ID: "b"}, {ID: "c", Schedule: "@every 1s"}}
	s, err := NewScheduler(ScheduleOptions{Sources: srcs, Default: "0 */6 * * *", Crawl: func(context.Context, []source.Source) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Plan(), []string{"@every 1s: a, c", "0 */6 * * *: b"}; !slices.Equal(got, want) {
		t.Fatalf("plan %q, want %q", got, want)
	}
	_, err = NewScheduler(ScheduleOptions{Sources: []source.Source{{ID: "x", Schedule: "every day"}}, Default: "@hourly",
		Crawl: func(context.Context, []source.Source) error { return nil }})
	if err == nil || !strings.Contains(err.Error(), `source x: bad schedule "every day"`) {
		t.Fatalf("got %v, want an error naming source x and its schedule", err)
	}
}

// TestSchedulerRuns: every source is crawled at start; then the source due
// every second is crawled again, the hourly one not, and crawls never overlap.
func TestSchedulerRuns(t *testing.T) {
	var mu sync.Mutex
	counts := map[string]int{}
	running, overlapped := 0, false
	crawl := func(ctx context.Context, srcs []source.Source) error {
		mu.Lock()
		running++
		overlapped = overlapped || running > 1
		for _, s := range srcs {
			counts[s.ID]++
		}
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
		return nil
	}
	s, err := NewScheduler(ScheduleOptions{Sources: []source.Source{{ID: "fast", Schedule: "@every 1s"}, {ID: "slow"}},
		Default: "@hourly", Crawl: crawl})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		fast := counts["fast"]
		mu.Unlock()
		if fast >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if counts["fast"] < 3 || counts["slow"] != 1 || overlapped {
		t.Fatalf("crawls %v, overlapped %v; want fast ≥ 3, slow once (at start), no overlap", counts, overlapped)
	}
}
