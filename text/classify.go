package text

import (
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/document"
)

// cueKind says what a cue marks.
type cueKind int

const (
	cueRule cueKind = iota
	cuePraise
	cueResolved
	cueCriticism
)

type cueRef struct {
	kind cueKind
	rule int // index into rules for cueRule
}

// cueIndex finds cues in tokens. Every cue is in the segmenter's dictionary,
// so most come out of segmentation as whole tokens; but gse also knows
// compounds that hold a cue (拖欠工资), so each new token is searched once for
// the cues inside it and the answer cached. One pass over the tokens then
// finds every cue — far cheaper than searching the text for each cue.
type cueIndex struct {
	exact     map[string][]cueRef
	whole     map[string][]cueMatch // exact, as matches: no allocation per token
	cues      []string              // every cue, longest first
	negations map[string]bool
	compounds sync.Map // token → []cueMatch
	// starts marks the runes (in the Basic Multilingual Plane) that begin a
	// cue: a token holding none of them holds no cue, and is passed over
	// without a cache lookup — most tokens are.
	starts [1 << 16]bool
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
		for _, c := range r.Cues {
			ix.exact[c] = append(ix.exact[c], cueRef{kind: cueRule, rule: i})
		}
	}
	for kind, cues := range map[cueKind][]string{cuePraise: lx.praise, cueResolved: lx.resolved, cueCriticism: lx.criticism} {
		for _, c := range cues {
			ix.exact[c] = append(ix.exact[c], cueRef{kind: kind})
		}
	}
	ix.whole = map[string][]cueMatch{}
	for c, refs := range ix.exact {
		ix.cues = append(ix.cues, c)
		if r, _ := utf8.DecodeRuneInString(c); r < 1<<16 {
			ix.starts[r] = true
		}
		for _, r := range refs {
			ix.whole[c] = append(ix.whole[c], cueMatch{ref: r, cue: c})
		}
	}
	sort.Slice(ix.cues, func(i, j int) bool {
		return len(ix.cues[i]) > len(ix.cues[j]) || len(ix.cues[i]) == len(ix.cues[j]) && ix.cues[i] < ix.cues[j]
	})
	return ix
}

// lookup returns the cues in token w.
func (ix *cueIndex) lookup(w string) []cueMatch {
	if m, ok := ix.whole[w]; ok {
		return m
	}
	if utf8.RuneCountInString(w) < 3 || !ix.mayHold(w) {
		return nil // shorter than any compound holding a cue, or no cue starts here
	}
	if m, ok := ix.compounds.Load(w); ok {
		return m.([]cueMatch)
	}
	m := ix.inside(w)
	ix.compounds.Store(w, m)
	return m
}

func (ix *cueIndex) mayHold(w string) bool {
	for _, r := range w {
		if r >= 1<<16 || ix.starts[r] {
			return true
		}
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
	lx                          *lexicon
	rule                        []hit // first cue per rule, zero if none
	praise, resolved, criticism hit
}

// scan finds the cues among the parts' tokens; a rule cue right after a
// negation (未 拖欠) does not count. Resolution patterns with a gap
// (已于…结清) are looked for in the text itself.
func (ix *cueIndex) scan(lx *lexicon, parts ...part) found {
	f := found{lx: lx, rule: make([]hit, len(lx.rules))}
	for _, p := range parts {
		for i, t := range p.tokens {
			ms := ix.lookup(t.text)
			if len(ms) == 0 {
				continue
			}
			negated := i > 0 && lx.negations[p.tokens[i-1].text]
			for _, m := range ms {
				if m.ref.kind == cueRule && (m.negated || negated && m.off == 0) {
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

func (f *found) note(ref cueRef, h hit) {
	first := func(s *hit) {
		if s.cue == "" {
			*s = h
		}
	}
	switch ref.kind {
	case cueRule:
		first(&f.rule[ref.rule])
	case cuePraise:
		first(&f.praise)
	case cueResolved:
		first(&f.resolved)
	case cueCriticism:
		first(&f.criticism)
	}
}

// mainCategory is the first rule (in rule order) that matched.
func (f found) mainCategory() string {
	for i, h := range f.rule {
		if h.cue != "" {
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
	switch {
	case f.praise.cue != "":
		positive(f.praise)
	case f.resolved.cue != "":
		positive(f.resolved)
	case d.Kind != "disclosure":
		out = append(out, failures(u, f)...)
	}
	return append(out, fieldSignals(d, u)...)
}

func failures(u string, f found) []Signal {
	boost := 0
	if f.criticism.cue != "" {
		boost = 1
	}
	var out []Signal
	for i, h := range f.rule {
		if h.cue != "" {
			r := f.lx.rules[i]
			s := Signal{Unit: u, Category: r.Category, Polarity: Negative, Severity: min(5, r.Severity+boost)}
			h.evidence(&s)
			out = append(out, s)
		}
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
	days := WorkingDays(decided, published)
	if days <= PublicationDeadline {
		return Signal{}, false
	}
	return Signal{Unit: u, Category: CatOpenness, Polarity: Negative, Severity: 2, Where: "field:公示日期",
		Evidence: "决定日期" + d.Fields["决定日期"] + "，公示日期" + d.Fields["公示日期"] + "，超过7个工作日"}, true
}

// WorkingDays counts Monday–Friday days after from up to and including to.
// Public holidays and 调休 workdays are not yet taken into account.
func WorkingDays(from, to time.Time) int {
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

func parseFieldDate(s string) (time.Time, error) {
	return time.Parse("2006年1月2日", strings.TrimSpace(s))
}
