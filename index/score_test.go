package index

import (
	"math"
	"math/rand/v2"
	"testing"
)

// system: two dimensions; timeliness (a rate, target-scored) and failures
// (a count, min-max) in one, praise (a count, target-capped) in the other.
func system() *System {
	return &System{
		Version: "t1",
		Dimensions: []Dimension{
			{ID: "open", Name: "政务公开", Weight: 0.75, Indicators: []Indicator{
				{ID: "timely", Name: "双公示及时率", Groups: []Group{Districts, Departments}, Aggregate: Ratio, Direction: HigherBetter,
					Normalise: Normalise{Method: Target, Full: 0.95, Zero: 0.60}, Weight: 0.5, MinEvidence: 3},
				{ID: "fails", Name: "失信记录", Groups: []Group{Districts}, Aggregate: Sum, Direction: LowerBetter,
					Normalise: Normalise{Method: MinMax}, Weight: 0.5},
			}},
			{ID: "keep", Name: "守信践诺", Weight: 0.25, Indicators: []Indicator{
				{ID: "praise", Name: "守信记录", Groups: []Group{Districts, Departments}, Aggregate: Sum, Direction: HigherBetter,
					Normalise: Normalise{Method: Target, Full: 2, Zero: 0}, Weight: 1},
			}},
		},
		Grades:    []Grade{{"A", 85}, {"B", 70}, {"C", 60}, {"D", 0}},
		Shrinkage: Shrinkage{Method: "fixed", K: 0},
		Bootstrap: Bootstrap{Replicates: 0, Seed: 1, Level: 0.9},
		Coverage:  Coverage{MinDocuments: 5, MinIndicatorShare: 0.5},
	}
}

func share(onTime, late int) []Cell {
	return []Cell{{Num: 1, Den: 1, N: onTime}, {Num: 0, Den: 1, N: late}}
}

func count(n int) []Cell { return []Cell{{Num: 1, Den: 1, N: n}} }

