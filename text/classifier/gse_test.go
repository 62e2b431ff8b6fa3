package classifier_test

import (
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/text"
	"github.com/trustwatch/trustwatch/text/classifier"
)

var an *text.Analyzer

func analyzer(tb testing.TB) (*text.Analyzer, *config.Config) {
	tb.Helper()
	cfg, err := config.Load("../../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		tb.Fatal(err)
	}
	if an == nil {
		if an, err = text.New(cfg.Loaded.Units, cfg.Loaded.Lexicon); err != nil {
			tb.Fatal(err)
		}
	}
	return an, cfg
}

// messages returns the sample web's 12345 messages labelled by topic, from
// seeds sample webs.
func messages(tb testing.TB, seeds int) []classifier.Example {
	_, cfg := analyzer(tb)
	var out []classifier.Example
	for s := 1; s <= seeds; s++ {
		site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked(), Seed: int64(s)})
		if err != nil {
			tb.Fatal(err)
		}
		for _, it := range site.Items() {
			if it.Topic != "" {
				out = append(out, classifier.Example{Text: it.Title + "。" + it.Body, Label: it.Topic})
			}
		}
	}
	return out
}

// TestSampleTopics trains on the sample web's messages with gse tokens and
// checks the cross-validated scores. The texts are generated from templates,
// so a score below 0.95 means the features or the training are broken, not
// that the task is hard.
func TestSampleTopics(t *testing.T) {
	a, _ := analyzer(t)
	ex := messages(t, 3)
	r, err := classifier.Evaluate(ex, a.Segment, classifier.Options{}, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d messages, %d topics: accuracy %.3f, macro F1 %.3f", len(ex), len(r.Classes), r.Accuracy, r.MacroF1)
	if r.Accuracy < 0.95 || len(r.Classes) != 9 {
		t.Fatalf("accuracy %.3f over %d topics, want ≥ 0.95 over 9", r.Accuracy, len(r.Classes))
	}
}

// BenchmarkTrain trains on the messages of 100 sample webs (over 20,000
// rows), segmentation included.
func BenchmarkTrain(b *testing.B) {
	a, _ := analyzer(b)
	ex := messages(b, 100)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := classifier.Train(ex, a.Segment, classifier.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ex)), "rows")
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/train")
}
