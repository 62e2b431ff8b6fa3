package faults

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkScaleWorkers measures crawl and ingest throughput with one and
// two worker processes of each, every service its own process on the real
// broker and the store behind `trustwatch store serve` — the deployment of
// TestScaleOut. On a 2-core machine two workers share the cores with the
// store, the broker and each other: the figure says what a second process
// costs and brings here, not what a second machine would.
//
//	go test ./faults -run '^$' -bench ScaleWorkers -benchtime 1x
func BenchmarkScaleWorkers(b *testing.B) {
	for _, stage := range []string{"crawl", "ingest"} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", stage, workers), func(b *testing.B) {
				for range b.N {
					docs, elapsed := scaleRun(b, stage, workers)
					b.ReportMetric(float64(docs)/elapsed.Seconds(), "docs/s")
					b.ReportMetric(0, "ns/op")
				}
			})
		}
	}
}

// ingestDocs is how many complaint documents the ingest stage stores: enough
// that batches, not start-up and the group's first rebalance, dominate.
const ingestDocs = 20000

// scaleRun sets up the services and times one stage over the sample web's
// documents: crawl (workers crawl every source, one ingest stores) or ingest
// (20,000 complaint documents are on the topic first; the workers store them).
func scaleRun(b *testing.B, stage string, workers int) (int64, time.Duration) {
	sc := startScale(b, "bench")
	ps, st, want := sc.ps, sc.st, sc.docs
	defer ps.stopAll()
	crawlers, ingesters := 1, workers
	if stage == "crawl" {
		crawlers, ingesters = workers, 1
	}
	if stage == "ingest" { // the documents wait on the topic: only storing is timed
		want = ingestDocs
		publish(b, sc.o, 0, ingestDocs)
	}
	start := time.Now()
	for i := range ingesters {
		ps.start(fmt.Sprintf("ingest-%d", i+1), "ingest")
	}
	if stage == "crawl" {
		for i := range crawlers {
			ps.start(fmt.Sprintf("crawl-%d", i+1), "crawl", "-worker", "-sampleweb", sc.web)
		}
		ps.run("enqueue", "crawl", "-enqueue")
	}
	waitCount(b, st, "SELECT uniqExact(id) AS n FROM trustwatch.v_documents", want, 5*time.Minute)
	b.Logf("%s, %d workers: %s from the first process started to the last document stored", stage, workers, time.Since(start).Round(time.Millisecond))
	// The window is the stage's own, from its data: first to last fetch for
	// the crawl, first to last insert for ingest — process start-up (the
	// dictionaries take seconds) and the group's first join are not in it.
	col := "fetched_at"
	if stage == "ingest" {
		col = "ingested_at"
	}
	ms, err := st.Count(context.Background(), "SELECT toInt64(dateDiff('millisecond', min("+col+"), max("+col+"))) AS n FROM trustwatch.v_documents")
	if err != nil {
		b.Fatal(err)
	}
	return want, time.Duration(ms) * time.Millisecond
}
