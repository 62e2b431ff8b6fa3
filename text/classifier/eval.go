package classifier

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/trustwatch/trustwatch/table"
)

// ClassScore is one class's figures.
type ClassScore struct {
	Class                 string
	Precision, Recall, F1 float64
	Support               int // examples of the class
}

// Report is a k-fold cross-validation.
type Report struct {
	Folds       int
	Examples    int
	Accuracy    float64
	MacroF1     float64
	Classes     []ClassScore
	Confusion   [][]int // [actual][predicted], rows and columns in Classes order
	Reliability []Bin   // predicted probability against accuracy
}

// Evaluate trains on k−1 folds and predicts the held-out fold, k times, with
// a seeded shuffle so the figures are reproducible.
func Evaluate(examples []Example, tok Tokenizer, o Options, k int, seed uint64) (Report, error) {
	if k < 2 || k > len(examples) {
		return Report{}, fmt.Errorf("evaluate: %d folds for %d examples (want 2 ≤ folds ≤ examples)", k, len(examples))
	}
	classes, index, err := checkExamples(examples)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate: %w", err)
	}
	folds := stratifiedFolds(examples, index, k, seed)
	conf := make([][]int, len(classes))
	for i := range conf {
		conf[i] = make([]int, len(classes))
	}
	var cal calibration
	for fold := 0; fold < k; fold++ {
		var train, test []Example
		for i, ex := range examples {
			if folds[i] == fold {
				test = append(test, ex)
			} else {
				train = append(train, ex)
			}
		}
		m, err := Train(train, tok, o)
		if err != nil {
			return Report{}, err
		}
		for _, ex := range test {
			p := m.Predict(ex.Text, tok)
			conf[index[ex.Label]][index[p.Label]]++
			cal.add(p.Probability, p.Label == ex.Label)
		}
	}
	r := score(classes, conf, k, len(examples))
	r.Reliability = cal.bins()
	return r, nil
}

// Score compares predictions with the rows' labels — a held-out test — and
// reports false when some row has no label. A label the model does not know
// counts as a miss, in a class of its own.
func Score(classes []string, rows []Example, preds []Prediction) (Report, bool) {
	index := map[string]int{}
	all := append([]string(nil), classes...)
	for i, c := range all {
		index[c] = i
	}
	for _, r := range rows {
		if r.Label == "" {
			return Report{}, false
		}
		if _, ok := index[r.Label]; !ok {
			index[r.Label] = len(all)
			all = append(all, r.Label)
		}
	}
	conf := make([][]int, len(all))
	for i := range conf {
		conf[i] = make([]int, len(all))
	}
	var cal calibration
	for i, r := range rows {
		conf[index[r.Label]][index[preds[i].Label]]++
		cal.add(preds[i].Probability, preds[i].Label == r.Label)
	}
	rep := score(all, conf, 0, len(rows))
	rep.Reliability = cal.bins()
	return rep, true
}

// stratifiedFolds deals each class's examples, shuffled with seed, round
// the k folds, so every fold holds each class in proportion.
func stratifiedFolds(examples []Example, index map[string]int, k int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 17))
	byClass := make([][]int, len(index))
	for i, ex := range examples {
		c := index[ex.Label]
		byClass[c] = append(byClass[c], i)
	}
	folds := make([]int, len(examples))
	next := 0
	for _, members := range byClass {
		rng.Shuffle(len(members), func(a, b int) { members[a], members[b] = members[b], members[a] })
		for _, i := range members {
			folds[i] = next % k
			next++
		}
	}
	return folds
}

// Bin is one row of a reliability table: predictions whose probability fell
// in [Low, High), how many there were and how often they were right.
type Bin struct {
	Low, High  float64
	Count      int
	Confidence float64 // mean predicted probability
	Accuracy   float64 // share right
}

type calibration struct {
	sum     [10]float64
	n, good [10]int
}

func (c *calibration) add(p float64, right bool) {
	b := min(int(p*10), 9)
	c.sum[b] += p
	c.n[b]++
	if right {
		c.good[b]++
	}
}

func (c *calibration) bins() []Bin {
	var out []Bin
	for b := range c.n {
		if c.n[b] == 0 {
			continue
		}
		out = append(out, Bin{Low: float64(b) / 10, High: float64(b+1) / 10, Count: c.n[b],
			Confidence: c.sum[b] / float64(c.n[b]), Accuracy: ratio(c.good[b], c.n[b])})
	}
	return out
}

func score(classes []string, conf [][]int, k, n int) Report {
	r := Report{Folds: k, Examples: n, Confusion: conf}
	correct := 0
	for c, name := range classes {
		tp, predicted, actual := conf[c][c], 0, 0
		for x := range classes {
			predicted += conf[x][c]
			actual += conf[c][x]
		}
		correct += tp
		cs := ClassScore{Class: name, Support: actual, Precision: ratio(tp, predicted), Recall: ratio(tp, actual)}
		if cs.Precision+cs.Recall > 0 {
			cs.F1 = 2 * cs.Precision * cs.Recall / (cs.Precision + cs.Recall)
		}
		r.Classes = append(r.Classes, cs)
		r.MacroF1 += cs.F1 / float64(len(classes))
	}
	r.Accuracy = ratio(correct, n)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Write prints the report: per-class figures, then the confusion matrix.
func (r Report) Write(w io.Writer) error {
	if r.Folds == 0 {
		fmt.Fprintf(w, "held-out test on %d examples: accuracy %.3f, macro F1 %.3f\n\n", r.Examples, r.Accuracy, r.MacroF1)
	} else {
		fmt.Fprintf(w, "%d-fold stratified cross-validation on %d examples: accuracy %.3f, macro F1 %.3f\n\n", r.Folds, r.Examples, r.Accuracy, r.MacroF1)
	}
	scores := table.Table{Header: []string{"class", "precision", "recall", "F1", "support"}, Right: map[int]bool{1: true, 2: true, 3: true, 4: true}}
	conf := table.Table{Header: []string{"actual \\ predicted"}, Right: map[int]bool{}}
	for i, c := range r.Classes {
		scores.Rows = append(scores.Rows, []string{c.Class, f3(c.Precision), f3(c.Recall), f3(c.F1), strconv.Itoa(c.Support)})
		conf.Header = append(conf.Header, c.Class)
		conf.Right[i+1] = true
		row := []string{c.Class}
		for _, v := range r.Confusion[i] {
			row = append(row, strconv.Itoa(v))
		}
		conf.Rows = append(conf.Rows, row)
	}
	if err := scores.Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nconfusion matrix")
	if err := conf.Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nreliability: predicted probability against the share right")
	rel := table.Table{Header: []string{"probability", "predictions", "mean probability", "share right"}, Right: map[int]bool{1: true, 2: true, 3: true}}
	for _, b := range r.Reliability {
		rel.Rows = append(rel.Rows, []string{fmt.Sprintf("%.1f–%.1f", b.Low, b.High), strconv.Itoa(b.Count), f3(b.Confidence), f3(b.Accuracy)})
	}
	return rel.Write(w)
}

func f3(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
