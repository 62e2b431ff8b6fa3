package text

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/workday"
)

// cueKind says what a cue marks.
type cueKind int

const (
	cueFailure cueKind = iota // a category's failure word
	cueTopic                  // a category's topic word
	cueGeneral                // a general failure word
	cuePraise
	cueResolved
	cueCriticism
	cueCourtesy // 感谢: praise in a title only
)

type cueRef struct {
	kind cueKind
	rule int // index into rules for cueRule
}

// cueIndex finds cues in tokens. Every cue is in the segmenter's dictionary,
// so most come out of segmentation as whole tokens; but gse also knows
// compounds that hold a cue (拖欠工资). Since gse without HMM emits only
// dictionary words (or single characters and runs of ASCII), every compound
// holding a cue is found once, at load, by scanning the dictionary: then one
// map lookup per token finds every cue — far cheaper than searching the text
// for each cue.
type cueIndex struct {
	exact     map[string][]cueRef
	tokens    map[string][]cueMatch // exact cues and dictionary compounds holding cues
	cues      []string              // every cue, longest first
	negations map[string]bool
}

// cueMatch is a cue found at byte offset off within a token.
type cueMatch struct {
	ref     cueRef
	cue     string
	off     int
	negated bool // a negation stands before the cue inside the token (未拖欠)
}

func newCueIndex(lx lexicon) *cueIndex {
	ix := &cueIndex{exact: map[string][]cueRef{}, negations: lx.negations}
	for i, r := range lx.rules {
		for _, c := range r.Failures {
			ix.exact[c] = append(ix.exact[c], cueRef{kind: cueFailure, rule: i})
		}
		for _, c := range r.Topics {
			ix.exact[c] = append(ix.exact[c], cueRef{kind: cueTopic, rule: i})
		}
	}
	for kind, cues := range map[cueKind][]string{cueGeneral: lx.failures, cuePraise: lx.praise, cueResolved: lx.resolved, cueCriticism: lx.criticism,
		cueCourtesy: lx.courtesy} {
		for _, c := range cues {
			ix.exact[c] = append(ix.exact[c], cueRef{kind: kind})
		}
	}
	ix.tokens = map[string][]cueMatch{}
	for c, refs := range ix.exact {
		ix.cues = append(ix.cues, c)
		for _, r := range refs {
			ix.tokens[c] = append(ix.tokens[c], cueMatch{ref: r, cue: c})
		}
	}
	for _, w := range lx.neutral {
		ix.tokens[w] = []cueMatch{} // present and empty: a neutral word wins, and addCompounds leaves it so
	}
	sort.Slice(ix.cues, func(i, j int) bool {
		return len(ix.cues[i]) > len(ix.cues[j]) || len(ix.cues[i]) == len(ix.cues[j]) && ix.cues[i] < ix.cues[j]
	})
	return ix
}

// addCompounds indexes the dictionary words that hold a cue. A word can hold
// a cue only if it holds a cue's first two characters, which rules most words
// out with one set lookup per pair.
func (ix *cueIndex) addCompounds(words func(yield func(string) bool)) {
	pairs := map[string]bool{}
	for _, c := range ix.cues {
		if r := []rune(c); len(r) >= 2 {
			pairs[string(r[:2])] = true
		}
	}
	for w := range words {
		if _, done := ix.tokens[w]; done || utf8.RuneCountInString(w) < 3 || !holdsPair(w, pairs) {
			continue
		}
		if m := ix.inside(w); len(m) > 0 {
			ix.tokens[w] = m
		}
	}
}

func holdsPair(w string, pairs map[string]bool) bool {
	prev := -1
	for i := range w {
		if prev >= 0 {
			_, size := utf8.DecodeRuneInString(w[i:])
			if pairs[w[prev:i+size]] {
				return true
			}
		}
		prev = i
	}
	return false
}

func (ix *cueIndex) inside(w string) []cueMatch {
	var out []cueMatch
	for _, c := range ix.cues {
		off := strings.Index(w, c)
		if off < 0 {
			continue
		}
		neg := ix.negatedBefore(w[:off])
		for _, r := range ix.exact[c] {
			out = append(out, cueMatch{ref: r, cue: c, off: off, negated: neg})
		}
	}
	return out
}

func (ix *cueIndex) negatedBefore(prefix string) bool {
	for n := range ix.negations {
		if strings.HasSuffix(prefix, n) {
			return true
		}
	}
	return false
}

// hit is a cue found in a part of the document.
type hit struct {
	cue   string
	where string // "title" or "text"
	start int    // byte offset in that part
	raw   string // the part
}

