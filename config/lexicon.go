package config

import (
	"fmt"
	"os"
	"strings"
)

// Lexicon is the 政务失信 lexicon of configs/lexicon/*.yaml; package text
// turns it into cues.
type Lexicon struct {
	Categories []LexCategory `yaml:"categories"`
	Failures   []string      `yaml:"failures"`  // general failure words: with a topic word, a failure
	Praise     []string      `yaml:"praise"`    // make a document a 守信/表彰 record
	Resolved   []string      `yaml:"resolved"`  // the failure was resolved or not found; "…" is a gap
	Criticism  []string      `yaml:"criticism"` // an official 通报: one step more severe
	Negations  []string      `yaml:"negations"` // a cue right after one of these does not count
	// Courtesy formulas (感谢, 此致敬礼) praise in a title (a thank-you letter),
	// but in the text only when the document tells no failure: closing a
	// complaint with 万分感谢 is not praise.
	Courtesy []string `yaml:"courtesy"`
	// Neutral words look like a cue or hold one but are neither praise nor
	// failure: nouns such as 满意度 ("降低群众满意度").
	Neutral []string `yaml:"neutral"`
	// Private parties (物业, 开发商, 老板): a failure told of one, in a sentence
	// that names no government body (Government), is not the government's —
	// unless the document says the government failed too (Oversight).
	Private    []string `yaml:"private"`
	Government []string `yaml:"government"`
	Oversight  []string `yaml:"oversight"`
}

// LexCategory is one category of failure and its words.
type LexCategory struct {
	Name     string   `yaml:"name"`
	Severity int      `yaml:"severity"` // 1–5
	Failures []string `yaml:"failures"` // report a failure in this domain by themselves
	Topics   []string `yaml:"topics"`   // name the domain; a failure only with a general failure word
}

// GapMark in a resolved pattern stands for up to 20 characters.
const GapMark = "…"

// loadLexicon reads and validates one lexicon file.
func loadLexicon(file string) (Lexicon, Problems) {
	c := &collector{file: file}
	var lx Lexicon
	data, err := os.ReadFile(file)
	if err != nil {
		c.add("", "read: %v", err)
		return lx, c.ps
	}
	decodeStrict(c, data, &lx)
	validateLexicon(c, lx)
	return lx, c.ps
}

func validateLexicon(c *collector, lx Lexicon) {
	if len(lx.Categories) == 0 {
		c.add("categories", "at least one category required")
	}
	names := map[string]bool{}
	for i, cat := range lx.Categories {
		p := fmt.Sprintf("categories[%d]", i)
		if cat.Name == "" {
			c.add(p+".name", "required")
		} else if names[cat.Name] {
			c.add(p+".name", "category %q listed twice", cat.Name)
		}
		names[cat.Name] = true
		if cat.Severity < 1 || cat.Severity > 5 {
			c.add(p+".severity", "must be 1–5, got %d", cat.Severity)
		}
		if len(cat.Failures)+len(cat.Topics) == 0 {
			c.add(p, "a category needs failures or topics")
		}
		checkCues(c, p+".failures", cat.Failures, false)
		checkCues(c, p+".topics", cat.Topics, false)
	}
	checkCues(c, "failures", lx.Failures, false)
	checkCues(c, "praise", lx.Praise, false)
	checkCues(c, "resolved", lx.Resolved, true)
	checkCues(c, "criticism", lx.Criticism, false)
	checkCues(c, "negations", lx.Negations, false)
	checkCues(c, "courtesy", lx.Courtesy, false)
	checkCues(c, "neutral", lx.Neutral, false)
	checkCues(c, "private", lx.Private, false)
	checkCues(c, "government", lx.Government, false)
	checkCues(c, "oversight", lx.Oversight, false)
}

func checkCues(c *collector, path string, cues []string, gaps bool) {
	for i, cue := range cues {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case strings.TrimSpace(cue) == "":
			c.add(p, "empty cue")
		case strings.Contains(cue, GapMark) && !gaps:
			c.add(p, "%q: a gap (%s) is allowed in resolved patterns only", cue, GapMark)
		case gaps && strings.Count(cue, GapMark) > 1:
			c.add(p, "%q: at most one gap (%s)", cue, GapMark)
		case strings.HasPrefix(cue, GapMark) || strings.HasSuffix(cue, GapMark):
			c.add(p, "%q: a gap must stand between words", cue)
		}
	}
}
