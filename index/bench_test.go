package index

import (
	"fmt"
	"testing"
)

// BenchmarkScore is one group's index with 500 bootstrap replicates: 30
// units, the three kinds of aggregate, each unit's evidence a few cells.
func BenchmarkScore(b *testing.B) {
	s := system()
	s.Bootstrap.Replicates = 500
	s.Dimensions[1].Indicators = append(s.Dimensions[1].Indicators, Indicator{ID: "delay", Name: "答复用时",
		Groups: []Group{Districts}, Aggregate: Median, Direction: LowerBetter, Normalise: Normalise{Method: Target, Full: 3, Zero: 15}, Weight: 0.5, MinEvidence: 3})
	s.Dimensions[1].Indicators[0].Weight = 0.5
	in := Input{Group: Districts, Seed: 1, Cells: map[string]map[string][]Cell{"timely": {}, "fails": {}, "praise": {}, "delay": {}}}
	for u := 0; u < 30; u++ {
		id := fmt.Sprint("u", u)
		in.Units = append(in.Units, Unit{ID: id, Documents: 100})
		in.Cells["timely"][id] = share(100+u*7, 3+u%9)
		in.Cells["fails"][id] = []Cell{{Num: 4, Den: 1, N: u % 5}, {Num: 5, Den: 1, N: u % 3}}
		in.Cells["praise"][id] = count(u % 4)
		in.Cells["delay"][id] = []Cell{{Num: 2, Den: 1, N: 10 + u}, {Num: 7, Den: 1, N: 5}, {Num: 20, Den: 1, N: u % 6}}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := s.Score(in); len(r.Units) != 30 {
			b.Fatal(len(r.Units))
		}
	}
}
