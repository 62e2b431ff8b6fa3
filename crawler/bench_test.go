package crawler_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
)

// BenchmarkCrawlSampleWeb crawls the whole loopback sample web (list pages,
// pagination, detail pages, extraction) per iteration.
func BenchmarkCrawlSampleWeb(b *testing.B) {
	t := &testing.T{}
	cfg, site, url := sampleSite(t)
	// One crawl first: it meets the flaky page's single 503 and its one-second
	// Retry-After, which would otherwise weigh on the first iteration.
	warm, _ := crawler.New(crawler.Options{Sources: cfg.Loaded.Sources, SampleWebURL: url,
		Publish: func(context.Context, []document.Document) error { return nil }})
	if _, err := warm.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	pages := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, _ := crawler.New(crawler.Options{Sources: cfg.Loaded.Sources, SampleWebURL: url, Parallelism: 8,
			Publish: func(context.Context, []document.Document) error { return nil }})
		rep, err := c.Run(context.Background())
		if err != nil || rep.Documents != len(site.Items()) {
			b.Fatalf("crawl: %d documents, err %v", rep.Documents, err)
		}
		for _, s := range rep.Sources {
			pages += s.Pages
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(pages), "cpu-µs/page")
	b.ReportMetric(float64(len(site.Items())), "docs/op")
}

// cpuTime is the process's user + system CPU time (it serves the sample web
// too, so the figure includes the server's side of each page).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
