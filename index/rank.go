package index

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// units2scores lays out compute's arrays per unit, with coverage and grade.
func (p *plan) units2scores(d detail, t [][]tally) []UnitScore {
	out := make([]UnitScore, len(p.units))
	for u, un := range p.units {
		us := UnitScore{Unit: un, Total: d.total[u], Grade: p.s.Grade(d.total[u]), Applicable: len(p.inds)}
		dimScore := map[int]float64{}
		dimWeight := map[int]float64{}
		for i, ind := range p.inds {
			is := IndicatorScore{
				ID: ind.ID, Dimension: p.s.Dimensions[p.dims[i]].ID,
				Num: t[i][u].num, Den: t[i][u].den, N: int(t[i][u].n),
				Value: d.value[i][u], Credibility: d.cred[i][u], Adjusted: d.adjusted[i][u],
				Enough: d.enough[i][u], Score: d.score[i][u], Weight: p.w[i],
				Contribution: p.w[i] * d.score[i][u],
			}
			if is.Enough {
				us.Covered++
			}
			dimScore[p.dims[i]] += is.Contribution
			dimWeight[p.dims[i]] += p.w[i]
			us.Indicators = append(us.Indicators, is)
		}
		for di, dim := range p.s.Dimensions {
			if dimWeight[di] > 0 {
				us.Dimensions = append(us.Dimensions, DimensionScore{ID: dim.ID, Name: dim.Name, Weight: dimWeight[di], Score: round2(dimScore[di] / dimWeight[di])})
			}
		}
		cov := p.s.Coverage
		us.Insufficient = un.Documents < cov.MinDocuments ||
			(us.Applicable > 0 && float64(us.Covered)/float64(us.Applicable) < cov.MinIndicatorShare)
		out[u] = us
	}
	return out
}

// rankOrder returns unit indices best first: by total, then id. A unit with
// insufficient evidence is never first: the best unit with enough evidence
// goes ahead of it.
func rankOrder(total []float64, insufficient []bool, units []Unit) []int {
	order := make([]int, len(total))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if total[x] != total[y] {
			return total[x] > total[y]
		}
		return units[x].ID < units[y].ID
	})
	if len(order) > 0 && insufficient[order[0]] {
		for i, u := range order {
			if !insufficient[u] {
				copy(order[1:i+1], order[:i])
				order[0] = u
				break
			}
		}
	}
	return order
}

// ranksOf numbers units in order; equal totals share a rank and the next
// rank skips (1, 2, 2, 4). It returns the rank of each unit index.
func ranksOf(order []int, total []float64) []int {
	ranks := make([]int, len(order))
	for i, u := range order {
		ranks[u] = i + 1
		if i > 0 && total[u] == total[order[i-1]] {
			ranks[u] = ranks[order[i-1]]
		}
	}
	return ranks
}

// bootstrap resamples each unit's evidence documents — a Poisson bootstrap:
// each document is drawn Poisson(1) times, so N alike documents are drawn
// Poisson(N) times in all — recomputes the whole index per replicate
// (shrinkage constant included), and sets each unit's interval of total
// and rank at the configured level.
func (p *plan) bootstrap(in Input, base [][]tally, insufficient []bool, out []UnitScore) {
	R := p.s.Bootstrap.Replicates
	if R <= 0 {
		for u := range out {
			out[u].TotalLo, out[u].TotalHi, out[u].RankLo, out[u].RankHi = out[u].Total, out[u].Total, out[u].Rank, out[u].Rank
		}
		return
	}
	nu := len(p.units)
	totals := make([][]float64, nu)
	ranks := make([][]float64, nu)
	// The replicates run in a fixed number of chunks, each with its own
	// random stream, merged in chunk order: the bands are the same on any
	// number of cores.
	chunks := make([][2][][]float64, bootstrapChunks)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for c := 0; c < bootstrapChunks; c++ {
		n := R / bootstrapChunks
		if c < R%bootstrapChunks {
			n++
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			rng := rand.New(rand.NewPCG(p.s.Bootstrap.Seed, in.Seed+uint64(c)*0x9e3779b97f4a7c15))
			chunks[c] = p.replicates(in, insufficient, n, func(n int) float64 { return poisson(rng, float64(n)) })
		}()
	}
	wg.Wait()
	for _, ch := range chunks {
		for u := 0; u < nu; u++ {
			totals[u] = append(totals[u], ch[0][u]...)
			ranks[u] = append(ranks[u], ch[1][u]...)
		}
	}
	tail := (1 - p.s.Bootstrap.Level) / 2
	for u := range out {
		out[u].TotalLo, out[u].TotalHi = round2(quantile(totals[u], tail)), round2(quantile(totals[u], 1-tail))
		out[u].RankLo, out[u].RankHi = int(quantile(ranks[u], tail)), int(math.Ceil(quantile(ranks[u], 1-tail)))
		// The point estimate is inside its interval even when the resamples lean one way.
		out[u].TotalLo, out[u].TotalHi = math.Min(out[u].TotalLo, out[u].Total), math.Max(out[u].TotalHi, out[u].Total)
		out[u].RankLo, out[u].RankHi = min(out[u].RankLo, out[u].Rank), max(out[u].RankHi, out[u].Rank)
	}
}

// bootstrapChunks is how many random streams the replicates are split over.
const bootstrapChunks = 8

// replicates runs n replicates and returns each unit's totals and ranks.
func (p *plan) replicates(in Input, insufficient []bool, n int, draw func(int) float64) [2][][]float64 {
	nu := len(p.units)
	out := [2][][]float64{make([][]float64, nu), make([][]float64, nu)}
	for r := 0; r < n; r++ {
		d := p.compute(p.tallies(in, draw))
		order := rankOrder(d.total, insufficient, p.units)
		rk := ranksOf(order, d.total)
		for u := 0; u < nu; u++ {
			out[0][u] = append(out[0][u], d.total[u])
			out[1][u] = append(out[1][u], float64(rk[u]))
		}
	}
	return out
}

// quantile is the q-quantile of xs by the nearest-rank method (sorts xs).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.Float64s(xs)
	i := int(math.Ceil(q*float64(len(xs)))) - 1
	return xs[max(0, min(len(xs)-1, i))]
}

var expNeg = func() (t [10]float64) {
	for i := range t {
		t[i] = math.Exp(-float64(i))
	}
	return t
}()

// poisson draws from Poisson(lambda): Knuth's product method for small
// lambda, Hörmann's PTRS transformed rejection for large (as numpy does).
func poisson(r *rand.Rand, lambda float64) float64 {
	if lambda <= 0 {
		return 0
	}
	if lambda < 10 {
		l := math.Exp(-lambda)
		if i := int(lambda); float64(i) == lambda {
			l = expNeg[i] // documents come in whole numbers
		}
		k, prod := 0.0, r.Float64()
		for prod > l {
			k++
			prod *= r.Float64()
		}
		return k
	}
	slam, loglam := math.Sqrt(lambda), math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		U := r.Float64() - 0.5
		V := r.Float64()
		us := 0.5 - math.Abs(U)
		k := math.Floor((2*a/us+b)*U + lambda + 0.43)
		if us >= 0.07 && V <= vr {
			return k
		}
		if k < 0 || (us < 0.013 && V > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(V)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return k
		}
	}
}
