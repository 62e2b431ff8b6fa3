package classifier

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Model is a trained classifier: per class, a weight per feature of the
// vocabulary and a bias.
type Model struct {
	Version     int
	Options     Options
	Classes     []string
	Vocabulary  []string    // feature names; a feature's index is its position
	IDF         []float32   // per feature
	Weights     [][]float32 // [class][feature], the bias last
	Temperature float64     // probabilities are softmax(Temperature × scores)
	Trained     int         // examples trained on

	index map[string]int32 // feature → position, built by Load and Train
}

// vector is a sparse TF-IDF vector, L2-normalised.
type vector struct {
	idx []int32
	val []float32
}

// Train fits a model to the examples.
func Train(examples []Example, tok Tokenizer, o Options) (*Model, error) {
	o.setDefaults()
	classes, index, err := checkExamples(examples)
	if err != nil {
		return nil, err
	}
	feats := make([][]string, len(examples))
	for i, ex := range examples {
		feats[i] = Features(ex.Text, tok, o)
	}
	m := newModel(classes, feats, o)
	labels := make([]int, len(examples))
	for i, ex := range examples {
		labels[i] = index[ex.Label]
	}
	xs := m.vectors(feats)
	m.fit(xs, labels)
	m.Temperature = calibrate(classes, feats, labels, o)
	return m, nil
}

// newModel builds the vocabulary (features in at least MinDF documents) and
// its inverse document frequencies.
func newModel(classes []string, feats [][]string, o Options) *Model {
	df := map[string]int{}
	for _, fs := range feats {
		seen := map[string]bool{}
		for _, f := range fs {
			if !seen[f] {
				seen[f] = true
				df[f]++
			}
		}
	}
	m := &Model{Version: FormatVersion, Options: o, Classes: classes, Trained: len(feats)}
	for f, n := range df {
		if n >= o.MinDF {
			m.Vocabulary = append(m.Vocabulary, f)
		}
	}
	sort.Strings(m.Vocabulary) // a stable file for the same data
	n := float64(len(feats))
	m.IDF = make([]float32, len(m.Vocabulary))
	for i, f := range m.Vocabulary {
		m.IDF[i] = float32(math.Log((1+n)/(1+float64(df[f]))) + 1)
	}
	m.buildIndex()
	return m
}

// buildIndex maps each feature of the vocabulary to its position.
func (m *Model) buildIndex() {
	m.index = make(map[string]int32, len(m.Vocabulary))
	for i, f := range m.Vocabulary {
		m.index[f] = int32(i)
	}
}

func (m *Model) vectors(feats [][]string) []vector {
	xs := make([]vector, len(feats))
	for i, fs := range feats {
		xs[i] = m.vector(fs)
	}
	return xs
}

// vector weighs a text's features: sublinear term frequency times IDF,
// normalised to length 1; features outside the vocabulary are dropped.
func (m *Model) vector(fs []string) vector {
	found := make([]int32, 0, len(fs))
	for _, f := range fs {
		if j, ok := m.index[f]; ok {
			found = append(found, j)
		}
	}
	return m.weigh(found)
}

// fit trains one L2-regularised L2-loss SVM per class against the rest, by
// dual coordinate descent, with a bias feature of value 1.
func (m *Model) fit(xs []vector, labels []int) {
	d := len(m.Vocabulary) + 1 // + bias
	cost := make([]float64, len(xs))
	size := make([]int, len(m.Classes))
	for _, l := range labels {
		size[l]++
	}
	for i, l := range labels {
		cost[i] = m.Options.C
		if !m.Options.Unbalanced {
			cost[i] *= float64(len(xs)) / float64(len(m.Classes)*size[l])
		}
	}
	m.Weights = make([][]float32, len(m.Classes))
	for c := range m.Classes {
		m.Weights[c] = trainBinary(xs, labels, c, d, cost)
	}
}

// trainBinary is LIBLINEAR's dual coordinate descent for the L2-loss SVM:
// minimise ½‖w‖² + C Σ max(0, 1 − yᵢ w·xᵢ)².
func trainBinary(xs []vector, labels []int, class, d int, cost []float64) []float32 {
	const (
		maxEpochs = 200
		eps       = 0.05
	)
	w := make([]float64, d)
	alpha := make([]float64, len(xs))
	diag := make([]float64, len(xs)) // the L2 loss's diagonal, 1 ÷ 2Cᵢ
	qii := make([]float64, len(xs))
	y := make([]float64, len(xs))
	for i, x := range xs {
		diag[i] = 0.5 / cost[i]
		for _, v := range x.val {
			qii[i] += float64(v) * float64(v)
		}
		qii[i] += 1 + diag[i] // with the bias feature
		y[i] = -1
		if labels[i] == class {
			y[i] = 1
		}
	}
	rng := rand.New(rand.NewPCG(uint64(class)+1, 2017)) // seeded: the same data gives the same model
	order := rng.Perm(len(xs))
	for epoch := 0; epoch < maxEpochs; epoch++ {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		maxPG, minPG := math.Inf(-1), math.Inf(1)
		for _, i := range order {
			g := y[i]*dot(w, xs[i]) - 1 + diag[i]*alpha[i]
			pg := g
			if alpha[i] == 0 {
				pg = math.Min(g, 0)
			}
			maxPG, minPG = math.Max(maxPG, pg), math.Min(minPG, pg)
			if pg == 0 {
				continue
			}
			old := alpha[i]
			alpha[i] = math.Max(alpha[i]-g/qii[i], 0)
			if delta := (alpha[i] - old) * y[i]; delta != 0 {
				add(w, xs[i], delta)
			}
		}
		if maxPG-minPG < eps {
			break
		}
	}
	out := make([]float32, d)
	for j, v := range w {
		out[j] = float32(v)
	}
	return out
}

