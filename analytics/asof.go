package analytics

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

// Runs are append-only: a recomputation adds a run and the views show the
// latest, while every earlier run stays in the tables. So the ranking of a
// period "as it stood" on a day is the latest run of the period computed by
// the end of that day (郑州 time), read back unchanged.

// RunInfo is one stored run of a period.
type RunInfo struct {
	RunID    string    `json:"run_id"`
	Period   string    `json:"period"`
	Version  string    `json:"index_version"`
	Computed time.Time `json:"computed_at"`
}

// Runs lists the stored runs of a period, oldest first.
func Runs(ctx context.Context, s *store.Store, p period.Period) ([]RunInfo, error) {
	var out []RunInfo
	q := "SELECT run_id, period, index_version, computed_at FROM trustwatch.index_runs WHERE period = " + store.Quote(p.String()) + " ORDER BY computed_at, run_id"
	if err := s.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("list runs of %s: %w", p, err)
	}
	return out, nil
}

// EndOfDay is the first instant after day d in 郑州.
func EndOfDay(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd+1, 0, 0, 0, 0, document.Shanghai)
}

// LoadRunAsOf reads back the run of a period that was the latest at the
// instant asOf: the ranking as published then.
func LoadRunAsOf(ctx context.Context, s *store.Store, p period.Period, asOf time.Time) (Run, error) {
	runs, err := Runs(ctx, s, p)
	if err != nil {
		return Run{}, err
	}
	var pick *RunInfo
	for i := range runs {
		if runs[i].Computed.Before(asOf) {
			pick = &runs[i]
		}
	}
	if pick == nil {
		return Run{}, fmt.Errorf("no ranking of %s had been computed by %s", p, asOf.In(document.Shanghai).Format("2006-01-02 15:04"))
	}
	return loadRun(ctx, s, p, pick.RunID, pick.Version)
}

// Change is how one unit's place differs between two runs of a period.
type Change struct {
	UnitID, UnitName        string
	Group                   string
	RankBefore, RankAfter   int // 0: not ranked in that run
	ScoreBefore, ScoreAfter float64
	GradeBefore, GradeAfter string
}

// Compare lists the units whose rank, score (by 0.05 or more) or grade
// differ between two runs, by group and then by the later rank.
func Compare(before, after Run) []Change {
	type key struct{ group, unit string }
	old := map[key]Row{}
	for _, r := range before.Rows {
		old[key{string(r.Group), r.UnitID}] = r
	}
	var out []Change
	seen := map[key]bool{}
	for _, r := range after.Rows {
		k := key{string(r.Group), r.UnitID}
		seen[k] = true
		o, ok := old[k]
		if ok && o.Rank == r.Rank && o.Grade == r.Grade && math.Abs(o.Score-r.Score) < 0.05 {
			continue
		}
		c := Change{UnitID: r.UnitID, UnitName: r.UnitName, Group: string(r.Group), RankAfter: r.Rank, ScoreAfter: r.Score, GradeAfter: r.Grade}
		if ok {
			c.RankBefore, c.ScoreBefore, c.GradeBefore = o.Rank, o.Score, o.Grade
		}
		out = append(out, c)
	}
	for k, o := range old {
		if !seen[k] {
			out = append(out, Change{UnitID: o.UnitID, UnitName: o.UnitName, Group: k.group, RankBefore: o.Rank, ScoreBefore: o.Score, GradeBefore: o.Grade})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group > out[j].Group // districts before departments
		}
		return out[i].RankAfter < out[j].RankAfter
	})
	return out
}
