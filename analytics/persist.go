package analytics

import (
	"context"
	"math"
	"time"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
)

var scoreColumns = []string{"run_id", "period", "period_start", "unit_group", "unit_id", "unit_name",
	"total", "total_lo", "total_hi", "grade", "rank", "rank_lo", "rank_hi", "prev_rank", "prev_total", "dimensions",
	"documents", "sources", "complaints", "negatives", "severity_sum", "positives",
	"covered", "applicable", "insufficient", "index_version", "computed_at"}

var indicatorColumns = []string{"run_id", "period", "unit_group", "unit_id", "dimension", "indicator",
	"value", "numerator", "denominator", "evidence", "credibility", "adjusted", "enough",
	"score", "weight", "contribution", "computed_at"}

var runColumns = []string{"run_id", "period", "period_kind", "period_start", "period_end", "index_version",
	"index_hash", "seed", "replicates", "repair_weight", "batch_id", "units", "evidence", "computed_at"}

// store writes the run's scores and indicators, then its index_runs row:
// that row commits the run, so a run that fails half-way shows nowhere.
func (r *Ranker) store(ctx context.Context, run *Run, batch string) error {
	at := r.o.Now().UTC()
	p := run.Period
	var scores, inds [][]any
	for _, res := range run.Results {
		for _, u := range res.Units {
			for _, is := range u.Indicators {
				inds = append(inds, indicatorRow(run.ID, p, res.Group, u.ID, is, at))
			}
		}
	}
	for _, x := range run.Rows {
		scores = append(scores, []any{run.ID, p.String(), store.Day(p.Start), string(x.Group), x.UnitID, x.UnitName,
			x.Score, x.ScoreLo, x.ScoreHi, x.Grade, uint16(x.Rank), uint16(x.RankLo), uint16(x.RankHi), uint16(x.PrevRank), x.PrevScore, x.Dimensions,
			uint32(x.Documents), uint32(x.Sources), uint32(x.Complaints), uint32(x.Negatives), uint32(x.SeveritySum), uint32(x.Positives),
			uint16(x.Covered), uint16(x.Applicable), boolByte(x.Insufficient), run.Version, at})
	}
	if err := r.o.Store.Insert(ctx, store.Database+".index_indicators", indicatorColumns, inds); err != nil {
		return err
	}
	if err := r.o.Store.Insert(ctx, store.Database+".index_scores", scoreColumns, scores); err != nil {
		return err
	}
	row := []any{run.ID, p.String(), string(p.Kind), store.Day(p.Start), store.Day(p.End), run.Version,
		r.o.IndexHash, r.o.Index.Bootstrap.Seed, uint32(r.o.Index.Bootstrap.Replicates), r.o.Index.Repair.Weight, batch, uint32(len(run.Rows)), uint64(run.Evidence), at}
	return r.o.Store.Insert(ctx, store.Database+".index_runs", runColumns, [][]any{row})
}

func indicatorRow(runID string, p period.Period, g index.Group, unitID string, is index.IndicatorScore, at time.Time) []any {
	var value any
	if !math.IsNaN(is.Value) {
		value = is.Value
	}
	return []any{runID, p.String(), string(g), unitID, is.Dimension, is.ID, value, is.Num, is.Den, uint32(is.N),
		is.Credibility, is.Adjusted, boolByte(is.Enough), is.Score, is.Weight, is.Contribution, at}
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// Job names, as job_runs records them.
const (
	JobRefresh    = "refresh"    // the periods in progress
	JobClose      = "close"      // periods that ended
	JobRank       = "rank"       // by hand: trustwatch rank
	JobCorrection = "correction" // after an objection was accepted
	JobBackfill   = "backfill"
)

// record writes the run to job_runs; a failure to record is logged, not
// returned, so it never hides the run's own outcome.
func (r *Ranker) record(ctx context.Context, job string, run Run, started time.Time, runErr error) {
	status, msg := "ok", ""
	if runErr != nil {
		status, msg = "failed", runErr.Error()
	}
	row := []any{run.ID, job, store.Day(run.Period.Start), run.Period.String(), started, r.o.Now().UTC(), status, uint32(len(run.Rows)), msg}
	cols := []string{"run_id", "job", "period", "label", "started_at", "finished_at", "status", "rows", "error"}
	if err := r.o.Store.Insert(ctx, store.Database+".job_runs", cols, [][]any{row}); err != nil {
		r.o.Logger.Error("record job run", "run_id", run.ID, "err", err)
	}
}
