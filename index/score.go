package index

import (
	"math"
	"sort"
)

// Cell is N evidence documents that each contribute Num to the numerator
// and Den to the denominator of an indicator: a unit's evidence is a few
// cells (for a share: the on-time ones and the late ones), which is all the
// arithmetic and the bootstrap need.
type Cell struct {
	Num, Den float64
	N        int
}

// Unit is one unit of a group and how much was found about it.
type Unit struct {
	ID, Name  string
	Documents int // documents about the unit in the period
	Sources   int // distinct sources they came from
}

// Input is one group's evidence for one period.
type Input struct {
	Group Group
	Units []Unit
	Cells map[string]map[string][]Cell // indicator id → unit id → cells
	Seed  uint64                       // the bootstrap's stream: same seed, same bands
}

// IndicatorScore is one indicator of one unit, from evidence to points.
type IndicatorScore struct {
	ID, Dimension string
	Num, Den      float64 // Σ numerators and denominators of its evidence
	N             int     // evidence documents
	Value         float64 // raw value (Num/Den or Num); NaN when there is none
	Credibility   float64 // Z of the shrinkage: 1 is the unit's own value, 0 the group's mean
	Adjusted      float64 // the value normalised: shrunk, or the mean when evidence is short
	Enough        bool    // N ≥ min_evidence
	Score         float64 // 0–100
	Weight        float64 // share of the total, after weights of unscored indicators are redistributed
	Contribution  float64 // Weight × Score: points of the total
}

// DimensionScore is one dimension of one unit.
type DimensionScore struct {
	ID, Name string
	Weight   float64 // share of the total
	Score    float64 // 0–100
}

// UnitScore is one unit's place in a group.
type UnitScore struct {
	Unit
	Indicators   []IndicatorScore
	Dimensions   []DimensionScore
	Total        float64
	Grade        string
	Rank         int
	Covered      int  // indicators with enough evidence
	Applicable   int  // indicators computed for the group
	Insufficient bool // below the coverage: flagged, never ranked first
	TotalLo      float64
	TotalHi      float64
	RankLo       int
	RankHi       int
}

// Result is a group's ranking, best first.
type Result struct {
	Group      Group
	Units      []UnitScore
	Unscored   []string           // indicators without evidence for any unit: their weight went to the others
	K          map[string]float64 // the credibility constant used per rate indicator
	Replicates int
}

// tally is a unit's evidence for one indicator, summed.
type tally struct {
	num, den, q float64 // q = Σ num²/den, for the spread within the unit
	n           float64
	values      []weighted // each cell's value and weight, for a median
}

type weighted struct{ v, w float64 }

// median is the weighted median of the values: the least value with at
// least half the weight at or below it.
func (t *tally) median() float64 {
	vs := append([]weighted(nil), t.values...)
	sort.Slice(vs, func(a, b int) bool { return vs[a].v < vs[b].v })
	var total, acc float64
	for _, x := range vs {
		total += x.w
	}
	for _, x := range vs {
		acc += x.w
		if acc >= total/2 {
			return x.v
		}
	}
	return math.NaN()
}

func (t *tally) add(c Cell, m float64, keep bool) {
	if keep && m > 0 && c.Den > 0 {
		t.values = append(t.values, weighted{c.Num / c.Den, m * float64(c.N)})
	}
	t.num += m * float64(c.N) * c.Num
	t.den += m * float64(c.N) * c.Den
	if c.Den > 0 {
		t.q += m * float64(c.N) * c.Num * c.Num / c.Den
	}
	t.n += m * float64(c.N)
}

// plan is what Score fixes before the arithmetic, shared by the bootstrap.
type plan struct {
	s     *System
	g     Group
	units []Unit
	inds  []Indicator
	dims  []int     // dimension index of each indicator
	w     []float64 // share of the total of each indicator
}

// Score computes the group's index: values, shrinkage, scores, totals,
// grades, ranks, coverage, and the bootstrap's intervals.
func (s *System) Score(in Input) Result {
	p := s.plan(in)
	tallies := p.tallies(in, nil)
	unscored := p.unscored(tallies)
	p.reweigh(unscored) // weights of the scored indicators only
	det := p.compute(tallies)
	res := Result{Group: in.Group, K: det.k, Replicates: s.Bootstrap.Replicates}
	for _, i := range unscored {
		res.Unscored = append(res.Unscored, p.inds[i].ID)
	}
	res.Units = p.units2scores(det, tallies)
	flags := make([]bool, len(res.Units))
	for u := range res.Units {
		flags[u] = res.Units[u].Insufficient
	}
	order := rankOrder(det.total, flags, p.units)
	for u, r := range ranksOf(order, det.total) {
		res.Units[u].Rank = r
	}
	p.bootstrap(in, tallies, flags, res.Units)
	sorted := make([]UnitScore, len(order))
	for i, u := range order {
		sorted[i] = res.Units[u]
	}
	res.Units = sorted
	return res
}

