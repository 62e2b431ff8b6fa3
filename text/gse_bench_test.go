package text

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
)

// gseCorpus is the sample web's titles and bodies, with an analyzer.
func gseCorpus(b *testing.B) (*Analyzer, []string, int64) {
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		b.Fatal(err)
	}
	a, err := New(cfg.Loaded.Units, cfg.Loaded.Lexicon)
	if err != nil {
		b.Fatal(err)
	}
	site, _ := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked()})
	var texts []string
	var n int64
	for _, it := range site.Items() {
		texts = append(texts, it.Title, it.Body)
		n += int64(len(it.Title) + len(it.Body))
	}
	return a, texts, n
}

// BenchmarkGseAPI compares gse's segmentation paths on the same text with
// the same dictionary; "agree" is the share of Cut's words that Segment
// also produces at the same place.
func BenchmarkGseAPI(b *testing.B) {
	a, texts, n := gseCorpus(b)
	paths := []struct {
		name string
		cut  func(string) []string
	}{
		{"Segment", a.Segment},
		{"Cut", func(s string) []string { return a.seg.Cut(s) }},
		{"CutHMM", func(s string) []string { return a.seg.Cut(s, true) }},
	}
	for _, p := range paths {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(n)
			for i := 0; i < b.N; i++ {
				for _, s := range texts {
					p.cut(s)
				}
			}
			b.ReportMetric(agreement(texts, a.Segment, p.cut), "agree")
		})
	}
}

// agreement is the share of other's word boundaries that ref also has.
func agreement(texts []string, ref, other func(string) []string) float64 {
	var same, total int
	for _, s := range texts {
		refB := boundaries(ref(s))
		for end := range boundaries(other(s)) {
			total++
			if refB[end] {
				same++
			}
		}
	}
	return float64(same) / float64(total)
}

func boundaries(words []string) map[int]bool {
	out := map[int]bool{}
	pos := 0
	for _, w := range words {
		pos += len(w)
		out[pos] = true
	}
	return out
}

// BenchmarkLoadDictionaries loads gse's dictionary with the gazetteer and the
// lexicon, as every process does once, and reports time and memory.
func BenchmarkLoadDictionaries(b *testing.B) {
	cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		b.Fatal(err)
	}
	var a *Analyzer
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if a, err = New(cfg.Loaded.Units, cfg.Loaded.Lexicon); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/load")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(rssMB(), "rss-MB")
	runtime.KeepAlive(a)
}

// rssMB reads the process's resident set size from /proc (Linux).
func rssMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
