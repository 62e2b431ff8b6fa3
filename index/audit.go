package index

import (
	"fmt"
	"sort"
)

// Scenario is one alternative weighting of the sensitivity audit.
type Scenario struct {
	Name      string
	Stable    float64 // share of units whose rank moves by at most 3
	MaxShift  int
	Ranks     map[string]int // unit id → rank under this weighting
	dimFactor map[string]float64
	indFactor map[string]float64
	equalDims bool
}

// Audit is the sensitivity of a ranking to its weights, in the manner of
// the JRC's audits of composite indices: the ranking is recomputed under
// alternative weightings and each unit's rank shift is reported.
type Audit struct {
	Group     Group
	Scenarios []Scenario
	Stable    float64 // share of (unit, scenario) pairs with a shift of at most 3
	Movers    []Mover // units whose rank depends most on the weighting, most first
}

// Mover is a unit and the largest shift of its rank.
type Mover struct {
	UnitID, Name string
	Rank         int
	MinRank      int
	MaxRank      int
	Shift        int
	Scenario     string // the weighting that moves it most
}

// Audit recomputes the group's totals from its indicator scores under
// equal dimension weights, each dimension dropped in turn, and each
// dimension's and indicator's weight at 50% and 150%, renormalised.
func (s *System) Audit(res Result) Audit {
	a := Audit{Group: res.Group}
	scen := []Scenario{{Name: "等权重 equal dimension weights", equalDims: true}}
	for _, d := range s.Dimensions {
		scen = append(scen, Scenario{Name: "去掉 without " + d.Name, dimFactor: map[string]float64{d.ID: 0}})
	}
	for _, d := range s.Dimensions {
		for _, f := range []float64{0.5, 1.5} {
			scen = append(scen, Scenario{Name: fmt.Sprintf("%s ×%.1f", d.Name, f), dimFactor: map[string]float64{d.ID: f}})
		}
	}
	for _, ind := range s.Indicators() {
		if !ind.Applies(res.Group) {
			continue
		}
		for _, f := range []float64{0.5, 1.5} {
			scen = append(scen, Scenario{Name: fmt.Sprintf("%s ×%.1f", ind.Name, f), indFactor: map[string]float64{ind.ID: f}})
		}
	}
	base := map[string]int{}
	for _, u := range res.Units {
		base[u.ID] = u.Rank
	}
	movers := map[string]*Mover{}
	for _, u := range res.Units {
		movers[u.ID] = &Mover{UnitID: u.ID, Name: u.Name, Rank: u.Rank, MinRank: u.Rank, MaxRank: u.Rank}
	}
	var stable, pairs int
	for i := range scen {
		sc := &scen[i]
		sc.Ranks = s.rerank(res, sc)
		var ok int
		for id, r := range sc.Ranks {
			shift := abs(r - base[id])
			if shift <= 3 {
				ok++
			}
			sc.MaxShift = max(sc.MaxShift, shift)
			m := movers[id]
			m.MinRank, m.MaxRank = min(m.MinRank, r), max(m.MaxRank, r)
			if shift > m.Shift {
				m.Shift, m.Scenario = shift, sc.Name
			}
		}
		sc.Stable = float64(ok) / float64(max(1, len(sc.Ranks)))
		stable += ok
		pairs += len(sc.Ranks)
	}
	a.Scenarios = scen
	a.Stable = float64(stable) / float64(max(1, pairs))
	for _, m := range movers {
		a.Movers = append(a.Movers, *m)
	}
	sort.Slice(a.Movers, func(i, j int) bool {
		if a.Movers[i].Shift != a.Movers[j].Shift {
			return a.Movers[i].Shift > a.Movers[j].Shift
		}
		return a.Movers[i].Rank < a.Movers[j].Rank
	})
	return a
}

// rerank recomputes totals from the stored indicator scores with the
// scenario's weights and ranks them as Score does.
func (s *System) rerank(res Result, sc *Scenario) map[string]int {
	dimW := map[string]float64{}
	for _, d := range s.Dimensions {
		w := d.Weight
		if sc.equalDims {
			w = 1
		}
		if f, ok := sc.dimFactor[d.ID]; ok {
			w *= f
		}
		dimW[d.ID] = w
	}
	total := make([]float64, len(res.Units))
	flags := make([]bool, len(res.Units))
	units := make([]Unit, len(res.Units))
	for u, us := range res.Units {
		units[u], flags[u] = us.Unit, us.Insufficient
		indW := map[string]float64{}
		inDim := map[string]float64{}
		for _, is := range us.Indicators {
			if is.Weight == 0 {
				continue // unscored in this run
			}
			w := s.indicator(is.ID).Weight
			if f, ok := sc.indFactor[is.ID]; ok {
				w *= f
			}
			indW[is.ID] = w
			inDim[is.Dimension] += w
		}
		var dimSum float64
		for d, w := range inDim {
			if w > 0 {
				dimSum += dimW[d]
			}
		}
		for _, is := range us.Indicators {
			if indW[is.ID] > 0 && dimSum > 0 {
				total[u] += dimW[is.Dimension] / dimSum * indW[is.ID] / inDim[is.Dimension] * is.Score
			}
		}
		total[u] = round2(total[u])
	}
	order := rankOrder(total, flags, units)
	ranks := ranksOf(order, total)
	out := map[string]int{}
	for u, un := range units {
		out[un.ID] = ranks[u]
	}
	return out
}

func (s *System) indicator(id string) Indicator {
	for _, ind := range s.Indicators() {
		if ind.ID == id {
			return ind
		}
	}
	return Indicator{}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
