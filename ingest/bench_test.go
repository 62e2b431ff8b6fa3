package ingest_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/ingest"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/text"
)

const benchDocs = 60000

// benchCorpus is the sample web's pages, repeated under distinct URLs up to
// benchDocs documents.
func benchCorpus(b *testing.B) []document.Document {
	getAnalyzer(b) // loads cfg too
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked()})
	if err != nil {
		b.Fatal(err)
	}
	items := site.Items()
	docs := make([]document.Document, benchDocs)
	for i := range docs {
		it := items[i%len(items)]
		f := map[string]string{}
		for _, x := range it.Fields {
			f[x.Name] = x.Value
		}
		docs[i] = document.New("bench", "complaint", fmt.Sprintf("http://bench%s#%d", it.Path, i/len(items)), it.Title, it.Body, it.Date, it.Date, f)
		docs[i].ID = document.ID("bench", fmt.Sprintf("%d", i))
	}
	return docs
}

// benchBroker is the real broker when make bench/test provides one.
func benchBroker(b *testing.B) (string, []string) {
	if v := os.Getenv("TRUSTWATCH_KAFKA_BROKERS"); v != "" {
		return "kafka", strings.Split(v, ",")
	}
	emb, err := bus.StartEmbedded("")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(emb.Close)
	return "embedded", emb.Brokers()
}

// BenchmarkPipeline compares, on the same documents: analysis alone; a bare
// batched insert of the rows ingest would write; and the whole path from the
// topic into ClickHouse, for raw documents and for documents pre-enriched
// upstream. Each op handles benchDocs documents; the figure is docs/s.
func BenchmarkPipeline(b *testing.B) {
	docs := benchCorpus(b)
	an := getAnalyzer(b)
	b.Run("analyze_only", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, d := range docs {
				an.Analyze(d)
			}
		}
		report(b)
	})
	b.Run("bare_insert", func(b *testing.B) {
		s := storetest.Open(b)
		batches := rowBatches(docs, an, ingest.DefaultBatchSize)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for _, x := range batches {
				insertRows(b, s, x.docs, x.sigs)
			}
		}
		report(b)
	})
	kind, brokers := benchBroker(b)
	b.Run("e2e_raw_"+kind, func(b *testing.B) { e2e(b, brokers, docs) })
	enriched := make([]document.Document, len(docs))
	for i, d := range docs {
		res := an.Analyze(d)
		d.Analysis = &res
		enriched[i] = d
	}
	b.Run("e2e_enriched_"+kind, func(b *testing.B) { e2e(b, brokers, enriched) })
}

func report(b *testing.B) {
	b.ReportMetric(float64(b.N*benchDocs)/b.Elapsed().Seconds(), "docs/s")
}

// e2e publishes the documents (untimed), then times ingest from the topic
// until every document is stored and committed.
func e2e(b *testing.B, brokers []string, docs []document.Document) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := bus.Options{Brokers: brokers, Topic: fmt.Sprintf("bench.%d", time.Now().UnixNano()), Partitions: 3}
		for _, topic := range []string{o.Topic, o.Topic + ".dlq"} {
			x := o
			x.Topic = topic
			if err := bus.EnsureTopic(context.Background(), x); err != nil {
				b.Fatal(err)
			}
		}
		publishDocs(b, o, docs)
		s := storetest.Open(b)
		in, c := newIngestOpts(b, o, ingest.Options{Store: s, BatchSize: ingest.DefaultBatchSize, BatchTimeout: 200 * time.Millisecond})
		b.StartTimer()
		if err := runUntilTB(b, in, int64(len(docs))); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		c.Close()
		s.Close()
		b.StartTimer()
	}
	report(b)
}

func publishDocs(b *testing.B, o bus.Options, docs []document.Document) {
	p, err := bus.NewProducer(o)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	msgs := make([]bus.Message, len(docs))
	for i, d := range docs {
		v, _ := d.Encode()
		msgs[i] = bus.Message{Key: []byte(d.ID), Value: v}
	}
	if err := p.Publish(context.Background(), msgs...); err != nil {
		b.Fatal(err)
	}
}

func insertRows(b *testing.B, s *store.Store, rows, sigs [][]any) {
	ctx := context.Background()
	if err := s.Insert(ctx, "trustwatch.documents", ingest.DocumentColumns, rows); err != nil {
		b.Fatal(err)
	}
	if err := s.Insert(ctx, "trustwatch.signals", ingest.SignalColumns, sigs); err != nil {
		b.Fatal(err)
	}
}

type rowBatch struct{ docs, sigs [][]any }

// rowBatches analyses the documents and groups their rows as ingest would.
func rowBatches(docs []document.Document, an *text.Analyzer, size int) []rowBatch {
	var out []rowBatch
	now := time.Now().UTC()
	for i := 0; i < len(docs); i += size {
		var rb rowBatch
		for _, d := range docs[i:min(i+size, len(docs))] {
			doc, sigs := ingest.Rows(d, an.Analyze(d), now)
			rb.docs = append(rb.docs, doc)
			rb.sigs = append(rb.sigs, sigs...)
		}
		out = append(out, rb)
	}
	return out
}