func (s *System) plan(in Input) *plan {
	p := &plan{s: s, g: in.Group, units: in.Units}
	for di, d := range s.Dimensions {
		for _, ind := range d.Indicators {
			if ind.Applies(in.Group) {
				p.inds = append(p.inds, ind)
				p.dims = append(p.dims, di)
			}
		}
	}
	p.reweigh(nil)
	return p
}

// reweigh sets each indicator's share of the total: its weight within its
// dimension times the dimension's weight, both renormalised over what is
// scored — an indicator not computed for the group, or without evidence for
// any unit, passes its weight to its siblings.
func (p *plan) reweigh(unscored []int) {
	skip := map[int]bool{}
	for _, i := range unscored {
		skip[i] = true
	}
	inDim := map[int]float64{}
	for i, ind := range p.inds {
		if !skip[i] {
			inDim[p.dims[i]] += ind.Weight
		}
	}
	var dimTotal float64
	for d, w := range inDim {
		if w > 0 {
			dimTotal += p.s.Dimensions[d].Weight
		}
	}
	p.w = make([]float64, len(p.inds))
	for i, ind := range p.inds {
		if skip[i] || inDim[p.dims[i]] == 0 || dimTotal == 0 {
			continue
		}
		p.w[i] = p.s.Dimensions[p.dims[i]].Weight / dimTotal * ind.Weight / inDim[p.dims[i]]
	}
}

// tallies sums each unit's cells; with weights (the bootstrap's Poisson
// draws, one per cell) each cell counts that many times.
func (p *plan) tallies(in Input, draw func(n int) float64) [][]tally {
	out := make([][]tally, len(p.inds))
	for i, ind := range p.inds {
		out[i] = make([]tally, len(p.units))
		byUnit := in.Cells[ind.ID]
		keep := ind.Aggregate == Median // only a median needs each cell's value
		for u, un := range p.units {
			for _, c := range byUnit[un.ID] {
				if draw == nil {
					out[i][u].add(c, 1, keep)
					continue
				}
				// N documents alike, each drawn Poisson(1) times: their sum is Poisson(N).
				out[i][u].add(Cell{Num: c.Num, Den: c.Den, N: 1}, draw(c.N), keep)
			}
		}
	}
	return out
}

// hasEnough reports whether a unit's evidence gives the indicator a value
// of its own: min_evidence documents, and a denominator unless it is a count.
func hasEnough(ind Indicator, t tally) bool {
	return t.n >= float64(ind.MinEvidence) && (ind.Aggregate == Sum || t.den > 0)
}

// unscored lists the indicators for which no unit has enough evidence.
func (p *plan) unscored(t [][]tally) []int {
	var out []int
	for i, ind := range p.inds {
		any := false
		for u := range t[i] {
			any = any || hasEnough(ind, t[i][u])
		}
		if !any {
			out = append(out, i)
		}
	}
	return out
}

// detail is compute's output.
type detail struct {
	value, adjusted, cred, score [][]float64 // [indicator][unit]
	enough                       [][]bool
	total                        []float64
	k                            map[string]float64
}

func (p *plan) compute(t [][]tally) detail {
	nu := len(p.units)
	d := detail{k: map[string]float64{}, total: make([]float64, nu)}
	for i, ind := range p.inds {
		value, adj, cred, enough, k := p.adjust(ind, t[i])
		if ind.Aggregate == Ratio {
			d.k[ind.ID] = k
		}
		score := normalise(ind, adj, enough)
		for u := 0; u < nu; u++ {
			d.total[u] += p.w[i] * score[u]
		}
		d.value = append(d.value, value)
		d.adjusted = append(d.adjusted, adj)
		d.cred = append(d.cred, cred)
		d.enough = append(d.enough, enough)
		d.score = append(d.score, score)
	}
	for u := range d.total {
		d.total[u] = round2(d.total[u])
	}
	return d
}

