// Package rule is the vocabulary of warning rules: what a rule tests (a
// metric of a unit's place in the index), how (an operator and a
// threshold), and how loud (a level). It owns the nouns and their checks;
// package config reads them from the file and reports problems, package
// alerts evaluates them. It imports neither, so both can import it.
package rule

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Level is a warning's level, most severe first.
type Level string

// The levels of 政务诚信预警.
const (
	Red    Level = "红"
	Orange Level = "橙"
	Yellow Level = "黄"
	Blue   Level = "蓝"
)

// Levels lists the levels, most severe first.
var Levels = []Level{Red, Orange, Yellow, Blue}

// Op compares a metric with a threshold.
type Op string

// Ops a rule can use.
var Ops = []Op{">", ">=", "<", "<="}

// Symbol writes the operator as a Chinese reader expects it (≥, ≤).
func (o Op) Symbol() string {
	return map[Op]string{">": ">", ">=": "≥", "<": "<", "<=": "≤"}[o]
}

// Compare reports whether v op t holds.
func (o Op) Compare(v, t float64) bool {
	switch o {
	case ">":
		return v > t
	case ">=":
		return v >= t
	case "<":
		return v < t
	case "<=":
		return v <= t
	}
	return false
}

// Metric is what a rule tests of a unit in a period's ranking: one of
// Simple, or dimension.<id> (a dimension's score 0–100) or
// indicator.<id> (an indicator's raw value, e.g. 0.8 for a share) of the
// index in configs/index.yaml.
type Metric string

// The simple metrics.
const (
	Score       Metric = "score"        // the index, 0–100
	ScoreDrop   Metric = "score_drop"   // points lost against the previous period
	RankDrop    Metric = "rank_drop"    // places lost against the previous period
	Complaints  Metric = "complaints"   // complaints about the unit
	Negatives   Metric = "negatives"    // negative events
	SeveritySum Metric = "severity_sum" // their severities
	Documents   Metric = "documents"    // documents about the unit
)

// Simple lists the metrics that need no id.
var Simple = []Metric{Score, ScoreDrop, RankDrop, Complaints, Negatives, SeveritySum, Documents}

// Prefixes of the metrics that name a part of the index.
const (
	DimensionPrefix = "dimension."
	IndicatorPrefix = "indicator."
)

// Parts splits a metric into its kind (the metric itself when simple, or
// "dimension" / "indicator") and the id it names.
func (m Metric) Parts() (kind, id string) {
	for _, p := range []string{DimensionPrefix, IndicatorPrefix} {
		if rest, ok := strings.CutPrefix(string(m), p); ok {
			return strings.TrimSuffix(p, "."), rest
		}
	}
	return string(m), ""
}

// Name is the metric's Chinese name for messages; names gives the names of
// the index's dimensions and indicators by id (nil: the ids are shown).
func (m Metric) Name(names map[string]string) string {
	simple := map[Metric]string{Score: "政务诚信指数", ScoreDrop: "指数较上期下降", RankDrop: "名次较上期下降",
		Complaints: "投诉数", Negatives: "失信信号数", SeveritySum: "失信严重程度合计", Documents: "相关文档数"}
	if n, ok := simple[m]; ok {
		return n
	}
	kind, id := m.Parts()
	name := id
	if n, ok := names[id]; ok {
		name = n
	}
	if kind == "dimension" {
		return name + "得分"
	}
	return name
}

