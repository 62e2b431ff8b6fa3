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
	CatLitigation = "行政诉讼与复议"    // an administrative case the government lost (plan item 12)
	CatJudicial   = "司法失信与失信被执行" // the government as 被执行人 (plan item 6)
)

// rule is a category: its failure words report a failure by themselves, its
// topic words only together with a general failure word.
type rule struct {
	Category         string
	Severity         int // 1–5
	Failures, Topics []string
}

// lexicon is config.Lexicon made ready for matching. ASCII is lower-cased:
// gse lower-cases it (PPP comes out as ppp).
type lexicon struct {
	rules                       []rule
	failures                    []string // general failure words
	praise, resolved, criticism []string
	courtesy                    []string
	private, government         []string // see config.Lexicon.Private
	oversight                   []string
	gaps                        []gapPattern // resolved patterns with a gap: 已于…结清
	negations                   map[string]bool
	neutral                     []string // words that hold no cue, whatever they contain
}

func compileLexicon(lx config.Lexicon) lexicon {
	out := lexicon{failures: lower(lx.Failures), praise: lower(lx.Praise), criticism: lower(lx.Criticism), negations: map[string]bool{},
		neutral: lower(lx.Neutral), courtesy: lower(lx.Courtesy), private: lower(lx.Private), government: lower(lx.Government),
		oversight: lower(lx.Oversight)}
	for _, c := range lx.Categories {
		out.rules = append(out.rules, rule{Category: c.Name, Severity: c.Severity, Failures: lower(c.Failures), Topics: lower(c.Topics)})
	}
	for _, r := range lower(lx.Resolved) {
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

func lower(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

// words are added to the segmenter so every cue stays whole.
func (lx lexicon) words() []string {
	var out []string
	for _, r := range lx.rules {
		out = append(append(out, r.Failures...), r.Topics...)
	}
	out = append(out, lx.failures...)
	out = append(out, lx.praise...)
	out = append(out, lx.resolved...)
	out = append(out, lx.courtesy...)
	out = append(out, lx.neutral...) // whole words, so 满意度 is not read as 满意
	return append(out, lx.criticism...)
}
