package ingest_test

import (
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store/storetest"
)

// BenchmarkIngest measures documents per second from the embedded broker's
// topic into chDB, analysis included, in batches of 500.
func BenchmarkIngest(b *testing.B) {
	t := &testing.T{}
	getAnalyzer(t)
	const n = 2000
	docs := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := topicTB(b, n)
		s := storetest.Open(b)
		in, c := newIngestTB(b, o, s, 500, 200*time.Millisecond)
		b.StartTimer()
		if err := runUntil(t, in, n); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		c.Close()
		s.Close()
		docs += n
		b.StartTimer()
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}
