package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/index"
)

// IndexPlaceholders are what analytics fills in every indicator query;
// an indicator's params add their own names.
var IndexPlaceholders = []string{"offdays", "workdays", "units"}

var (
	indexIDRe       = regexp.MustCompile(`^[a-z][a-z0-9_]{0,47}$`)
	placeholderRe   = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_.]+)\s*\}\}`)
	weightTolerance = 1e-6
)

// loadIndex reads and validates the indicator system and each query file
// it names (relative to the index file).
func loadIndex(file string) (*index.System, Problems) {
	c := &collector{file: file}
	s := &index.System{}
	if !readStrict(c, file, s) {
		return nil, c.ps
	}
	setIndexDefaults(s)
	validateIndex(c, filepath.Dir(file), s)
	if len(c.ps) > 0 {
		return nil, c.ps
	}
	return s, nil
}

func setIndexDefaults(s *index.System) {
	if s.Shrinkage.Method == "" {
		s.Shrinkage.Method = "buhlmann"
	}
	if s.Bootstrap.Level == 0 {
		s.Bootstrap.Level = 0.90
	}
	for d := range s.Dimensions {
		for i := range s.Dimensions[d].Indicators {
			in := &s.Dimensions[d].Indicators[i]
			if in.Normalise.Method == "" {
				in.Normalise.Method = index.MinMax
			}
			if len(in.Groups) == 0 {
				in.Groups = slices.Clone(index.Groups)
			}
		}
	}
}

func validateIndex(c *collector, dir string, s *index.System) {
	if strings.TrimSpace(s.Version) == "" {
		c.add("version", "required: it is stored with every run, so a changed method is never mistaken for a changed unit")
	}
	if len(s.Dimensions) == 0 {
		c.add("dimensions", "at least one dimension required")
	}
	var sum float64
	ids := map[string]string{}
	for d := range s.Dimensions {
		dim := &s.Dimensions[d]
		p := fmt.Sprintf("dimensions[%d]", d)
		checkIndexID(c, p+".id", dim.ID, ids)
		if dim.Name == "" {
			c.add(p+".name", "required")
		}
		checkWeight(c, p+".weight", dim.Weight)
		sum += dim.Weight
		if len(dim.Indicators) == 0 {
			c.add(p+".indicators", "at least one indicator required")
		}
		var isum float64
		for i := range dim.Indicators {
			validateIndicator(c, dir, fmt.Sprintf("%s.indicators[%d]", p, i), &dim.Indicators[i], ids)
			isum += dim.Indicators[i].Weight
		}
		if len(dim.Indicators) > 0 && math.Abs(isum-1) > weightTolerance {
			c.add(p+".indicators", "the weights of %s's indicators sum to %g, want 1", dim.ID, isum)
		}
	}
	if len(s.Dimensions) > 0 && math.Abs(sum-1) > weightTolerance {
		c.add("dimensions", "the dimensions' weights sum to %g, want 1", sum)
	}
	validateGrades(c, s.Grades)
	validateMethod(c, s)
}

func checkIndexID(c *collector, path, id string, seen map[string]string) {
	switch {
	case id == "":
		c.add(path, "required")
	case !indexIDRe.MatchString(id):
		c.add(path, "%q: use lower-case letters, digits and _ (ids are column values and SQL names)", id)
	case seen[id] != "":
		c.add(path, "%q is already used at %s", id, seen[id])
	default:
		seen[id] = path
	}
}

func checkWeight(c *collector, path string, w float64) {
	if math.IsNaN(w) || math.IsInf(w, 0) || w <= 0 || w > 1 {
		c.add(path, "want a weight in (0, 1], got %g", w)
	}
}

func validateIndicator(c *collector, dir, p string, in *index.Indicator, ids map[string]string) {
	checkIndexID(c, p+".id", in.ID, ids)
	if in.Name == "" {
		c.add(p+".name", "required")
	}
	if in.Measures == "" {
		c.add(p+".measures", "required: say what it measures, for the units it ranks")
	}
	for g, grp := range in.Groups {
		if !slices.Contains(index.Groups, grp) {
			c.add(fmt.Sprintf("%s.groups[%d]", p, g), "unknown group %q (want districts, departments)", grp)
		}
	}
	if in.Aggregate != index.Ratio && in.Aggregate != index.Sum && in.Aggregate != index.Median {
		c.add(p+".aggregate", "want ratio, sum or median, got %q", in.Aggregate)
	}
	if in.Direction != index.HigherBetter && in.Direction != index.LowerBetter {
		c.add(p+".direction", "want higher_better or lower_better, got %q", in.Direction)
	}
	validateNormalise(c, p+".normalise", in)
	checkWeight(c, p+".weight", in.Weight)
	if in.MinEvidence < 0 {
		c.add(p+".min_evidence", "want ≥ 0, got %d", in.MinEvidence)
	}
	if in.DisplayDays < 0 {
		c.add(p+".display_days", "want ≥ 0, got %d", in.DisplayDays)
	}
	readQuery(c, dir, p, in)
}

func validateNormalise(c *collector, p string, in *index.Indicator) {
	n := in.Normalise
	switch n.Method {
	case index.MinMax, index.ZScore:
	case index.Target:
		switch {
		case n.Full == n.Zero:
			c.add(p, "target: full and zero must differ (both %g)", n.Full)
		case in.Direction == index.HigherBetter && n.Full < n.Zero, in.Direction == index.LowerBetter && n.Full > n.Zero:
			c.add(p, "target: full %g and zero %g contradict direction %s", n.Full, n.Zero, in.Direction)
		}
	default:
		c.add(p+".method", "want minmax, target or zscore, got %q", n.Method)
	}
}

// readQuery reads the indicator's SQL and checks its placeholders are
// ones analytics fills in or the indicator's params.
func readQuery(c *collector, dir, p string, in *index.Indicator) {
	if in.Query == "" {
		c.add(p+".query", "required: a SQL file yielding unit_id, doc_id, num, den, day (and optionally until) per evidence document")
		return
	}
	file := resolve(dir, in.Query)
	data, err := os.ReadFile(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path as given reads better than the absolute one
		}
		c.add(p+".query", "cannot read %s: %v", in.Query, err)
		return
	}
	in.SQL = string(data)
	for _, m := range placeholderRe.FindAllStringSubmatch(in.SQL, -1) {
		name := m[1]
		if slices.Contains(IndexPlaceholders, name) {
			continue
		}
		if _, ok := in.Params[name]; !ok {
			c.add(p+".params", "%s uses {{%s}}, which is neither a param of the indicator nor one of %s", in.Query, name, joinWords(IndexPlaceholders))
		}
	}
	for k, v := range in.Params {
		if !strings.Contains(in.SQL, "{{"+k+"}}") {
			c.add(p+".params."+k, "%s does not use {{%s}}", in.Query, k)
		}
		if !paramRe.MatchString(v) {
			c.add(p+".params."+k, "%q: a param is a number or a word ([A-Za-z0-9_.-]): it is pasted into SQL", v)
		}
	}
}

var paramRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

func validateGrades(c *collector, gs []index.Grade) {
	if len(gs) == 0 {
		c.add("grades", "at least one grade required, e.g. {name: A, min: 85}")
	}
	for i, g := range gs {
		p := fmt.Sprintf("grades[%d]", i)
		if g.Name == "" {
			c.add(p+".name", "required")
		}
		if i > 0 && g.Min >= gs[i-1].Min {
			c.add(p+".min", "grades go from the best down: %g is not below %g", g.Min, gs[i-1].Min)
		}
	}
}

func validateMethod(c *collector, s *index.System) {
	if s.Shrinkage.Method != "buhlmann" && s.Shrinkage.Method != "fixed" {
		c.add("shrinkage.method", "want buhlmann or fixed, got %q", s.Shrinkage.Method)
	}
	if s.Shrinkage.K < 0 || math.IsNaN(s.Shrinkage.K) || math.IsInf(s.Shrinkage.K, 0) {
		c.add("shrinkage.k", "want a finite k ≥ 0, got %g", s.Shrinkage.K)
	}
	if s.Bootstrap.Replicates < 0 || s.Bootstrap.Replicates > 100000 {
		c.add("bootstrap.replicates", "want 0 (no bands) to 100000, got %d", s.Bootstrap.Replicates)
	}
	if s.Bootstrap.Level <= 0 || s.Bootstrap.Level >= 1 {
		c.add("bootstrap.level", "want a level in (0, 1), e.g. 0.90, got %g", s.Bootstrap.Level)
	}
	if s.Coverage.MinDocuments < 0 {
		c.add("coverage.min_documents", "want ≥ 0, got %d", s.Coverage.MinDocuments)
	}
	if s.Coverage.MinIndicatorShare < 0 || s.Coverage.MinIndicatorShare > 1 {
		c.add("coverage.min_indicator_share", "want a share in [0, 1], got %g", s.Coverage.MinIndicatorShare)
	}
	if s.Repair.Weight < 0 || s.Repair.Weight > 1 || math.IsNaN(s.Repair.Weight) {
		c.add("repair.weight", "want a share in [0, 1] (0: a repaired record stops counting), got %g", s.Repair.Weight)
	}
}

// indexHash is a short hash of the system as loaded, queries included.
func indexHash(s *index.System) string {
	if s == nil {
		return ""
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(s)
	for _, in := range s.Indicators() {
		h.Write([]byte(in.SQL))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
