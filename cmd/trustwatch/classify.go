package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/text"
	"github.com/trustwatch/trustwatch/text/classifier"
)

// cmdClassify trains, evaluates and applies a classifier for a taxonomy of
// the user's own: trustwatch classify train|eval|predict -data labeled.csv ….
func cmdClassify(ctx context.Context, g *globals, args []string) error {
	const use = "usage: trustwatch classify train|eval|predict -data file.csv -text-col NAME [-label-col NAME] [-out model.bin] [-model model.bin] [-folds 5] [-C 1] [-min-df 2] [-words]"
	if slices.ContainsFunc(args, isHelp) && (len(args) == 0 || isHelp(args[0]) || strings.HasPrefix(args[0], "-")) {
		fmt.Fprintln(g.stdout, use)
		return errHelp
	}
	if len(args) == 0 || !slices.Contains([]string{"train", "eval", "predict"}, args[0]) {
		return usageError{use}
	}
	verb := args[0]
	fs := g.flags("classify " + verb)
	data := fs.String("data", "", "CSV file with a header row (required)")
	textCol := fs.String("text-col", "text", "column holding the text")
	labelCol := fs.String("label-col", "label", "column holding the label (predict: scores the predictions against it when the file has it)")
	out := fs.String("out", "model.bin", "where train writes the model")
	modelPath := fs.String("model", "model.bin", "the model predict applies")
	folds := fs.Int("folds", 5, "folds for eval")
	var o classifier.Options
	fs.Float64Var(&o.C, "C", 0, "SVM cost (default 1)")
	fs.IntVar(&o.MinDF, "min-df", 0, "drop features in fewer documents (default 2)")
	fs.BoolVar(&o.Words, "words", false, "add gse's words to the character n-grams (slower; no better on the 泰迪杯 messages)")
	if err := g.parse(fs, args[1:]); err != nil {
		return err
	}
	if *data == "" {
		return usageError{"classify " + verb + ": -data is required"}
	}
	a, err := g.analyzer()
	if err != nil {
		return err
	}
	if verb == "predict" {
		return classifyPredict(g, a, *modelPath, *data, *textCol, *labelCol)
	}
	ex, err := readExamples(g, *data, *textCol, *labelCol)
	if err != nil {
		return err
	}
	if verb == "eval" {
		return classifyEval(g, a, ex, o, *folds)
	}
	return classifyTrain(g, a, ex, o, *out)
}

// readExamples reads labelled rows, reporting skipped ones on stderr.
func readExamples(g *globals, data, textCol, labelCol string) ([]classifier.Example, error) {
	ex, err := classifier.ReadCSV(data, textCol, labelCol)
	if err != nil {
		if len(ex) == 0 {
			return nil, err
		}
		fmt.Fprintf(g.stderr, "skipped rows:\n%v\n", err)
	}
	return ex, nil
}

func (g *globals) analyzer() (*text.Analyzer, error) {
	cfg, err := g.load()
	if err != nil {
		return nil, err
	}
	return app.NewAnalyzer(cfg)
}

func classifyTrain(g *globals, a *text.Analyzer, ex []classifier.Example, o classifier.Options, out string) error {
	start := time.Now()
	m, err := classifier.Train(ex, tokenizer(a, o), o)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("write model %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "trained on %d examples, %d classes, %d features in %.2fs; model written to %s\n",
		m.Trained, len(m.Classes), len(m.Vocabulary), time.Since(start).Seconds(), out)
	return nil
}

// tokenizer is the analyzer's segmentation, unless the model uses none.
func tokenizer(a *text.Analyzer, o classifier.Options) classifier.Tokenizer {
	if !o.Words {
		return nil
	}
	return a.Segment
}

func classifyEval(g *globals, a *text.Analyzer, ex []classifier.Example, o classifier.Options, folds int) error {
	r, err := classifier.Evaluate(ex, tokenizer(a, o), o, folds, 2017)
	if err != nil {
		return usageError{err.Error()}
	}
	return r.Write(g.stdout)
}

// classifyPredict labels every row of a CSV file with a trained model and
// writes label and probability as CSV; when the file has the label column,
// it also scores the predictions against it (a held-out test).
func classifyPredict(g *globals, a *text.Analyzer, modelPath, data, textCol, labelCol string) error {
	f, err := os.Open(modelPath)
	if err != nil {
		return err
	}
	m, err := classifier.Load(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", modelPath, err)
	}
	rows, err := classifier.ReadRows(data, textCol, labelCol)
	if err != nil {
		return err
	}
	tok := tokenizer(a, m.Options)
	w := csv.NewWriter(g.stdout)
	_ = w.Write([]string{"row", "label", "probability"})
	var preds []classifier.Prediction
	start := time.Now()
	for i, r := range rows {
		p := m.Predict(r.Text, tok)
		preds = append(preds, p)
		_ = w.Write([]string{strconv.Itoa(i + 1), p.Label, strconv.FormatFloat(p.Probability, 'f', 3, 64)})
	}
	w.Flush()
	fmt.Fprintf(g.stderr, "%d rows predicted in %.2fs\n", len(rows), time.Since(start).Seconds())
	if r, ok := classifier.Score(m.Classes, rows, preds); ok {
		return r.Write(g.stderr)
	}
	return w.Error()
}
