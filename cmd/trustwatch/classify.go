package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/text"
	"github.com/trustwatch/trustwatch/text/classifier"
)

// cmdClassify trains and evaluates a classifier for a taxonomy of the
// user's own: trustwatch classify train|eval -data labeled.csv -text-col … -label-col ….
func cmdClassify(ctx context.Context, g *globals, args []string) error {
	const use = "usage: trustwatch classify train|eval -data file.csv -text-col NAME -label-col NAME [-out model.json] [-folds 5]"
	if slices.ContainsFunc(args, isHelp) && (len(args) == 0 || isHelp(args[0]) || strings.HasPrefix(args[0], "-")) {
		fmt.Fprintln(g.stdout, use)
		return errHelp
	}
	if len(args) == 0 || (args[0] != "train" && args[0] != "eval") {
		return usageError{use}
	}
	verb := args[0]
	fs := g.flags("classify " + verb)
	data := fs.String("data", "", "CSV file with a header row (required)")
	textCol := fs.String("text-col", "text", "column holding the text")
	labelCol := fs.String("label-col", "label", "column holding the label")
	out := fs.String("out", "model.json", "where train writes the model")
	folds := fs.Int("folds", 5, "folds for eval")
	if err := g.parse(fs, args[1:]); err != nil {
		return err
	}
	if *data == "" {
		return usageError{"classify " + verb + ": -data is required"}
	}
	ex, err := classifier.ReadCSV(*data, *textCol, *labelCol)
	if err != nil {
		if len(ex) == 0 {
			return err
		}
		fmt.Fprintf(g.stderr, "skipped rows:\n%v\n", err)
	}
	a, err := g.analyzer()
	if err != nil {
		return err
	}
	if verb == "eval" {
		return classifyEval(g, a, ex, *folds)
	}
	return classifyTrain(g, a, ex, *out)
}

func (g *globals) analyzer() (*text.Analyzer, error) {
	cfg, err := g.load()
	if err != nil {
		return nil, err
	}
	return app.NewAnalyzer(cfg)
}

func classifyTrain(g *globals, a *text.Analyzer, ex []classifier.Example, out string) error {
	start := time.Now()
	m, err := classifier.Train(ex, a.Segment, classifier.Options{})
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
		m.Trained, len(m.Classes), len(m.LogProb), time.Since(start).Seconds(), out)
	return nil
}

func classifyEval(g *globals, a *text.Analyzer, ex []classifier.Example, folds int) error {
	r, err := classifier.Evaluate(ex, a.Segment, classifier.Options{}, folds, 2017)
	if err != nil {
		return usageError{err.Error()}
	}
	return r.Write(g.stdout)
}