// Rule raises warnings of one kind. The fields after Kind are the kind's
// parameters; Check refuses those of other kinds, so a reader never
// wonders what a stray field does.
type Rule struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"` // what it means for the official, in the mail
	Kind        Kind   `yaml:"kind"`        // default threshold
	Level       Level  `yaml:"level"`       // 红, 橙, 黄, 蓝
	// Cause groups rules that warn of the same thing at different levels,
	// for inhibition; default the rule's name.
	Cause string `yaml:"cause"`

	// threshold: a metric of the period's ranking passes a threshold.
	Metric    Metric   `yaml:"metric"`
	Op        Op       `yaml:"op"`        // >, >=, <, <=
	Threshold *float64 `yaml:"threshold"` // required: a rule without one would fire at 0

	// spike: a unit's daily count of negative signals against its baseline.
	BaselineDays int     `yaml:"baseline_days"` // default 28
	PValue       float64 `yaml:"p_value"`       // tail probability that counts as a spike, default 0.001
	MinCount     int     `yaml:"min_count"`     // fewer signals in a day are never a spike, default 3

	// severe: every new record at or above a severity.
	MinSeverity int      `yaml:"min_severity"` // 1–5
	Categories  []string `yaml:"categories"`   // optional: only these 失信 categories

	// overdue: every failure of an index indicator that counts deadlines
	// (sgs_timeliness, complaint_timely): a record published or answered late.
	Indicator string `yaml:"indicator"`
	// Query (overdue, instead of an indicator): a SQL file, relative to
	// alerts.yaml, returning rows as an index query does (unit_id, doc_id,
	// num, den, day; num < den is a failure), for deadlines the index does
	// not score, such as a 整改 past its 整改期限. SQL is its text, read by config.
	Query string `yaml:"query"`
	SQL   string `yaml:"-"`

	// severe, overdue, spike: how far back records and days are looked at;
	// default 30 days (spike: 2).
	WithinDays int `yaml:"within_days"`

	// hot: many documents about one unit and one category within a window.
	Window     time.Duration `yaml:"window"`      // default 6h
	MinDocs    int           `yaml:"min_docs"`    // default 5
	MinSources int           `yaml:"min_sources"` // distinct sources among them, default 2

	// source: a source with no healthy crawl for this long is reported to
	// operators (never counted against a unit).
	SilentAfter time.Duration `yaml:"silent_after"` // default 26h
}

// Kind is what a rule looks at.
type Kind string

// The kinds of rules.
const (
	Threshold Kind = "threshold" // a metric of the ranking of a month
	Spike     Kind = "spike"     // a day's negative signals against the unit's baseline
	Severe    Kind = "severe"    // a new record of high severity
	Overdue   Kind = "overdue"   // a decision published late, a complaint answered late
	Hot       Kind = "hot"       // many documents about one unit within hours
	Source    Kind = "source"    // a crawled source silent or broken
	// Review: an objection (异议) not decided by its review deadline, to the
	// evaluators; the evaluation office's delay, never counted against a unit.
	Review Kind = "review"
)

// Kinds lists the kinds of rules.
var Kinds = []Kind{Threshold, Spike, Severe, Overdue, Hot, Source, Review}

// Records reports whether the kind's warnings are single records, which
// leave the window silently rather than "recover".
func (k Kind) Records() bool { return k == Severe || k == Overdue }

// Unitless reports whether the kind's warnings are about no unit (a
// source, an objection's review): they go to operators or evaluators and
// never count against a unit.
func (k Kind) Unitless() bool { return k == Source || k == Review }

// Defaults fills the parameters the rule's kind leaves unset.
func (r *Rule) Defaults() {
	if r.Kind == "" {
		r.Kind = Threshold
	}
	if r.Cause == "" {
		r.Cause = r.Name
	}
	setInt := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	switch r.Kind {
	case Spike:
		setInt(&r.BaselineDays, 28)
		setInt(&r.MinCount, 3)
		setInt(&r.WithinDays, 2)
		if r.PValue == 0 {
			r.PValue = 0.001
		}
	case Severe, Overdue:
		setInt(&r.WithinDays, 30)
	case Hot:
		setInt(&r.MinDocs, 5)
		setInt(&r.MinSources, 2)
		if r.Window == 0 {
			r.Window = 6 * time.Hour
		}
	case Source:
		if r.SilentAfter == 0 {
			r.SilentAfter = 26 * time.Hour
		}
	}
}

// Problem is one thing wrong with a rule, at a field of it.
type Problem struct{ Field, Msg string }

// Index is what rules may name of the index: its dimensions' and
// indicators' ids, and the indicators that count deadlines.
// Unknown (the index file has problems of its own) skips these checks.
type Index struct {
	Dimensions, Indicators, Deadlines []string
	Unknown                           bool
}