func byID(r Result) map[string]UnitScore {
	out := map[string]UnitScore{}
	for _, u := range r.Units {
		out[u.ID] = u
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.006 }

func TestScoreByHand(t *testing.T) {
	s := system()
	in := Input{Group: Districts, Units: []Unit{{ID: "a", Name: "甲", Documents: 20}, {ID: "b", Name: "乙", Documents: 20}, {ID: "c", Name: "丙", Documents: 20}},
		Cells: map[string]map[string][]Cell{
			"timely": {"a": share(19, 1), "b": share(7, 3), "c": share(15, 5)},
			"fails":  {"a": count(1), "b": count(5)},
			"praise": {"a": count(3), "c": count(1)},
		}}
	r := s.Score(in)
	got := byID(r)
	// a: timely 0.95 → 100; fails 1 of range 0..5 → 80; praise 3 → capped 100.
	// total = 0.75·(0.5·100 + 0.5·80) + 0.25·100 = 92.5
	// b: 0.70 → 28.571; fails 5 → 0; praise 0 → 0: 0.375·28.571 = 10.71
	// c: 0.75 → 42.857; fails 0 → 100; praise 1 → 50: 0.375·42.857 + 0.375·100 + 0.25·50 = 66.07
	for id, want := range map[string]float64{"a": 92.5, "b": 10.71, "c": 66.07} {
		if !near(got[id].Total, want) {
			t.Errorf("%s total %.3f, want %.2f (%+v)", id, got[id].Total, want, got[id].Indicators)
		}
	}
	if r.Units[0].ID != "a" || r.Units[1].ID != "c" || r.Units[2].ID != "b" || got["a"].Grade != "A" || got["b"].Grade != "D" || got["c"].Grade != "C" {
		t.Fatalf("order/grades: %v %v %v", r.Units[0].ID, got["a"].Grade, got["c"].Grade)
	}
	var sum float64
	for _, is := range got["c"].Indicators {
		sum += is.Contribution
	}
	if !near(sum, got["c"].Total) {
		t.Fatalf("contributions of c sum to %.3f, total %.3f", sum, got["c"].Total)
	}
	// Departments: fails does not apply; its weight goes to timely within 政务公开.
	dep := s.Score(Input{Group: Departments, Units: in.Units, Cells: in.Cells})
	if g := byID(dep)["a"]; len(g.Indicators) != 2 || !near(g.Indicators[0].Weight, 0.75) || !near(g.Total, 100) {
		t.Fatalf("department a: %+v", g)
	}
}

func TestUnscoredIndicatorPassesItsWeight(t *testing.T) {
	s := system()
	r := s.Score(Input{Group: Districts, Units: []Unit{{ID: "a", Documents: 9}, {ID: "b", Documents: 9}},
		Cells: map[string]map[string][]Cell{"fails": {"a": count(2)}, "praise": {"b": count(2)}}})
	if len(r.Unscored) != 1 || r.Unscored[0] != "timely" {
		t.Fatalf("unscored %v, want [timely]", r.Unscored)
	}
	for _, u := range r.Units {
		var w float64
		for _, is := range u.Indicators {
			w += is.Weight
		}
		if !near(w, 1) || u.Indicators[0].Weight != 0 {
			t.Fatalf("%s weights sum %.3f, timely %.3f", u.ID, w, u.Indicators[0].Weight)
		}
	}
}

// Shrinkage: a unit with 2 decisions both on time is not the best by luck.
func TestShrinkageAndCoverage(t *testing.T) {
	s := system()
	s.Shrinkage = Shrinkage{Method: "buhlmann", K: 20}
	s.Dimensions = s.Dimensions[:1]
	s.Dimensions[0].Weight = 1
	s.Dimensions[0].Indicators[0].MinEvidence = 1
	s.Dimensions[0].Indicators[0].Normalise = Normalise{Method: MinMax}
	cells := map[string][]Cell{"big": share(96, 4), "small": share(2, 0)}
	units := []Unit{{ID: "big", Documents: 100}, {ID: "small", Documents: 2}}
	for i, rate := range []int{60, 70, 80, 85, 90} {
		id := string(rune('m' + i))
		cells[id] = share(rate, 100-rate)
		units = append(units, Unit{ID: id, Documents: 100})
	}
	r := s.Score(Input{Group: Districts, Units: units, Cells: map[string]map[string][]Cell{"timely": cells}})
	got := byID(r)
	small, big := got["small"].Indicators[0], got["big"].Indicators[0]
	if small.Value != 1 || small.Adjusted >= big.Adjusted || small.Credibility > 0.5 || big.Credibility < 0.8 {
		t.Fatalf("small %+v\nbig %+v (k %v)", small, big, r.K)
	}
	if r.Units[0].ID != "big" || !got["small"].Insufficient {
		t.Fatalf("first %s; small insufficient %v", r.Units[0].ID, got["small"].Insufficient)
	}
	// Even with the best total, a unit below the coverage is never first.
	s.Shrinkage = Shrinkage{Method: "fixed", K: 0}
	r = s.Score(Input{Group: Districts, Units: units, Cells: map[string]map[string][]Cell{"timely": cells}})
	if got := byID(r); r.Units[0].ID != "big" || got["small"].Rank != 2 || got["small"].Total <= got["big"].Total {
		t.Fatalf("with no shrinkage: first %s, small rank %d (%.1f vs %.1f)", r.Units[0].ID, got["small"].Rank, got["small"].Total, got["big"].Total)
	}
}

func TestBootstrapBands(t *testing.T) {
	s := system()
	s.Bootstrap.Replicates = 500
	units := []Unit{{ID: "a", Documents: 50}, {ID: "b", Documents: 50}, {ID: "c", Documents: 50}, {ID: "d", Documents: 50}}
	in := Input{Group: Districts, Units: units, Seed: 7, Cells: map[string]map[string][]Cell{
		"timely": {"a": share(190, 10), "b": share(4, 1), "c": share(150, 50), "d": share(151, 49)},
		"fails":  {"a": count(1), "b": count(2), "c": count(6), "d": count(6)},
	}}
	r1, r2 := s.Score(in), s.Score(in)
	for i := range r1.Units {
		if r1.Units[i].TotalLo != r2.Units[i].TotalLo || r1.Units[i].RankHi != r2.Units[i].RankHi {
			t.Fatal("same seed, different bands")
		}
	}
	got := byID(r1)
	for id, u := range got {
		if u.TotalLo > u.Total || u.TotalHi < u.Total || u.RankLo > u.Rank || u.RankHi < u.Rank {
			t.Fatalf("%s: point outside its interval: %+v", id, u)
		}
	}
	// c and d are alike: their ranks overlap; a's evidence is large and clear.
	if got["c"].RankHi < got["d"].RankLo || got["d"].RankHi < got["c"].RankLo {
		t.Fatalf("c %d–%d and d %d–%d should overlap", got["c"].RankLo, got["c"].RankHi, got["d"].RankLo, got["d"].RankHi)
	}
	if wa, wb := got["a"].TotalHi-got["a"].TotalLo, got["b"].TotalHi-got["b"].TotalLo; wb <= wa {
		t.Fatalf("b (5 decisions) interval %.1f not wider than a's (200) %.1f", wb, wa)
	}
}

func TestPoisson(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, lambda := range []float64{1, 4, 30, 1000} {
		var sum, sq float64
		n := 20000
		for i := 0; i < n; i++ {
			x := poisson(r, lambda)
			sum += x
			sq += x * x
		}
		mean := sum / float64(n)
		v := sq/float64(n) - mean*mean
		if math.Abs(mean-lambda) > 0.05*lambda+0.05 || math.Abs(v-lambda) > 0.1*lambda+0.1 {
			t.Errorf("Poisson(%v): mean %.3f var %.3f", lambda, mean, v)
		}
	}
}

func TestAudit(t *testing.T) {
	s := system()
	var units []Unit
	timely, fails := map[string][]Cell{}, map[string][]Cell{}
	for i := 0; i < 10; i++ {
		id := string(rune('a' + i))
		units = append(units, Unit{ID: id, Documents: 30})
		timely[id] = share(10+i*2, 10-i)
		fails[id] = count(i % 4)
	}
	r := s.Score(Input{Group: Districts, Units: units, Cells: map[string]map[string][]Cell{"timely": timely, "fails": fails}})
	a := s.Audit(r)
	// 1 equal + 2 dropped + 2×2 dimension factors + 3×2 indicator factors
	if len(a.Scenarios) != 13 || a.Stable <= 0 || a.Stable > 1 || len(a.Movers) != 10 {
		t.Fatalf("audit: %d scenarios, stable %.2f, %d movers", len(a.Scenarios), a.Stable, len(a.Movers))
	}
	for _, sc := range a.Scenarios {
		if sc.Name == "政务公开 ×1.5" && sc.MaxShift > 3 {
			continue
		}
		if len(sc.Ranks) != 10 {
			t.Fatalf("%s: %d ranks", sc.Name, len(sc.Ranks))
		}
	}
	if a.Movers[0].Shift < a.Movers[len(a.Movers)-1].Shift {
		t.Fatal("movers not sorted")
	}
}

func TestMedian(t *testing.T) {
	s := system()
	s.Dimensions = []Dimension{{ID: "d", Name: "勤政高效", Weight: 1, Indicators: []Indicator{
		{ID: "delay", Name: "答复用时", Groups: []Group{Districts}, Aggregate: Median, Direction: LowerBetter,
			Normalise: Normalise{Method: Target, Full: 3, Zero: 15}, Weight: 1, MinEvidence: 1}}}}
	r := s.Score(Input{Group: Districts, Units: []Unit{{ID: "a", Documents: 9}, {ID: "b", Documents: 9}},
		Cells: map[string]map[string][]Cell{"delay": {
			"a": {{Num: 2, Den: 1, N: 3}, {Num: 40, Den: 1, N: 2}}, // 2, 2, 2, 40, 40: median 2 however late the two
			"b": {{Num: 5, Den: 1, N: 1}, {Num: 9, Den: 1, N: 2}},  // 5, 9, 9: median 9
		}}})
	got := byID(r)
	if a, b := got["a"].Indicators[0], got["b"].Indicators[0]; a.Value != 2 || b.Value != 9 || a.Num != 86 || b.Den != 3 || !near(a.Score, 100) || !near(b.Score, 50) {
		t.Fatalf("a %+v\nb %+v", a, b)
	}
}
