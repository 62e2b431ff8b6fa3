package crawler_test

import (
	"context"
	"testing"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
)

// BenchmarkCrawlSampleWeb crawls the whole loopback sample web (list pages,
// pagination, detail pages, extraction) per iteration.
func BenchmarkCrawlSampleWeb(b *testing.B) {
	t := &testing.T{}
	cfg, site, url := sampleSite(t)
	pages := 0
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
	b.ReportMetric(float64(len(site.Items())), "docs/op")
}
