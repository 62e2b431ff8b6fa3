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

// Rule raises a warning when a unit's metric passes a threshold.
type Rule struct {
	Name      string   `yaml:"name"`
	Metric    Metric   `yaml:"metric"`
	Op        Op       `yaml:"op"`        // >, >=, <, <=
	Threshold *float64 `yaml:"threshold"` // required: a rule without one would fire at 0
	Level     Level    `yaml:"level"`     // 红, 橙, 黄, 蓝
}

// Problem is one thing wrong with a rule, at a field of it.
type Problem struct{ Field, Msg string }

// Check returns what is wrong with r; dimensions and indicators are the
// ids the index knows.
func (r Rule) Check(dimensions, indicators []string) []Problem {
	var ps []Problem
	add := func(field, format string, a ...any) { ps = append(ps, Problem{field, fmt.Sprintf(format, a...)}) }
	if r.Name == "" {
		add("name", "required")
	}
	switch kind, id := r.Metric.Parts(); {
	case kind == "dimension" && !slices.Contains(dimensions, id):
		add("metric", "unknown dimension %q (want one of %s)", id, strings.Join(dimensions, ", "))
	case kind == "indicator" && !slices.Contains(indicators, id):
		add("metric", "unknown indicator %q (want one of %s)", id, strings.Join(indicators, ", "))
	case kind != "dimension" && kind != "indicator" && !slices.Contains(Simple, r.Metric):
		add("metric", "unknown metric %q (want %s, or dimension.<id> or indicator.<id> of the index)", r.Metric, joinAny(Simple))
	}
	if !slices.Contains(Ops, r.Op) {
		add("op", "unknown operator %q (want %s)", r.Op, joinAny(Ops))
	}
	if !slices.Contains(Levels, r.Level) {
		add("level", "unknown level %q (want %s)", r.Level, joinAny(Levels))
	}
	switch {
	case r.Threshold == nil:
		add("threshold", "required")
	case math.IsNaN(*r.Threshold) || math.IsInf(*r.Threshold, 0):
		add("threshold", "must be a finite number, got %v", *r.Threshold)
	}
	return ps
}

func joinAny[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}