// Check returns what is wrong with r (after Defaults).
func (r Rule) Check(ix Index) []Problem {
	var ps []Problem
	add := func(field, format string, a ...any) { ps = append(ps, Problem{field, fmt.Sprintf(format, a...)}) }
	if r.Name == "" {
		add("name", "required")
	}
	if !slices.Contains(Levels, r.Level) {
		add("level", "unknown level %q (want %s)", r.Level, joinAny(Levels))
	}
	if !slices.Contains(Kinds, r.Kind) {
		add("kind", "unknown kind %q (want %s)", r.Kind, joinAny(Kinds))
		return ps
	}
	for _, f := range r.stray() {
		add(f, "not a parameter of kind %s", r.Kind)
	}
	switch r.Kind {
	case Threshold:
		r.checkThreshold(ix, add)
	case Spike:
		if r.PValue <= 0 || r.PValue >= 0.5 {
			add("p_value", "want a probability in (0, 0.5), got %g", r.PValue)
		}
		checkRange(add, "baseline_days", r.BaselineDays, 7, 366)
		checkRange(add, "min_count", r.MinCount, 1, 1_000_000)
		checkRange(add, "within_days", r.WithinDays, 1, 366)
	case Severe:
		checkRange(add, "min_severity", r.MinSeverity, 1, 5)
		checkRange(add, "within_days", r.WithinDays, 1, 3660)
	case Overdue:
		switch {
		case r.Query != "" && r.Indicator != "":
			add("query", "give an indicator or a query, not both")
		case r.Query == "" && !ix.Unknown && !slices.Contains(ix.Deadlines, r.Indicator):
			add("indicator", "%q is not an indicator that counts deadlines (want one of %s, or a query)", r.Indicator, strings.Join(ix.Deadlines, ", "))
		}
		checkRange(add, "within_days", r.WithinDays, 1, 3660)
	case Hot:
		if r.Window < time.Minute || r.Window > 30*24*time.Hour {
			add("window", "want between 1m and 720h, got %s", r.Window)
		}
		checkRange(add, "min_docs", r.MinDocs, 2, 1_000_000)
		checkRange(add, "min_sources", r.MinSources, 1, 1000)
	case Source:
		if r.SilentAfter < time.Minute {
			add("silent_after", "want 1m or longer, got %s", r.SilentAfter)
		}
	}
	return ps
}

func (r Rule) checkThreshold(ix Index, add func(string, string, ...any)) {
	switch kind, id := r.Metric.Parts(); {
	case ix.Unknown && (kind == "dimension" || kind == "indicator"):
	case kind == "dimension" && !slices.Contains(ix.Dimensions, id):
		add("metric", "unknown dimension %q (want one of %s)", id, strings.Join(ix.Dimensions, ", "))
	case kind == "indicator" && !slices.Contains(ix.Indicators, id):
		add("metric", "unknown indicator %q (want one of %s)", id, strings.Join(ix.Indicators, ", "))
	case kind != "dimension" && kind != "indicator" && !slices.Contains(Simple, r.Metric):
		add("metric", "unknown metric %q (want %s, or dimension.<id> or indicator.<id> of the index)", r.Metric, joinAny(Simple))
	}
	if !slices.Contains(Ops, r.Op) {
		add("op", "unknown operator %q (want %s)", r.Op, joinAny(Ops))
	}
	switch {
	case r.Threshold == nil:
		add("threshold", "required")
	case math.IsNaN(*r.Threshold) || math.IsInf(*r.Threshold, 0):
		add("threshold", "must be a finite number, got %v", *r.Threshold)
	}
}

func checkRange(add func(string, string, ...any), field string, v, lo, hi int) {
	if v < lo || v > hi {
		add(field, "want %d to %d, got %d", lo, hi, v)
	}
}

// stray lists the parameters set that belong to other kinds than r's.
func (r Rule) stray() []string {
	set := map[string]bool{
		"metric": r.Metric != "", "op": r.Op != "", "threshold": r.Threshold != nil,
		"baseline_days": r.BaselineDays != 0, "p_value": r.PValue != 0, "min_count": r.MinCount != 0,
		"min_severity": r.MinSeverity != 0, "categories": len(r.Categories) > 0, "indicator": r.Indicator != "", "query": r.Query != "",
		"within_days": r.WithinDays != 0, "window": r.Window != 0, "min_docs": r.MinDocs != 0,
		"min_sources": r.MinSources != 0, "silent_after": r.SilentAfter != 0,
	}
	own := map[Kind][]string{
		Threshold: {"metric", "op", "threshold"},
		Spike:     {"baseline_days", "p_value", "min_count", "within_days"},
		Severe:    {"min_severity", "categories", "within_days"},
		Overdue:   {"indicator", "query", "within_days"},
		Hot:       {"window", "min_docs", "min_sources", "categories"},
		Source:    {"silent_after"},
		Review:    {},
	}[r.Kind]
	var out []string
	for f, on := range set {
		if on && !slices.Contains(own, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

func joinAny[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}
