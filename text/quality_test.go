package text_test

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/text"
)

var updateQuality = flag.Bool("update", false, "rewrite docs/quality.md from the development set")

// devExample is one row of testdata/devset.csv: a document and what a careful
// reader says about it.
type devExample struct {
	id, note   string
	doc        document.Document
	units      []string
	categories []string
	polarity   int
}

func loadDevSet(t *testing.T) []devExample {
	t.Helper()
	f, err := os.Open("testdata/devset.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []devExample
	for _, r := range rows[1:] { // id,kind,title,text,units,categories,polarity,note,fields
		pol, err := strconv.Atoi(r[6])
		if err != nil {
			t.Fatalf("%s: polarity %q", r[0], r[6])
		}
		fields, def := parseFields(r[8])
		at := time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)
		d := document.New("dev", r[1], "http://dev/"+r[0], r[2], r[3], at, at, fields)
		d.DefaultUnit = def
		out = append(out, devExample{id: r[0], note: r[7], doc: d, units: split(r[4]), categories: split(r[5]), polarity: pol})
	}
	return out
}

func parseFields(s string) (map[string]string, string) {
	fields := map[string]string{}
	def := ""
	for _, kv := range split2(s, "|") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "default" {
			def = v
			continue
		}
		fields[k] = v
	}
	return fields, def
}

func split(s string) []string { return split2(s, ";") }

