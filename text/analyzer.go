// Package text turns a document into signals: which units it concerns, which
// category of 政务失信 it records, its polarity and severity, and the evidence
// that decided each. It segments Chinese with github.com/go-ego/gse, with the
// gazetteer of configs/units.yaml added to the dictionary.
//
// It owns language: dictionaries, attribution and classification. It knows
// nothing of Kafka or ClickHouse; ingest calls Analyze.
package text

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/text/classifier"
	"github.com/trustwatch/trustwatch/unit"
)

// Polarity of a signal.
const (
	Negative = -1 // 失信
	Neutral  = 0
	Positive = 1 // 守信, 表彰
)

// Signal is what a document says about one unit (the wire type, so a
// pre-enriched document carries the same thing).
type Signal = document.Signal

// Result is the analysis of one document.
type Result = document.Analysis

// Analyzer holds the loaded dictionaries; build one per process and share it:
// loading takes seconds and hundreds of MB. Analyze is safe for concurrent use.
type Analyzer struct {
	model      *classifier.Model // nil: no label
	seg        gse.Segmenter
	gaz        *gazetteer
	lx         lexicon
	cues       *cueIndex
	words      map[string]*wordInfo // see indexWords
	fields     sync.Map             // field value → units, see fieldUnits
	fieldN     atomic.Int64         // entries stored in fields
	local      map[string]bool      // 郑州's own sources
	Loaded     time.Duration        // how long loading the dictionaries took
	DictCached bool                 // whether gse's dictionary came from the cache (Options.DictCache)
}

// Options configure an analyzer.
type Options struct {
	Units   *unit.Registry // required
	Lexicon config.Lexicon
	// Places are the places outside 郑州 (LoadPlaces); default the provinces.
	Places Places
	// Local are the ids of 郑州's own sources (the configured ones): their
	// documents are 郑州's as a whole, so a generic name in them (高新区,
	// 市公安局) with no other place nearer is 郑州's. Default none.
	Local []string
	// DictCache is the directory where the built dictionary is kept for the
	// next process (third_party/gse's LoadDictEmbedCached): default
	// DefaultDictCache(); "off" builds it from its text every time.
	DictCache string
}

