// Package classifier is a trainable text classifier for the taxonomies
// evaluators bring: multinomial naive Bayes over gse word tokens and Chinese
// character bigrams, pure Go, trained from labelled rows in seconds, saved as
// a JSON model file, and evaluated by k-fold cross-validation with per-class
// precision, recall, F1 and a confusion matrix.
//
// It owns features, training, prediction and evaluation; segmentation is
// passed in (text.Analyzer.Segment), and reading CSV files is done here too so
// the command line and tests share it.
package classifier

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"unicode"
)

// FormatVersion is the version of the model file this code reads and writes.
const FormatVersion = 1

// Example is one labelled text.
type Example struct {
	Text, Label string
}

// Tokenizer splits text into words (text.Analyzer.Segment).
type Tokenizer func(string) []string

// Options tune training.
type Options struct {
	Alpha      float64 // additive smoothing, default 1
	MinCount   int     // features seen fewer times are dropped, default 1
	NoBigrams  bool    // leave out character bigrams
	NoUnigrams bool    // leave out word tokens
}

func (o *Options) setDefaults() {
	if o.Alpha == 0 {
		o.Alpha = 1
	}
	if o.MinCount == 0 {
		o.MinCount = 1
	}
}

// Model is a trained classifier.
type Model struct {
	Version  int                  `json:"version"`
	Options  Options              `json:"options"`
	Classes  []string             `json:"classes"`
	LogPrior []float64            `json:"log_prior"`
	LogProb  map[string][]float64 `json:"log_prob"` // feature → log P(feature | class)
	Unseen   []float64            `json:"unseen"`   // log P of a feature not seen in training, per class
	Trained  int                  `json:"trained"`  // examples trained on
}

// Features are the words (w:) and Han character bigrams (c:) of a text.
func Features(text string, tok Tokenizer, o Options) []string {
	var words []string
	if !o.NoUnigrams {
		words = tok(text)
	}
	return FeaturesOf(words, text, o)
}

// FeaturesOf is Features for a text already segmented into words.
func FeaturesOf(words []string, text string, o Options) []string {
	var out []string
	if !o.NoUnigrams {
		for _, w := range words {
			if isWord(w) {
				out = append(out, "w:"+w)
			}
		}
	}
	if !o.NoBigrams {
		var prev rune
		for _, r := range text {
			if unicode.Is(unicode.Han, r) {
				if prev != 0 {
					out = append(out, "c:"+string([]rune{prev, r}))
				}
				prev = r
			} else {
				prev = 0
			}
		}
	}
	return out
}

func isWord(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// ErrNoData is returned when there is nothing to train on.
var ErrNoData = errors.New("no labelled examples")

// ErrOneClass is returned for examples that all carry the same label: any
// model would be "right" every time, which says nothing.
var ErrOneClass = errors.New("only one label")

// Train fits a model to the examples.
func Train(examples []Example, tok Tokenizer, o Options) (*Model, error) {
	o.setDefaults()
	if len(examples) == 0 {
		return nil, ErrNoData
	}
	classes, index := classesOf(examples)
	if len(classes) < 2 {
		return nil, fmt.Errorf("%w: every example is labelled %q; a classifier needs at least two labels", ErrOneClass, classes[0])
	}
	counts := map[string][]float64{}
	docs := make([]float64, len(classes))
	for _, ex := range examples {
		c := index[ex.Label]
		docs[c]++
		for _, f := range Features(ex.Text, tok, o) {
			if counts[f] == nil {
				counts[f] = make([]float64, len(classes))
			}
			counts[f][c]++
		}
	}
	pruneRare(counts, o.MinCount)
	return fit(classes, docs, counts, o, len(examples)), nil
}

func classesOf(examples []Example) ([]string, map[string]int) {
	index := map[string]int{}
	var classes []string
	for _, ex := range examples {
		if _, ok := index[ex.Label]; !ok {
			index[ex.Label] = 0
			classes = append(classes, ex.Label)
		}
	}
	sort.Strings(classes)
	for i, c := range classes {
		index[c] = i
	}
	return classes, index
}

func pruneRare(counts map[string][]float64, min int) {
	if min <= 1 {
		return
	}
	for f, cs := range counts {
		var n float64
		for _, c := range cs {
			n += c
		}
		if n < float64(min) {
			delete(counts, f)
		}
	}
}

// fit turns counts into smoothed log probabilities.
func fit(classes []string, docs []float64, counts map[string][]float64, o Options, n int) *Model {
	k := len(classes)
	totals := make([]float64, k)
	for _, cs := range counts {
		for c, v := range cs {
			totals[c] += v
		}
	}
	vocab := float64(len(counts))
	m := &Model{Version: FormatVersion, Options: o, Classes: classes, LogPrior: make([]float64, k),
		LogProb: make(map[string][]float64, len(counts)), Unseen: make([]float64, k), Trained: n}
	for c := range classes {
		m.LogPrior[c] = math.Log(docs[c] / float64(n))
		m.Unseen[c] = math.Log(o.Alpha / (totals[c] + o.Alpha*vocab))
	}
	for f, cs := range counts {
		lp := make([]float64, k)
		for c := range cs {
			lp[c] = math.Log((cs[c] + o.Alpha) / (totals[c] + o.Alpha*vocab))
		}
		m.LogProb[f] = lp
	}
	return m
}

// Prediction is a label and its probability among the model's classes.
type Prediction struct {
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
}

// Predict returns the most probable label of text.
func (m *Model) Predict(text string, tok Tokenizer) Prediction {
	return m.PredictFeatures(Features(text, tok, m.Options))
}

// PredictFeatures returns the most probable label for features.
func (m *Model) PredictFeatures(features []string) Prediction {
	scores := append([]float64(nil), m.LogPrior...)
	for _, f := range features {
		lp, ok := m.LogProb[f]
		if !ok {
			continue // a feature never seen in training says nothing
		}
		for c := range scores {
			scores[c] += lp[c]
		}
	}
	best := 0
	for c := range scores {
		if scores[c] > scores[best] {
			best = c
		}
	}
	var z float64
	for _, s := range scores {
		z += math.Exp(s - scores[best])
	}
	return Prediction{Label: m.Classes[best], Probability: 1 / z}
}

// Save writes the model as JSON.
func (m *Model) Save(w io.Writer) error {
	return json.NewEncoder(w).Encode(m)
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	var m Model
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if m.Version != FormatVersion {
		return nil, fmt.Errorf("read model: format version %d, this build reads %d", m.Version, FormatVersion)
	}
	if len(m.Classes) == 0 || len(m.LogPrior) != len(m.Classes) || len(m.Unseen) != len(m.Classes) {
		return nil, errors.New("read model: inconsistent classes")
	}
	return &m, nil
}