// adjust turns tallies into the values normalised: a rate is shrunk toward
// the group's mean by its credibility; a unit short of evidence gets the
// mean of those that are not.
func (p *plan) adjust(ind Indicator, t []tally) (value, adj, cred []float64, enough []bool, k float64) {
	nu := len(t)
	value, adj, cred, enough = make([]float64, nu), make([]float64, nu), make([]float64, nu), make([]bool, nu)
	for u := range t {
		enough[u] = hasEnough(ind, t[u])
		value[u] = math.NaN()
		switch {
		case ind.Aggregate == Sum:
			value[u] = t[u].num
		case t[u].den > 0 && ind.Aggregate == Median:
			value[u] = t[u].median()
		case t[u].den > 0:
			value[u] = t[u].num / t[u].den
		}
		adj[u], cred[u] = value[u], 1
	}
	if ind.Aggregate == Ratio {
		var mu float64
		k, mu = credibility(p.s.Shrinkage, t)
		for u := range t {
			if t[u].den > 0 {
				cred[u] = t[u].den / (t[u].den + k)
				adj[u] = cred[u]*value[u] + (1-cred[u])*mu
			}
		}
	}
	var sum float64
	var n int
	for u := range t {
		if enough[u] {
			sum += adj[u]
			n++
		}
	}
	for u := range t {
		if !enough[u] {
			cred[u] = 0
			adj[u] = 0
			if n > 0 {
				adj[u] = sum / float64(n)
			}
		}
	}
	return value, adj, cred, enough, k
}

// credibility estimates the Bühlmann–Straub constant k = s²/a from the
// units' evidence: s² the spread of documents within a unit, a the spread
// of the units' true rates beyond it. It returns k and the credibility-
// weighted mean the rates shrink toward. With no spread between units
// beyond noise (a ≤ 0), or with method fixed, k is the configured constant.
func credibility(sh Shrinkage, t []tally) (k, mu float64) {
	var w, wx, within, dof, units float64
	for _, x := range t {
		if x.den <= 0 {
			continue
		}
		mean := x.num / x.den
		w += x.den
		wx += x.num
		within += math.Max(0, x.q-x.den*mean*mean)
		dof += x.n - 1
		units++
	}
	if w == 0 {
		return sh.K, 0
	}
	grand := wx / w
	k = sh.K
	if sh.Method != "fixed" && units > 1 && dof > 0 {
		s2 := within / dof
		var between, w2 float64
		for _, x := range t {
			if x.den > 0 {
				m := x.num / x.den
				between += x.den * (m - grand) * (m - grand)
				w2 += x.den * x.den
			}
		}
		a := (between - (units-1)*s2) / (w - w2/w)
		if a > 0 {
			k = s2 / a
		}
	}
	// The collective mean, weighted by credibility as Bühlmann–Straub does.
	var zs, zx float64
	for _, x := range t {
		if x.den > 0 {
			z := x.den / (x.den + k)
			zs += z
			zx += z * x.num / x.den
		}
	}
	if zs == 0 {
		return k, grand
	}
	return k, zx / zs
}

// normalise maps adjusted values to 0–100 across the units of the group;
// the range and spread are those of units with enough evidence.
func normalise(ind Indicator, v []float64, enough []bool) []float64 {
	out := make([]float64, len(v))
	lo, hi, mean, sd := stats(v, enough)
	sign := 1.0
	if ind.Direction == LowerBetter {
		sign = -1
	}
	for u, x := range v {
		var s float64
		switch ind.Normalise.Method {
		case Target:
			s = 100 * (x - ind.Normalise.Zero) / (ind.Normalise.Full - ind.Normalise.Zero)
		case ZScore:
			s = 50
			if sd > 0 {
				s = 50 + 20*sign*(x-mean)/sd
			}
		default: // MinMax
			s = 100
			if hi > lo {
				s = 100 * (x - lo) / (hi - lo)
				if sign < 0 {
					s = 100 * (hi - x) / (hi - lo)
				}
			}
		}
		out[u] = math.Max(0, math.Min(100, s))
	}
	return out
}

func stats(v []float64, enough []bool) (lo, hi, mean, sd float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	var n, sum, sq float64
	for u, x := range v {
		if !enough[u] {
			continue
		}
		lo, hi = math.Min(lo, x), math.Max(hi, x)
		sum += x
		sq += x * x
		n++
	}
	if n == 0 {
		return 0, 0, 0, 0
	}
	mean = sum / n
	return lo, hi, mean, math.Sqrt(math.Max(0, sq/n-mean*mean))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
