package analytics

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkGroupEvents groups a year of documents for 46 units: 200,000
// documents from 20 sources, one in ten a repost of another within days.
func BenchmarkGroupEvents(b *testing.B) {
	const n, units, sources = 200000, 46, 20
	r := rand.New(rand.NewPCG(1, 2))
	docs := make([]eventDoc, n)
	year := int64(365 * 24 * 3600)
	for i := range docs {
		docs[i] = eventDoc{ID: fmt.Sprintf("%08d", i), Source: fmt.Sprint("s", r.IntN(sources)),
			Units: []string{fmt.Sprint("u", r.IntN(units))}, T: r.Int64N(year), hash: r.Uint64()}
		if i > 0 && i%10 == 0 { // a repost of the previous document, on another site, a day later
			p := docs[i-1]
			docs[i] = eventDoc{ID: docs[i].ID, Source: p.Source + "-media", Units: p.Units, T: p.T + 86400, hash: p.hash ^ 1}
		}
	}
	b.ResetTimer()
	var grouped int
	for i := 0; i < b.N; i++ {
		ev := groupEvents(docs)
		grouped = 0
		for j, e := range ev {
			if e != docs[j].ID {
				grouped++
			}
		}
	}
	if grouped < n/10-n/100 {
		b.Fatalf("%d documents grouped, want about %d", grouped, n/10)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
