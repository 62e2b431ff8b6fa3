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
	Folds     int
	Examples  int
	Accuracy  float64
	MacroF1   float64
	Classes   []ClassScore
	Confusion [][]int // [actual][predicted], rows and columns in Classes order
}

// Evaluate trains on k−1 folds and predicts the held-out fold, k times, with
// a seeded shuffle so the figures are reproducible.
func Evaluate(examples []Example, tok Tokenizer, o Options, k int, seed uint64) (Report, error) {
	if k < 2 || k > len(examples) {
		return Report{}, fmt.Errorf("evaluate: %d folds for %d examples (want 2 ≤ folds ≤ examples)", k, len(examples))
	}
	classes, index := classesOf(examples)
	if len(classes) < 2 {
		return Report{}, fmt.Errorf("evaluate: %w: every example is labelled %q", ErrOneClass, classes[0])
	}
	order := rand.New(rand.NewPCG(seed, 17)).Perm(len(examples))
	conf := make([][]int, len(classes))
	for i := range conf {
		conf[i] = make([]int, len(classes))
	}
	for fold := 0; fold < k; fold++ {
		var train, test []Example
		for i, j := range order {
			if i%k == fold {
				test = append(test, examples[j])
			} else {
				train = append(train, examples[j])
			}
		}
		m, err := Train(train, tok, o)
		if err != nil {
			return Report{}, err
		}
		for _, ex := range test {
			p := m.Predict(ex.Text, tok)
			conf[index[ex.Label]][index[p.Label]]++
		}
	}
	return score(classes, conf, k, len(examples)), nil
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
	fmt.Fprintf(w, "%d-fold cross-validation on %d examples: accuracy %.3f, macro F1 %.3f\n\n", r.Folds, r.Examples, r.Accuracy, r.MacroF1)
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
	return conf.Write(w)
}

func f3(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
