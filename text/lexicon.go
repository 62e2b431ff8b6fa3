package text

import (
	"regexp"
	"strings"

	"github.com/trustwatch/trustwatch/config"
)

// Categories the analyzer assigns from structured fields itself, whatever the
// lexicon says; the others come from configs/lexicon/*.yaml.
const (
	CatOpenness   = "政务公开"   // late 双公示 publication (plan item 11)
	CatDiligence  = "勤政与不作为" // unanswered 12345 messages
	CatGeneral    = "综合"     // praise or resolution without a category cue
	CatDebt       = "政府债务与拖欠"
	CatStatistics = "统计造假"
	CatGrassroots = "街道乡镇服务"
)

// rule marks a category when one of its cues occurs.
type rule struct {
	Category string
	Severity int // 1–5 when the cue reports a failure
	Cues     []string
}

// lexicon is config.Lexicon made ready for matching.
type lexicon struct {
	rules                       []rule
	praise, resolved, criticism []string
	gaps                        []gapPattern // resolved patterns with a gap: 已于…结清
	negations                   map[string]bool
}

func compileLexicon(lx config.Lexicon) lexicon {
	out := lexicon{praise: lx.Praise, criticism: lx.Criticism, negations: map[string]bool{}}
	for _, c := range lx.Categories {
		out.rules = append(out.rules, rule{Category: c.Name, Severity: c.Severity, Cues: c.Cues})
	}
	for _, r := range lx.Resolved {
		before, after, gap := strings.Cut(r, config.GapMark)
		if !gap {
			out.resolved = append(out.resolved, r)
			continue
		}
		out.gaps = append(out.gaps, gapPattern{before: before, after: after,
			re: regexp.MustCompile(regexp.QuoteMeta(before) + `[^。！？；\n]{0,20}?` + regexp.QuoteMeta(after))})
	}
	for _, n := range lx.Negations {
		out.negations[n] = true
	}
	return out
}

// gapPattern is a resolved pattern with a gap; the regular expression runs
// only on text holding both its words.
type gapPattern struct {
	before, after string
	re            *regexp.Regexp
}

// words are added to the segmenter so every cue stays whole.
func (lx lexicon) words() []string {
	var out []string
	for _, r := range lx.rules {
		out = append(out, r.Cues...)
	}
	out = append(out, lx.praise...)
	out = append(out, lx.resolved...)
	return append(out, lx.criticism...)
}