func split2(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// quality is the measured quality on the development set.
type quality struct {
	n, unitExact, unitFirst, polarity int
	polConf                           [3][3]int // [expected+1][predicted+1]
	tp, fp, fn                        map[string]int
	misses                            []string
}

func measure(ex []devExample) quality {
	q := quality{n: len(ex), tp: map[string]int{}, fp: map[string]int{}, fn: map[string]int{}}
	for _, e := range ex {
		res := an.Analyze(e.doc)
		if sameSet(res.Units, e.units) {
			q.unitExact++
		} else {
			q.misses = append(q.misses, fmt.Sprintf("units %s: got %v, want %v — %s", e.id, res.Units, e.units, e.note))
		}
		if len(e.units) == 0 && len(res.Units) == 0 || len(e.units) > 0 && len(res.Units) > 0 && res.Units[0] == e.units[0] {
			q.unitFirst++
		}
		p := docPolarity(res.Signals)
		q.polConf[e.polarity+1][p+1]++
		if p == e.polarity {
			q.polarity++
		} else {
			q.misses = append(q.misses, fmt.Sprintf("polarity %s: got %d, want %d — %s", e.id, p, e.polarity, e.note))
		}
		q.countCategories(e, res.Signals)
	}
	return q
}

func (q *quality) countCategories(e devExample, sigs []text.Signal) {
	got := map[string]bool{}
	for _, s := range sigs {
		if s.Polarity != 0 {
			got[s.Category] = true
		}
	}
	want := map[string]bool{}
	for _, c := range e.categories {
		want[c] = true
	}
	for c := range got {
		if want[c] {
			q.tp[c]++
		} else {
			q.fp[c]++
		}
	}
	for c := range want {
		if !got[c] {
			q.fn[c]++
		}
	}
}

func docPolarity(sigs []text.Signal) int {
	p := 0
	for _, s := range sigs {
		if s.Polarity < 0 {
			return -1
		}
		if s.Polarity > 0 {
			p = 1
		}
	}
	return p
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[string]bool{}
	for _, x := range a {
		set[x] = true
	}
	for _, x := range b {
		if !set[x] {
			return false
		}
	}
	return true
}

type catScore struct {
	name                string
	p, r, f1            float64
	support, tp, fp, fn int
}

func (q quality) categories() (out []catScore, macroF1 float64) {
	names := map[string]bool{}
	for _, m := range []map[string]int{q.tp, q.fp, q.fn} {
		for c := range m {
			names[c] = true
		}
	}
	for c := range names {
		s := catScore{name: c, tp: q.tp[c], fp: q.fp[c], fn: q.fn[c], support: q.tp[c] + q.fn[c]}
		s.p, s.r = ratio(s.tp, s.tp+s.fp), ratio(s.tp, s.tp+s.fn)
		if s.p+s.r > 0 {
			s.f1 = 2 * s.p * s.r / (s.p + s.r)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].support > out[j].support || out[i].support == out[j].support && out[i].name < out[j].name
	})
	n := 0
	for _, s := range out {
		if s.support > 0 {
			macroF1 += s.f1
			n++
		}
	}
	return out, macroF1 / float64(n)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Thresholds guard the measured quality; raise them as the rules improve.
const (
	minUnitExact = 0.97
	minPolarity  = 0.88
	minMacroF1   = 0.84
)

// TestDevSetQuality measures attribution, polarity and categories on the
// hand-written development set, fails below the thresholds, and with -update
// writes the figures to docs/quality.md.
func TestDevSetQuality(t *testing.T) {
	ex := loadDevSet(t)
	if len(ex) < 400 {
		t.Fatalf("development set has %d examples, want at least 400", len(ex))
	}
	q := measure(ex)
	cats, macro := q.categories()
	unitExact, polarity := ratio(q.unitExact, q.n), ratio(q.polarity, q.n)
	t.Logf("%d examples: units exact %.3f, first unit %.3f, polarity %.3f, category macro F1 %.3f",
		q.n, unitExact, ratio(q.unitFirst, q.n), polarity, macro)
	if *updateQuality {
		if err := os.WriteFile("../docs/quality.md", []byte(q.report(cats, macro)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if unitExact < minUnitExact || polarity < minPolarity || macro < minMacroF1 {
		for _, m := range q.misses {
			t.Log(m)
		}
		t.Fatalf("units exact %.3f (min %.2f), polarity %.3f (min %.2f), macro F1 %.3f (min %.2f)",
			unitExact, minUnitExact, polarity, minPolarity, macro, minMacroF1)
	}
}

func (q quality) report(cats []catScore, macro float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Text understanding: measured quality\n\n")
	fmt.Fprintf(&b, "Written by `go test ./text -run DevSetQuality -update` from `text/testdata/devset.csv`: %d documents\n", q.n)
	b.WriteString("written and labelled by the team as a careful reader would — which units a document concerns, which\n")
	b.WriteString("categories of 政务失信 it records, and whether it records a failure (−1), a 守信/表彰 record (+1) or\n")
	b.WriteString("nothing (0). They cover the 16 district-level units, municipal departments, every category of the\n")
	b.WriteString("lexicon, and hard cases (notes column): places named after districts, 中原 alone, signatures,\n")
	b.WriteString("several units, a source's default unit, negations, resolutions, praise that mentions arrears,\n")
	b.WriteString("private disputes that are not government failures, and failures told without any lexicon word.\n")
	b.WriteString("The test fails below the thresholds in `text/quality_test.go`.\n\n")
	b.WriteString("**Read these figures as optimistic.** The lexicon (`configs/lexicon/integrity.yaml`) was developed\n")
	b.WriteString("against this set: its split into failure and topic words, and some of its words, came from studying\n")
	b.WriteString("these errors. Text from other sources, and texts written by others, will score lower; a held-out set\n")
	b.WriteString("labelled by a second person is the next step. The generated sample web scores 100% on attribution\n")
	b.WriteString("and polarity (`TestSampleWebTruth`), which says only that the pipeline is wired right.\n\n")
	b.WriteString("## Which figures are tuned\n\n")
	b.WriteString("- **Tuned** (the lexicon and rules were changed while looking at them): every figure below.\n")
	b.WriteString("- **Rules written from issue #11's descriptions, not from this set**: anchoring of names other cities share\n")
	b.WriteString("  (高新区, 市公安局), county stems and officials' titles, courtesy formulas and 满意度, public-service failures,\n")
	b.WriteString("  private parties. They are checked by pass/fail tests on made-up texts in the shapes the issue describes:\n")
	b.WriteString("  `text/testdata/traps.csv` (54 attribution traps, `TestAttributionTraps`; with all of China's divisions in\n")
	b.WriteString("  `TestAttributionWithAllDivisions`) and `TestRealTextShapes` (13 polarity and category cases). Those sets\n")
	b.WriteString("  were written together with the rules, so they too say only that the rules do what they say.\n")
	b.WriteString("- **Real text**: see the next section — 300 real messages labelled by hand, half of them never looked at while\n")
	b.WriteString("  the lexicon was changed.\n\n")
	b.WriteString(realTextSection)
	b.WriteString(classifierSection)
	b.WriteString(segmentationSection)
	b.WriteString("## Attribution\n\n")
	fmt.Fprintf(&b, "| measure | value |\n| --- | --- |\n| exact set of units | %.3f (%d/%d) |\n| first unit right | %.3f |\n\n",
		ratio(q.unitExact, q.n), q.unitExact, q.n, ratio(q.unitFirst, q.n))
	fmt.Fprintf(&b, "## Polarity (document level)\n\naccuracy %.3f (%d/%d)\n\n", ratio(q.polarity, q.n), q.polarity, q.n)
	b.WriteString("| expected \\ predicted | −1 失信 | 0 | +1 守信 |\n| --- | --- | --- | --- |\n")
	for i, name := range []string{"−1 失信", "0", "+1 守信"} {
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", name, q.polConf[i][0], q.polConf[i][1], q.polConf[i][2])
	}
	fmt.Fprintf(&b, "\n## Categories (multi-label, per document)\n\nmacro F1 %.3f over the categories with support\n\n", macro)
	b.WriteString("| category | precision | recall | F1 | support | tp | fp | fn |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range cats {
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %.3f | %d | %d | %d | %d |\n", c.name, c.p, c.r, c.f1, c.support, c.tp, c.fp, c.fn)
	}
	b.WriteString("\n## Errors, one line each\n\n```\n")
	for _, m := range q.misses {
		b.WriteString(m + "\n")
	}
	b.WriteString("```\n")
	return b.String()
}

// classifierSection reports the trainable classifier (text/classifier),
// measured by TestTaidiHeldOut and the Taidi benchmarks on real messages.
const classifierSection = `## The trainable classifier (trustwatch classify), on real messages

Data: the 2020 泰迪杯 C题 share in shared/data/taidi2020-dev (1,842 labelled messages, 7 classes). It is split
once by the CRC-32 of each text: divisible by 5 → **held out** (352), the rest → development (1,490).
Model: TF-IDF over Han characters and character bigrams, one-vs-rest L2-loss linear SVMs (dual coordinate
descent, C = 1, features in ≥ 2 documents, class-balanced weights), probabilities by a softmax temperature
fitted on held-out folds of the training data.

| model | development, 5-fold stratified CV | held out | measured with |
| --- | --- | --- | --- |
| naive Bayes (before) | macro-F1 0.709 on all 1,842 | — | ` + "`trustwatch classify eval -data …/messages_labelled.csv`" + ` at 56e99ea |
| linear SVM, characters (default) | 0.886 | **0.911** (accuracy 0.912) | ` + "`go test ./text/classifier -run TestTaidiHeldOut -v`" + ` |
| linear SVM, characters + gse words (` + "`-words`" + `) | 0.889 | 0.907 | ` + "`trustwatch classify train -data dev.csv -words; … predict -data held.csv`" + ` |

**Which of these are tuned.** Options were compared on the development part: C (0.5–4), min-df (1–3), class
weights, character trigrams, words. The class-weight and trigram comparisons were made on an earlier 80%
split (by FNV hash) that overlapped about four fifths of the held-out part, and the choice to leave words
out by default was made after both variants' held-out scores were seen: so the held-out 0.911 is mildly
optimistic. Published BERT-based results on the same task are about 0.92.

Reliability on the held-out part (predicted probability against the share right):

| probability | predictions | mean probability | share right |
| --- | --- | --- | --- |
| 0.4–0.5 | 9 | 0.458 | 0.667 |
| 0.5–0.6 | 15 | 0.553 | 0.733 |
| 0.6–0.7 | 11 | 0.661 | 0.545 |
| 0.7–0.8 | 20 | 0.748 | 0.700 |
| 0.8–0.9 | 28 | 0.865 | 0.821 |
| 0.9–1.0 | 268 | 0.987 | 0.974 |

Speed (one core, ` + "`GOMAXPROCS=1 go test -run '^$' -bench Taidi -benchtime 3x ./text/classifier/`" + `): training on all
1,842 messages 3.4 s; prediction 5,294 messages/s (average 1.27 KB each). Model file 1.7 MB for all 1,842 messages (gob, gzipped; naive Bayes wrote 36 MB of JSON).

`

// segmentationSection reports how the segmenter's dictionary is extended.
const segmentationSection = `## Segmentation

The units' names and the lexicon's ~1,000 words are added to gse's zh_s dictionary at frequency 1,000,
not 100,000: at 100,000 they tripled gse's total frequency and lowered word F1 on SIGHAN 2005 (PKU .825,
MSR .818 against plain gse's .833 / .826); at 1,000 F1 was .832 / .825 (measured 2026-12-03, recorded in
shared/NOTES.md). Runs of digits, ASCII or full-width, are one word with a following 年/月/日
(１９９６年, as the SIGHAN references cut them; ` + "`TestSegmentDigits`" + `). The SIGHAN files are not on this
machine, so the F1 of this exact build was not measured here. The development set's figures are the same
at both frequencies (names are found by characters now, not by the segmenter's words).

`

// realTextSection reports the hand-labelled real messages (TestRealTextSet).
const realTextSection = `## Real text: 300 messages of a provincial 网络问政 board

` + "`go test ./text -run TestRealTextSet -v`" + ` (needs shared/data beside the project; the texts stay there,
` + "`text/testdata/realtext.csv`" + ` holds only ids and labels). Every 14th message of
shared/data/taidi2020-dev/messages_unlabelled.csv, 300 in all, was labelled by hand **before** the analyzer was
run on any of them: 109 record a government failure (−1), 191 do not (0), none is praise. Place names are
masked (A市, A3区), so attribution is not measured: each message is given a unit as its source's, and only
what it says is compared.

Labelling rules. **−1**: the message says a government body, or a public institution under one (public school,
hospital, utility, 12345, 社区/街道/村委), failed: did not pay what it owes (subsidies, 补偿), broke a promise or
an agreement (拆迁安置, 承诺一个月内解决), did not act or answer after being told (多次投诉无果, 踢皮球, 石沉大海),
cut or failed a public service (停水 for months, 低水压), or broke rules itself (违规发证, 有偿补课, 乱收费, 不公开).
**0**: questions, consultations, suggestions, objections to a plan or a siting decision, reports of a private
party's wrongdoing (developers, property companies, shops, frauds) asking the government to act, and complaints
whose only failing party is private. **+1**: praise or thanks of a government body (none in this sample).
Category: the plan's domain of the failure when one fits (勤政与不作为, 公共服务保障, 政务公开, 承诺践诺,
政府债务与拖欠, 街道乡镇服务, 招商引资), else none.

The first 150 messages were then studied to improve the rules (courtesy is never praise in a text; 满意 is no
praise word; non-responses such as 投诉无门, 毫无作用, 不了了之; subsidies as arrears; companies as private
parties); the last 150 were not looked at.

| | before (commit 4bc9ab7, rules of the development set) | after |
| --- | --- | --- |
| polarity, all 300 | 0.590 | 0.723 |
| polarity, tuning half | 0.553 | 0.693 (tuned) |
| polarity, **held-out half** | 0.627 | **0.753** |
| failures found: precision / recall, all | 0.597 / 0.422 | 0.644 / 0.532 |
| category macro-F1, held-out half | 0.390 | 0.422 |

Issue #11's goals on real text (polarity ≥ 0.85, category macro-F1 ≥ 0.80) are **not met**: a lexicon misses
failures told in words of their own (a school's 有偿补课, a 派出所's conduct) and takes private disputes told
with failure words for government failures. The trained classifier is the better tool for categories (below).

`