// DefaultDictCache is $TRUSTWATCH_CACHE, else the user's cache directory's
// trustwatch (where deploy/local keeps libchdb too); "" when there is none.
func DefaultDictCache() string {
	if d := os.Getenv("TRUSTWATCH_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "trustwatch")
}

// addedWordFreq is the frequency the units' names and the lexicon's cues get
// in gse's dictionary. At 100000 each, the ~1,000 added words tripled gse's
// total frequency (5.8e7 → 1.6e8), which made every word of its own dictionary
// less likely and lowered segmentation F1 on SIGHAN 2005 (PKU .825, MSR .818
// against gse's own .833 / .826); at 1000 F1 returns to .832 / .825
// (measured 2026-12-03, shared/NOTES.md). Names are found by characters now
// (nameTrie), so they no longer need the segmenter to keep them whole.
const addedWordFreq = 1000

// New loads an analyzer with the built-in places and no local source.
func New(units *unit.Registry, lx config.Lexicon) (*Analyzer, error) {
	return NewWithOptions(Options{Units: units, Lexicon: lx})
}

// NewWithOptions loads gse's simplified-Chinese dictionary and adds unit
// names, places and the lexicon's cues to it.
func NewWithOptions(o Options) (*Analyzer, error) {
	start := time.Now()
	if o.Places.Other == nil {
		o.Places, _ = LoadPlaces("")
	}
	a := &Analyzer{gaz: newGazetteer(o.Units, o.Places), lx: compileLexicon(o.Lexicon), local: map[string]bool{}}
	for _, id := range o.Local {
		a.local[id] = true
	}
	a.cues = newCueIndex(a.lx)
	a.seg.SkipLog = true
	a.seg.NoSearchSegments = true // segments are never read in search mode (third_party/gse)
	cache := o.DictCache
	switch cache {
	case "":
		cache = DefaultDictCache()
	case "off":
		cache = ""
	}
	var err error
	if a.DictCached, err = a.seg.LoadDictEmbedCached("zh_s", cache); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	for _, w := range append(a.gaz.words(), a.lx.words()...) {
		// A high frequency makes the segmenter prefer the whole name to its parts.
		if err := a.seg.AddToken(w, addedWordFreq, "nz"); err != nil {
			return nil, fmt.Errorf("add %q to gse dictionary: %w", w, err)
		}
	}
	a.seg.CalcToken() // AddToken alone leaves the new words unused by Segment
	a.cues.addCompounds(func(yield func(string) bool) {
		for i := range a.seg.Dict.Tokens {
			if !yield(a.seg.Dict.Tokens[i].Text()) {
				return
			}
		}
	})
	a.indexWords()
	a.Loaded = time.Since(start)
	return a, nil
}

// token is a word with its byte offset in the segmented string and what the
// analyzer knows of it.
type token struct {
	text  string
	start int
	info  *wordInfo // nil for words that are neither a unit's name nor hold a cue
}

// wordInfo is what a word means to the analyzer: the unit it names and the
// cues it holds. One lookup per token serves attribution and classification.
type wordInfo struct {
	unit string
	cues []cueMatch
}

// segment returns the words of s with their offsets.
func (a *Analyzer) segment(s string) []token {
	segs := a.seg.Segment([]byte(s))
	out := make([]token, 0, len(segs))
	for i := 0; i < len(segs); i++ {
		start, end := segs[i].Start(), segs[i].End()
		w := segs[i].Token().Text() // gse lower-cases ASCII, as the lexicon is
		if isDigits(w) {            // １９９６年 is one word, as SIGHAN's references cut it
			for i+1 < len(segs) && isDigits(segs[i+1].Token().Text()) {
				i++
			}
			if i+1 < len(segs) && dateUnit(segs[i+1].Token().Text()) {
				i++
			}
			end = segs[i].End()
			w = s[start:end]
		}
		out = append(out, token{text: w, start: start, info: a.words[w]})
	}
	return out
}

// isDigits reports whether w is all digits, ASCII or full-width (１９９６):
// gse cuts full-width digits one by one.
func isDigits(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

// dateUnit is a unit that belongs to the number before it.
func dateUnit(w string) bool { return w == "年" || w == "月" || w == "日" }

// indexWords builds the word table from the gazetteer and the cue index.
func (a *Analyzer) indexWords() {
	a.words = map[string]*wordInfo{}
	get := func(w string) *wordInfo {
		if a.words[w] == nil {
			a.words[w] = &wordInfo{}
		}
		return a.words[w]
	}
	for name, id := range a.gaz.byName {
		if id != "" {
			get(name).unit = id
		}
	}
	for w, ms := range a.cues.tokens {
		get(w).cues = ms
	}
}

// maxFieldCache bounds the cache of field values: they repeat (the same
// 留言对象 and 决定机关 again and again), but a feed of unique values must not
// grow it without end.
const maxFieldCache = 50000

type fieldAttribution struct {
	units    []string
	mentions []document.Mention
}

// fieldUnits attributes a structured field's value, caching the answer
// (which depends on whether the document is 郑州's as a whole).
func (a *Analyzer) fieldUnits(v, field string, ours bool) ([]string, []document.Mention) {
	key := field + "\x00" + v
	if ours {
		key += "\x00ours"
	}
	if x, ok := a.fields.Load(key); ok {
		fa := x.(fieldAttribution)
		return fa.units, fa.mentions
	}
	hits := a.gaz.trie.find(v)
	us, ms := a.gaz.mentions(v, "field:"+field, hits, len(v), docAnchored(ours, hits))
	if a.fieldN.Add(1) <= maxFieldCache {
		a.fields.Store(key, fieldAttribution{us, ms})
	}
	return us, ms
}

// UseModel makes Analyze label every document with a trained classifier.
func (a *Analyzer) UseModel(m *classifier.Model) { a.model = m }

func tokenTexts(lists ...[]token) []string {
	var out []string
	for _, l := range lists {
		for _, t := range l {
			out = append(out, t.text)
		}
	}
	return out
}

// Segment returns the words of s.
func (a *Analyzer) Segment(s string) []string {
	toks := a.segment(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// Analyze attributes and classifies one document. Its spans are byte offsets
// into the title and text as given when they are valid UTF-8 — what any JSON
// decoding yields — and into ValidUTF8 of them otherwise.
func (a *Analyzer) Analyze(d document.Document) Result {
	d.Title, d.Text = ValidUTF8(d.Title), ValidUTF8(d.Text)
	title := a.segment(d.Title)
	body := a.segment(d.Text)
	units, mentions := a.attribute(d, title, body)
	res := Result{Tokens: len(title) + len(body), Units: units, Mentions: mentions}
	if j, ok := a.readJudgment(d); ok {
		return a.judgmentResult(d, j, res)
	}
	if a.model != nil {
		var words []string
		if a.model.Options.Words {
			words = tokenTexts(title, body)
		}
		p := a.model.PredictWords(words, d.Title+"。"+d.Text)
		res.Label, res.LabelProbability = p.Label, p.Probability
	}
	if len(units) == 0 {
		return res
	}
	f := a.cues.scan(&a.lx, part{"title", d.Title, title}, part{"text", d.Text, body})
	for _, u := range units {
		res.Signals = append(res.Signals, classify(d, u, f)...)
	}
	return res
}

// ValidUTF8 replaces bytes that are not UTF-8 with U+FFFD, as JSON decoding
// does, so that evidence quoted from s is always valid UTF-8.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// part is one segmented part of a document.
type part struct {
	where, raw string
	tokens     []token
}

// attribute finds the units a document concerns, in tiers: the unit a message
// is addressed to or the deciding authority (structured fields), else units
// named in the title, else in the text, else the source's own unit. Only the
// first tier that names any unit counts: a reply's signature or a passing
// mention is not the party concerned.
func (a *Analyzer) attribute(d document.Document, title, body []token) ([]string, []document.Mention) {
	local := d.DefaultUnit != "" || a.local[d.Source]
	for _, f := range []string{"留言对象", "决定机关"} {
		if v := d.Fields[f]; v != "" {
			if us, ms := a.fieldUnits(v, f, local); len(us) > 0 {
				return us, ms
			}
		}
	}
	titleHits, textHits := a.gaz.trie.find(d.Title), a.gaz.trie.find(d.Text)
	ours := docAnchored(local, titleHits, textHits)
	if us, ms := a.gaz.mentions(d.Title, "title", titleHits, len(d.Title), ours); len(us) > 0 {
		return us, ms
	}
	// A signature at the end ("金水区人民政府办公室 2026年10月8日") names who wrote,
	// not whom the text is about.
	if us, ms := a.gaz.mentions(d.Text, "text", textHits, signatureStart(d.Text, body, a.gaz), ours); len(us) > 0 {
		return us, ms
	}
	if d.DefaultUnit != "" {
		return []string{d.DefaultUnit}, []document.Mention{{Unit: d.DefaultUnit, Where: "default"}}
	}
	return nil, nil
}

// sentenceEnds are the marks that end a sentence for evidence.
const sentenceEnds = "。！？；!?;\n"

// maxEvidence is the longest evidence, in characters.
const maxEvidence = 120

// sentence returns the sentence of text around byte offset i: a substring of
// text, cut at character boundaries, at most maxEvidence characters around
// the cue — evidence goes into ClickHouse and into warning emails, so it must
// be valid UTF-8 and findable in the document as it is.
func sentence(text string, i int) string {
	i = max(0, min(i, len(text)))
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i-- // an offset inside a character: start from the character
	}
	start := 0
	if j := strings.LastIndexAny(text[:i], sentenceEnds); j >= 0 {
		_, size := utf8.DecodeRuneInString(text[j:])
		start = j + size // after the mark, which may be 3 bytes (。)
	}
	end := len(text)
	if j := strings.IndexAny(text[i:], sentenceEnds); j >= 0 {
		end = i + j
	}
	return trimAround(text[start:end], i-start)
}

// trimAround cuts s to at most maxEvidence characters keeping the one at
// byte offset at, and trims spaces: the result is still a substring of s.
func trimAround(s string, at int) string {
	if utf8.RuneCountInString(s) > maxEvidence {
		from := at
		for n := 0; n < maxEvidence/2 && from > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(s[:from])
			from -= size
		}
		to := from
		for n := 0; n < maxEvidence && to < len(s); n++ {
			_, size := utf8.DecodeRuneInString(s[to:])
			to += size
		}
		s = s[from:to]
	}
	return strings.TrimSpace(s)
}