// evidence sets the signal's evidence: the cue's sentence and its span.
func (h hit) evidence(s *Signal) {
	s.Evidence = sentence(h.raw, h.start)
	s.Where, s.Start, s.End = h.where, h.start, h.start+len(h.cue)
}

// found is what one pass over a document's tokens found: the first cue of
// each kind and of each rule, in text order.
type found struct {
	lx                                   *lexicon
	failure, topic                       []hit // first failure and topic word per rule, zero if none
	general, praise, resolved, criticism hit
	courtesy                             hit
	// praised are the sentences holding praise, and failed the places of
	// every failure word: praise stands only if no failure is told in a
	// sentence of its own (a courtesy never cancels a complaint).
	praised []span
	failed  []hit
}

// span is a sentence of one part of a document.
type span struct {
	where      string
	start, end int
}

func sentenceSpan(h hit) span {
	start, end := 0, len(h.raw)
	if j := strings.LastIndexAny(h.raw[:h.start], sentenceEnds); j >= 0 {
		_, size := utf8.DecodeRuneInString(h.raw[j:])
		start = j + size
	}
	if j := strings.IndexAny(h.raw[h.start:], sentenceEnds); j >= 0 {
		end = h.start + j
	}
	return span{h.where, start, end}
}

// failureOutsidePraise reports whether a failure word stands in a sentence
// that holds no praise. Praise in the title is the document's thesis (表扬…局
// 及时帮我们讨回工资): then only a failure in the title itself counts against it.
func (f found) failureOutsidePraise() bool {
	titlePraise := false
	for _, p := range f.praised {
		titlePraise = titlePraise || p.where == "title"
	}
	for _, h := range f.failed {
		if titlePraise && h.where != "title" {
			continue
		}
		inside := false
		for _, p := range f.praised {
			if p.where == h.where && h.start >= p.start && h.start < p.end {
				inside = true
				break
			}
		}
		if !inside {
			return true
		}
	}
	return false
}

// scan finds the cues among the parts' tokens; a rule cue right after a
// negation (未 拖欠) does not count. Resolution patterns with a gap
// (已于…结清) are looked for in the text itself.
func (ix *cueIndex) scan(lx *lexicon, parts ...part) found {
	f := found{lx: lx, failure: make([]hit, len(lx.rules)), topic: make([]hit, len(lx.rules))}
	for _, p := range parts {
		for i, t := range p.tokens {
			if t.info == nil || len(t.info.cues) == 0 {
				continue
			}
			ms := t.info.cues
			negated := i > 0 && lx.negations[p.tokens[i-1].text]
			for _, m := range ms {
				if m.ref.negatable() && (m.negated || negated && m.off == 0) {
					continue
				}
				f.note(m.ref, hit{cue: m.cue, where: p.where, start: t.start + m.off, raw: p.raw})
			}
		}
		if f.resolved.cue == "" {
			f.resolved = gapHit(lx, p)
		}
	}
	return f
}

func gapHit(lx *lexicon, p part) hit {
	for _, g := range lx.gaps {
		if !strings.Contains(p.raw, g.before) || !strings.Contains(p.raw, g.after) {
			continue
		}
		if loc := g.re.FindStringIndex(p.raw); loc != nil {
			return hit{cue: p.raw[loc[0]:loc[1]], where: p.where, start: loc[0], raw: p.raw}
		}
	}
	return hit{}
}

// negatable says whether a negation just before the word cancels it: failure
// words and praise can be negated (未拖欠, 没有兑现承诺); topics cannot.
func (r cueRef) negatable() bool {
	return r.kind == cueFailure || r.kind == cueGeneral || r.kind == cuePraise || r.kind == cueCourtesy
}

// praiseHit is the document's praise: a praise word, else a courtesy in the
// title (a thank-you letter: 感谢金水区人社局…). A courtesy in the text is
// never praise: on real message boards nearly every question and complaint
// closes with 谢谢 or 此致敬礼.
func (f *found) praiseHit() hit {
	if f.praise.cue != "" {
		return f.praise
	}
	if c := f.courtesy; c.cue != "" && c.where == "title" {
		f.praised = append(f.praised, sentenceSpan(c))
		return c
	}
	return hit{}
}

func (f *found) note(ref cueRef, h hit) {
	first := func(s *hit) {
		if s.cue == "" {
			*s = h
		}
	}
	switch ref.kind {
	case cueFailure:
		first(&f.failure[ref.rule])
		f.failed = append(f.failed, h)
	case cueTopic:
		first(&f.topic[ref.rule])
	case cueGeneral:
		first(&f.general)
		f.failed = append(f.failed, h)
	case cuePraise:
		first(&f.praise)
		f.praised = append(f.praised, sentenceSpan(h))
	case cueResolved:
		first(&f.resolved)
	case cueCriticism:
		first(&f.criticism)
	case cueCourtesy:
		first(&f.courtesy)
	}
}

