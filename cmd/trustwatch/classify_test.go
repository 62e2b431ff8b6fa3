package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClassifyTrainThenAnalyze trains a model from a CSV, configures it, and
// checks that analyze labels documents with it.
func TestClassifyTrainThenAnalyze(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("text,label\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&csv, "工地拖欠农民工工资第%d个月,欠薪\n窗口工作人员推诿让我来回跑了%d趟,推诿\n", i, i)
	}
	data := filepath.Join(dir, "labeled.csv")
	model := filepath.Join(dir, "model.json")
	if err := os.WriteFile(data, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	args := []string{"classify", "train", "-config", "../../configs/trustwatch.yaml", "-data", data, "-out", model}
	if err := run(context.Background(), args, nil, &out, &errOut); err != nil {
		t.Fatalf("train: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "trained on 40 examples, 2 classes") {
		t.Fatalf("train said %q", out.String())
	}
	cfg := configWithModel(t, dir, model)
	out.Reset()
	in := strings.NewReader(`{"id":"a","title":"金水区某工地拖欠工资","text":"拖欠农民工工资半年。"}` + "\n")
	if err := run(context.Background(), []string{"analyze", "-config", cfg}, in, &out, &errOut); err != nil {
		t.Fatalf("analyze: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), `"label":"欠薪"`) {
		t.Fatalf("analyze output %q has no label 欠薪", out.String())
	}
}

// configWithModel writes a config naming the model, with the shipped units,
// sources and lexicon.
func configWithModel(t *testing.T, dir, model string) string {
	t.Helper()
	root, _ := filepath.Abs("../../configs")
	cfg := fmt.Sprintf("units: %s/units.yaml\nsources: [%s/sources/*.yaml]\nlexicon: %s/lexicon/integrity.yaml\nindex: %s/index.yaml\nalerts: %s/alerts.yaml\nrecipients: %s/recipients.yaml\nclassifier: {model: %s}\n", root, root, root, root, root, root, model)
	path := filepath.Join(dir, "trustwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
