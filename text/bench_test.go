package text_test

import (
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/document"
)

func corpus(b *testing.B) ([]document.Document, int64) {
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked()})
	if err != nil {
		b.Fatal(err)
	}
	var docs []document.Document
	var n int64
	for _, it := range site.Items() {
		f := map[string]string{}
		for _, x := range it.Fields {
			f[x.Name] = x.Value
		}
		d := document.New("s", "complaint", "http://x"+it.Path, it.Title, it.Body, it.Date, it.Date, f)
		docs = append(docs, d)
		n += int64(len(d.Title) + len(d.Text))
	}
	return docs, n
}

// BenchmarkSegment is gse segmentation alone over the sample web's titles and
// bodies: the ceiling for BenchmarkAnalyze.
func BenchmarkSegment(b *testing.B) {
	docs, n := corpus(b)
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			an.Segment(d.Title)
			an.Segment(d.Text)
		}
	}
}

// BenchmarkAnalyze is segmentation + attribution + classification.
func BenchmarkAnalyze(b *testing.B) {
	docs, n := corpus(b)
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			an.Analyze(d)
		}
	}
}

// BenchmarkAnalyzeVsSegment alternates a segmentation-only pass and an
// analyze pass over the same documents and reports analyze's throughput as a
// share of segmentation's: alternating cancels the drift of a shared machine
// that separate benchmarks suffer.
func BenchmarkAnalyzeVsSegment(b *testing.B) {
	docs, n := corpus(b)
	var seg, full time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, d := range docs {
			an.Segment(d.Title)
			an.Segment(d.Text)
		}
		t1 := time.Now()
		for _, d := range docs {
			an.Analyze(d)
		}
		seg, full = seg+t1.Sub(t0), full+time.Since(t1)
	}
	mb := float64(n*int64(b.N)) / (1 << 20)
	b.ReportMetric(mb/seg.Seconds(), "segment-MB/s")
	b.ReportMetric(mb/full.Seconds(), "analyze-MB/s")
	b.ReportMetric(seg.Seconds()/full.Seconds(), "ratio")
}
