package faults

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
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
	brokers := realBroker(b)
	bin, dir := buildBinary(b), b.TempDir()
	o := topics(b, brokers, "bench")
	storeAddr := freePort(b)
	cfgPath := writeScaleConfig(b, dir, brokers, o.Topic, storeAddr)
	cfg, err := config.Load(cfgPath, func(k string) (string, bool) {
		if k == "TRUSTWATCH_CLICKHOUSE_PASSWORD" {
			return scalePassword, true
		}
		return "", false
	})
	if err != nil {
		b.Fatal(err)
	}
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked(), Departments: cfg.Loaded.Units.Departments(),
		Seed: cfg.SampleWeb.Seed, Latest: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Months: cfg.SampleWeb.Months})
	if err != nil {
		b.Fatal(err)
	}
	web, err := site.Listen("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = web.Run(ctx) }()
	ps := &procs{t: b, bin: bin, cfg: cfgPath, dir: dir}
	defer ps.stopAll()
	ps.start("store", "store", "serve")
	waitReady(b, "http://"+storeAddr+"/readyz")
	st := openServed(b, storeAddr)
	want := int64(len(site.Items()))
	crawlers, ingesters := 1, workers
	if stage == "crawl" {
		crawlers, ingesters = workers, 1
	}
	if stage == "ingest" { // the documents wait on the topic: only storing is timed
		want = ingestDocs
		publish(b, o, 0, ingestDocs)
	}
	start := time.Now()
	for i := range ingesters {
		ps.start(fmt.Sprintf("ingest-%d", i+1), "ingest")
	}
	if stage == "crawl" {
		for i := range crawlers {
			ps.start(fmt.Sprintf("crawl-%d", i+1), "crawl", "-worker", "-sampleweb", web.URL())
		}
		ps.run("enqueue", "crawl", "-enqueue")
	}
	waitCount(b, st, "SELECT uniqExact(id) AS n FROM trustwatch.v_documents", want, 5*time.Minute)
	return want, time.Since(start)
}
