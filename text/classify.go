package text

import (
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/document"
)

// classify returns the signals of a document about one unit: its categories
// with polarity and severity, plus signals the structured fields carry (late
// 双公示 publication, unanswered or late replies).
func classify(d document.Document, u string, title, body []string) []Signal {
	words := wordSet(title, body)
	full := d.Title + "。" + d.Text
	ev := func(cue string) string { return evidence(d.Title, d.Text, cue) }
	var out []Signal
	if cue := firstCue(words, full, praiseCues); cue != "" {
		out = append(out, Signal{Unit: u, Category: mainCategory(words, full), Polarity: Positive, Evidence: ev(cue)})
	} else if cue := firstCue(words, full, resolvedCues); cue != "" {
		out = append(out, Signal{Unit: u, Category: mainCategory(words, full), Polarity: Positive, Evidence: ev(cue)})
	} else if d.Kind != "disclosure" {
		out = append(out, failures(u, words, full, ev)...)
	}
	return append(out, fieldSignals(d, u)...)
}

func failures(u string, words map[string]bool, full string, ev func(string) string) []Signal {
	boost := 0
	if firstCue(words, full, criticismCues) != "" {
		boost = 1
	}
	var out []Signal
	for _, r := range rules {
		if cue := firstCue(words, full, r.Cues); cue != "" {
			out = append(out, Signal{Unit: u, Category: r.Category, Polarity: Negative,
				Severity: min(5, r.Severity+boost), Evidence: ev(cue)})
		}
	}
	return out
}

func mainCategory(words map[string]bool, full string) string {
	for _, r := range rules {
		if firstCue(words, full, r.Cues) != "" {
			return r.Category
		}
	}
	return CatGeneral
}

func wordSet(lists ...[]string) map[string]bool {
	set := map[string]bool{}
	for _, l := range lists {
		for _, w := range l {
			set[w] = true
		}
	}
	return set
}

// firstCue returns the first cue found among the words; multi-word cues that
// the segmenter may split are looked up in the text.
func firstCue(words map[string]bool, full string, cues []string) string {
	for _, c := range cues {
		if words[c] || strings.Contains(full, c) {
			return c
		}
	}
	return ""
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
		out = append(out, Signal{Unit: u, Category: CatDiligence, Polarity: Negative, Severity: 2, Evidence: "留言未答复"})
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
	return Signal{Unit: u, Category: CatOpenness, Polarity: Negative, Severity: 2,
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
