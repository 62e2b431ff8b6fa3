// Package index is the integrity index's method: the indicator system
// (configs/index.yaml — the plan's five principles as dimensions, each with
// weighted indicators), and the arithmetic that turns per-unit evidence into
// scores, grades, ranks, uncertainty bands and a sensitivity audit.
//
// It owns the model and the numbers, and nothing else: it runs no SQL and
// stores nothing. Package config reads the file; analytics runs each
// indicator's query, hands the evidence here and stores what comes back.
// docs/index.md explains every formula.
package index

// Group is a set of units ranked against each other.
type Group string

// The two rankings the plan asks for: 各县（市、区）政府 and 市直各部门.
const (
	Districts   Group = "districts"
	Departments Group = "departments"
)

// Groups lists the groups in the order they are reported.
var Groups = []Group{Districts, Departments}

// Chinese names a group in reports.
func (g Group) Chinese() string {
	if g == Departments {
		return "市直部门"
	}
	return "县（市、区）"
}

// Direction says whether more of an indicator is better.
type Direction string

// Directions.
const (
	HigherBetter Direction = "higher_better"
	LowerBetter  Direction = "lower_better"
)

// Aggregate says how a unit's evidence rows make its value.
type Aggregate string

// Aggregates.
const (
	Ratio Aggregate = "ratio" // Σ numerator ÷ Σ denominator: a share or a rate; no value without evidence
	Sum   Aggregate = "sum"   // Σ numerator: a count of records; 0 without evidence
	// Median is the median of the documents' values (num/den): a typical
	// delay, which a few very late answers do not drag; no value without evidence.
	Median Aggregate = "median"
)

// Method is how values become 0–100 scores across the units of a group.
type Method string

// Methods.
const (
	MinMax Method = "minmax" // the best unit 100, the worst 0
	Target Method = "target" // 100 at full, 0 at zero, linear between: "100 if ≥ 95% on time, 0 if ≤ 60%"
	ZScore Method = "zscore" // 50 + 20·z, within 0–100: z = ±2.5 is the ends
)

// Normalise is an indicator's normalisation.
type Normalise struct {
	Method Method  `yaml:"method"`
	Full   float64 `yaml:"full"` // target: the value that scores 100
	Zero   float64 `yaml:"zero"` // target: the value that scores 0
}

// Indicator is one measured quantity.
type Indicator struct {
	ID       string  `yaml:"id"`
	Name     string  `yaml:"name"`
	Measures string  `yaml:"measures"` // what it measures, for the reader of a report
	Plan     string  `yaml:"plan"`     // the plan's item(s) it answers, e.g. "11"
	Groups   []Group `yaml:"groups"`
	// Query is a SQL file, relative to the index file, yielding one row per
	// evidence document: unit_id, doc_id, num, den, day — the date that puts
	// it in a period — and optionally until, the day it stops counting,
	// and repaired, the day its credit was repaired (1970-01-01: never).
	Query       string            `yaml:"query"`
	Aggregate   Aggregate         `yaml:"aggregate"`
	Direction   Direction         `yaml:"direction"`
	Normalise   Normalise         `yaml:"normalise"`
	Weight      float64           `yaml:"weight"`       // within its dimension; a dimension's weights sum to 1
	MinEvidence int               `yaml:"min_evidence"` // fewer evidence documents: the unit gets the group's mean
	DisplayDays int               `yaml:"display_days"` // a record counts for this many days after its day (and its until, if any, ends it sooner)
	Params      map[string]string `yaml:"params"`       // {{name}} in the query

	SQL string `yaml:"-" json:"-"` // the query's text, read by config
}

// Applies reports whether the indicator is computed for group g.
func (in Indicator) Applies(g Group) bool {
	for _, x := range in.Groups {
		if x == g {
			return true
		}
	}
	return false
}

// Dimension is one of the plan's principles.
type Dimension struct {
	ID         string      `yaml:"id"`
	Name       string      `yaml:"name"`
	Weight     float64     `yaml:"weight"` // the dimensions' weights sum to 1
	Indicators []Indicator `yaml:"indicators"`
}

// Grade is a band of the total: the first grade whose Min the total reaches.
type Grade struct {
	Name string  `yaml:"name"`
	Min  float64 `yaml:"min"`
}

// Shrinkage pulls a rate measured on few documents toward the group's mean.
type Shrinkage struct {
	// Method: "buhlmann" estimates the credibility constant k from the data
	// (Bühlmann–Straub); "fixed" uses K.
	Method string  `yaml:"method"`
	K      float64 `yaml:"k"` // fixed k; also the fallback when the data show no spread between units
}

// Bootstrap sets the uncertainty estimate.
type Bootstrap struct {
	Replicates int     `yaml:"replicates"` // ≥ 500 for a published band
	Seed       uint64  `yaml:"seed"`
	Level      float64 `yaml:"level"` // 0.90: the 5th–95th percentiles
}

// Coverage says when a unit's evidence is too thin to rank it with confidence.
type Coverage struct {
	MinDocuments      int     `yaml:"min_documents"`       // documents about the unit in the period
	MinIndicatorShare float64 `yaml:"min_indicator_share"` // share of its indicators with enough evidence
}

// Repair is credit repair (信用修复, plan item 8): a record an evaluator
// marked rectified from a date (an accepted objection, package objection).
type Repair struct {
	// Weight is the share of its value a repaired record keeps in the
	// periods that begin on or after its repair date: 0 stops it counting,
	// 1 ignores repair. A period the repair falls in counts the record in
	// full: for part of that period it stood unrepaired.
	Weight float64 `yaml:"weight"`
}

// System is the whole indicator system of one version.
type System struct {
	Version    string      `yaml:"version"`
	Name       string      `yaml:"name"`
	Dimensions []Dimension `yaml:"dimensions"`
	Grades     []Grade     `yaml:"grades"`
	Shrinkage  Shrinkage   `yaml:"shrinkage"`
	Bootstrap  Bootstrap   `yaml:"bootstrap"`
	Coverage   Coverage    `yaml:"coverage"`
	Repair     Repair      `yaml:"repair"`
}

// Indicators lists every indicator, in file order.
func (s *System) Indicators() []Indicator {
	var out []Indicator
	for _, d := range s.Dimensions {
		out = append(out, d.Indicators...)
	}
	return out
}

// Grade names the grade of a total.
func (s *System) Grade(total float64) string {
	for _, g := range s.Grades {
		if total >= g.Min {
			return g.Name
		}
	}
	if len(s.Grades) == 0 {
		return ""
	}
	return s.Grades[len(s.Grades)-1].Name
}