func dot(w []float64, x vector) float64 {
	s := w[len(w)-1] // bias × 1
	for k, j := range x.idx {
		s += w[j] * float64(x.val[k])
	}
	return s
}

func add(w []float64, x vector, a float64) {
	for k, j := range x.idx {
		w[j] += a * float64(x.val[k])
	}
	w[len(w)-1] += a
}

// scores are the per-class decision values of x.
func (m *Model) scores(x vector) []float64 {
	out := make([]float64, len(m.Classes))
	for c, w := range m.Weights {
		s := float64(w[len(w)-1])
		for k, j := range x.idx {
			s += float64(w[j]) * float64(x.val[k])
		}
		out[c] = s
	}
	return out
}

// calibrate fits the softmax temperature on held-out decision values: the
// training set is split in three, each third scored by a model of the other
// two, and the temperature that maximises the likelihood of the true labels
// is kept — so a probability of 0.9 is right about nine times in ten.
func calibrate(classes []string, feats [][]string, labels []int, o Options) float64 {
	const k = 3
	if len(feats) < 3*k {
		return 1
	}
	var held [][]float64
	var truth []int
	for fold := 0; fold < k; fold++ {
		var trF, teF [][]string
		var trL, teL []int
		for i := range feats {
			if i%k == fold {
				teF, teL = append(teF, feats[i]), append(teL, labels[i])
			} else {
				trF, trL = append(trF, feats[i]), append(trL, labels[i])
			}
		}
		m := newModel(classes, trF, o)
		m.fit(m.vectors(trF), trL)
		for i, fs := range teF {
			held = append(held, m.scores(m.vector(fs)))
			truth = append(truth, teL[i])
		}
	}
	return bestTemperature(held, truth)
}

// bestTemperature minimises the negative log-likelihood over T by golden
// section search on log T.
func bestTemperature(scores [][]float64, truth []int) float64 {
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		var sum float64
		for i, s := range scores {
			sum -= math.Log(softmax(s, t)[truth[i]] + 1e-12)
		}
		return sum
	}
	lo, hi := math.Log(0.1), math.Log(100.0)
	phi := (math.Sqrt(5) - 1) / 2
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := nll(a), nll(b)
	for i := 0; i < 60; i++ {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = nll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = nll(b)
		}
	}
	return math.Exp((lo + hi) / 2)
}

func softmax(s []float64, t float64) []float64 {
	out := make([]float64, len(s))
	hi := math.Inf(-1)
	for _, v := range s {
		hi = math.Max(hi, v)
	}
	var z float64
	for i, v := range s {
		out[i] = math.Exp(t * (v - hi))
		z += out[i]
	}
	for i := range out {
		out[i] /= z
	}
	return out
}

// Predict returns the most probable label of text.
func (m *Model) Predict(text string, tok Tokenizer) Prediction {
	var words []string
	if m.Options.Words && tok != nil {
		words = tok(text)
	}
	return m.PredictWords(words, text)
}

// PredictWords is Predict for a text already segmented into words (used
// only when the model was trained with Words).
func (m *Model) PredictWords(words []string, text string) Prediction {
	p := softmax(m.scores(m.vectorText(words, text)), m.Temperature)
	best := 0
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
	}
	return Prediction{Label: m.Classes[best], Probability: p[best]}
}

// vectorText is vector(FeaturesOf(words, text)) without building the
// feature strings: a map lookup by string(bytes) does not allocate, and term
// frequencies come from sorting the indices found — four times faster than
// going through strings and a map of counts.
func (m *Model) vectorText(words []string, text string) vector {
	var found []int32
	eachFeature(words, text, m.Options, func(key []byte) {
		if j, ok := m.index[string(key)]; ok {
			found = append(found, j)
		}
	})
	return m.weigh(found)
}

// weigh turns found feature indices (with repeats) into a TF-IDF vector.
func (m *Model) weigh(found []int32) vector {
	slices.Sort(found)
	var v vector
	var norm float64
	for i := 0; i < len(found); {
		j := i
		for j < len(found) && found[j] == found[i] {
			j++
		}
		w := float32(1+math.Log(float64(j-i))) * m.IDF[found[i]]
		v.idx, v.val = append(v.idx, found[i]), append(v.val, w)
		norm += float64(w) * float64(w)
		i = j
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for k := range v.val {
			v.val[k] *= inv
		}
	}
	return v
}