// mainCategory is the first rule (in rule order) with a failure or topic word.
func (f found) mainCategory() string {
	for i := range f.lx.rules {
		if f.failure[i].cue != "" || f.topic[i].cue != "" {
			return f.lx.rules[i].Category
		}
	}
	return CatGeneral
}

// classify returns the signals of a document about one unit: its categories
// with polarity and severity, plus signals the structured fields carry (late
// 双公示 publication, unanswered replies).
func classify(d document.Document, u string, f found) []Signal {
	var out []Signal
	positive := func(h hit) {
		s := Signal{Unit: u, Category: f.mainCategory(), Polarity: Positive}
		h.evidence(&s)
		out = append(out, s)
	}
	switch praise := f.praiseHit(); {
	case praise.cue != "" && !f.failureOutsidePraise():
		positive(praise)
	case f.resolved.cue != "":
		positive(f.resolved)
	case d.Kind != "disclosure":
		out = append(out, failures(u, f)...)
	}
	return append(out, fieldSignals(d, u)...)
}

// privateOnly reports whether every failure the document tells is a private
// party's (物业不作为, 老板拖欠工资): each stands in a sentence that names a
// private party before it and no government body, and nothing says the
// government failed too (监管不到位, 多次反映).
func (f found) privateOnly() bool {
	lx := f.lx
	if len(f.failed) == 0 || len(lx.private) == 0 {
		return false
	}
	for _, h := range f.failed {
		sp := sentenceSpan(h)
		before, whole := h.raw[sp.start:h.start], h.raw[sp.start:sp.end]
		if !containsAny(before, lx.private) || containsAny(whole, lx.government) {
			return false
		}
		if containsAny(h.raw, lx.oversight) {
			return false
		}
	}
	return true
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func failures(u string, f found) []Signal {
	if f.privateOnly() {
		return nil // a private party's failure is not 政务失信
	}
	boost := 0
	if f.criticism.cue != "" {
		boost = 1
	}
	// Any failure word — a general one or another category's (推诿 at a
	// 便民服务中心) — lets a topic word count.
	anyFailure := f.general
	for _, h := range f.failure {
		if anyFailure.cue == "" && h.cue != "" {
			anyFailure = h
		}
	}
	var out []Signal
	for i, r := range f.lx.rules {
		h := f.failure[i]
		if h.cue == "" && f.topic[i].cue != "" {
			h = anyFailure // a topic counts only with a failure word
		}
		if h.cue == "" {
			continue
		}
		s := Signal{Unit: u, Category: r.Category, Polarity: Negative, Severity: min(5, r.Severity+boost)}
		h.evidence(&s)
		out = append(out, s)
	}
	return out
}

// PublicationDeadline is the plan's limit (item 11) for putting 行政许可 and
// 行政处罚 decisions online: 7 working days from the decision.
const PublicationDeadline = 7

// fieldSignals reads failures off structured fields.
func fieldSignals(d document.Document, u string) []Signal {
	var out []Signal
	if s, ok := latePublication(d, u); ok {
		out = append(out, s)
	}
	if v, ok := d.Fields["答复内容"]; ok && strings.TrimSpace(v) == "未答复" {
		out = append(out, Signal{Unit: u, Category: CatDiligence, Polarity: Negative, Severity: 2, Evidence: "留言未答复", Where: "field:答复内容"})
	}
	return out
}

func latePublication(d document.Document, u string) (Signal, bool) {
	decided, err1 := parseFieldDate(d.Fields["决定日期"])
	published, err2 := parseFieldDate(d.Fields["公示日期"])
	if err1 != nil || err2 != nil {
		return Signal{}, false
	}
	// Statutory holidays and 调休 make-up days count as the State Council set
	// them: 13 calendar days across 国庆 can be on time.
	days := workday.China().Between(decided, published)
	if days <= PublicationDeadline {
		return Signal{}, false
	}
	return Signal{Unit: u, Category: CatOpenness, Polarity: Negative, Severity: 2, Where: "field:公示日期",
		Evidence: "决定日期" + d.Fields["决定日期"] + "，公示日期" + d.Fields["公示日期"] + "，超过7个工作日"}, true
}

func parseFieldDate(s string) (time.Time, error) {
	return time.Parse("2006年1月2日", strings.TrimSpace(s))
}
