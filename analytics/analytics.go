// Package analytics computes the integrity index (configs/index.yaml) for a
// period — a month, quarter, half-year or year — and both rankings, the
// district-level units and the municipal departments; stores each
// computation as a run with its evidence; and runs the computations on
// schedules (robfig/cron), catching up periods missed while down.
//
// It owns running the indicator queries, the runs and their storage. The
// method — normalisation, shrinkage, bootstrap, audit — is package index's;
// analytics hands it the evidence. It raises no warnings: alerts reads the
// runs it stores.
package analytics

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"time"

	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/unit"
	"github.com/trustwatch/trustwatch/workday"
)

// Options configure the ranker.
type Options struct {
	Store     *store.Store      // required
	Units     []unit.Unit       // every configured unit; required
	Index     *index.System     // required
	IndexHash string            // recorded with each run
	Calendar  *workday.Calendar // default workday.China()
	Logger    *slog.Logger      // default slog.Default()
	Now       func() time.Time
	// Progress, when set, is told of each indicator as it is computed.
	Progress func(step string)
}

// Ranker computes and stores runs.
type Ranker struct {
	o Options
}

// New checks the options.
func New(o Options) (*Ranker, error) {
	if o.Store == nil || len(o.Units) == 0 || o.Index == nil {
		return nil, errors.New("analytics: store, units and index are required")
	}
	if o.Calendar == nil {
		o.Calendar = workday.China()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Ranker{o: o}, nil
}

// GroupOf is the ranking a unit belongs to.
func GroupOf(u unit.Unit) index.Group {
	if u.Kind == unit.KindDepartment {
		return index.Departments
	}
	return index.Districts
}

// Row is one unit's place in its group's ranking.
type Row struct {
	RunID     string      `json:"run_id"`
	Group     index.Group `json:"unit_group"`
	UnitID    string      `json:"unit_id"`
	UnitName  string      `json:"unit_name"`
	Score     float64     `json:"total"`
	ScoreLo   float64     `json:"total_lo"`
	ScoreHi   float64     `json:"total_hi"`
	Grade     string      `json:"grade"`
	Rank      int         `json:"rank"`
	RankLo    int         `json:"rank_lo"`
	RankHi    int         `json:"rank_hi"`
	PrevRank  int         `json:"prev_rank"`  // 0: not ranked in the previous period
	PrevScore float64     `json:"prev_total"` // the total then, when ranked
	Counts
	// Dimensions are the dimension scores (0–100) by id; Indicators the
	// indicators' raw values by id, for those with enough evidence.
	Dimensions   map[string]float64 `json:"dimensions"`
	Indicators   map[string]float64 `json:"-"`
	Covered      int                `json:"covered"`
	Applicable   int                `json:"applicable"`
	Insufficient bool               `json:"insufficient"`
}

// Counts is what was found about a unit in a period: its coverage, and the
// figures the alert rules read.
type Counts struct {
	Documents   int `json:"documents"`    // documents about the unit
	Sources     int `json:"sources"`      // distinct sources they came from
	Complaints  int `json:"complaints"`   // of them, complaints
	Negatives   int `json:"negatives"`    // negative events
	SeveritySum int `json:"severity_sum"` // their severities
	Positives   int `json:"positives"`    // positive events
}

// Band is the rank's 90% interval as shown beside the rank: "3–6", or "3".
func (r Row) Band() string {
	if r.RankLo == r.RankHi {
		return fmt.Sprint(r.RankLo)
	}
	return fmt.Sprintf("%d–%d", r.RankLo, r.RankHi)
}

// Change is the rank change against the previous period, for people: ↑2,
// ↓1, "=", or "新" when the unit was not ranked then.
func (r Row) Change() string {
	switch d := r.PrevRank - r.Rank; {
	case r.PrevRank == 0:
		return "新"
	case d > 0:
		return fmt.Sprintf("↑%d", d)
	case d < 0:
		return fmt.Sprintf("↓%d", -d)
	}
	return "="
}

// Run is one computation of a period, both groups.
type Run struct {
	ID       string
	Period   period.Period
	Version  string
	Results  []index.Result // one per group with evidence
	Rows     []Row          // every group, each best first
	Evidence int64          // evidence rows stored
	Events   EventStats     // the event grouping done first
}

// Group returns the rows of one group, best first.
func (r Run) Group(g index.Group) []Row {
	var out []Row
	for _, x := range r.Rows {
		if x.Group == g {
			out = append(out, x)
		}
	}
	return out
}

// ErrNoData is returned by LatestPeriod when no signals are stored yet.
var ErrNoData = errors.New("no signals stored yet")

// ErrNoEvidence is returned by Rank for a period in which no document
// concerns any unit: it is refused, never stored as a ranking.
var ErrNoEvidence = errors.New("no document about any unit in this period: nothing to rank")

// LatestPeriod returns the most recent month with signals.
func (r *Ranker) LatestPeriod(ctx context.Context) (period.Period, error) {
	var rows []struct {
		N int64  `json:"n"`
		P string `json:"p"`
	}
	q := "SELECT count() AS n, toString(max(toStartOfMonth(event_date))) AS p FROM trustwatch.v_signals"
	if err := r.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return period.Period{}, fmt.Errorf("find latest period: %w", err)
	}
	if len(rows) == 0 || rows[0].N == 0 {
		return period.Period{}, ErrNoData
	}
	t, err := time.Parse("2006-01-02", rows[0].P)
	if err != nil {
		return period.Period{}, err
	}
	return period.Containing(period.Month, t), nil
}

// Rank computes period p for both groups, stores it as a new run and
// returns it. The run is recorded in job_runs as job; a failure is
// recorded too, and nothing of the run shows in the v_index_* views.
func (r *Ranker) Rank(ctx context.Context, p period.Period, job string) (Run, error) {
	var run Run
	_, err := r.RankAll(ctx, []period.Period{p}, job, func(_ int, _ period.Period, x Run, _ error) { run = x })
	return run, err
}

// rankOne computes one period of a batch and records it in job_runs.
func (r *Ranker) rankOne(ctx context.Context, sn *snapshot, p period.Period, job string, events EventStats) (Run, error) {
	started := r.o.Now().UTC()
	run := Run{ID: newRunID(started), Period: p, Version: r.o.Index.Version, Events: events}
	err := r.rank(ctx, sn, &run)
	r.record(ctx, job, run, started, err)
	if err != nil {
		return run, fmt.Errorf("rank %s: %w", p, err)
	}
	return run, nil
}

func (r *Ranker) rank(ctx context.Context, sn *snapshot, run *Run) error {
	if err := r.o.Calendar.CheckCovers(run.Period.Start, run.Period.End); err != nil {
		return err
	}
	ev, err := r.periodEvidence(ctx, sn, run)
	if err != nil {
		return err
	}
	cov, err := r.coverage(ctx, sn, run.Period)
	if err != nil {
		return err
	}
	if len(cov) == 0 {
		return ErrNoEvidence // 47 units tied at 100 would be a ranking of nothing
	}
	prev, err := r.previousRanks(ctx, run.Period)
	if err != nil {
		return err
	}
	for _, g := range index.Groups {
		res, ok := r.scoreGroup(g, run.Period, ev, cov)
		if !ok {
			r.o.Logger.Info("no evidence for a group: not ranked", "period", run.Period.String(), "group", g)
			continue
		}
		run.Results = append(run.Results, res)
		run.Rows = append(run.Rows, rows(run.ID, res, cov, prev)...)
	}
	return r.store(ctx, run, sn.batch)
}

// scoreGroup hands one group's evidence to the index; false when no unit of
// the group has any document in the period.
func (r *Ranker) scoreGroup(g index.Group, p period.Period, ev evidence, cov map[string]coverage) (index.Result, bool) {
	in := index.Input{Group: g, Cells: ev, Seed: seedOf(p, g)}
	any := false
	for _, u := range r.o.Units {
		if GroupOf(u) != g {
			continue
		}
		c := cov[u.ID]
		any = any || c.Documents > 0
		in.Units = append(in.Units, index.Unit{ID: u.ID, Name: u.Short, Documents: c.Documents, Sources: c.Sources})
	}
	if !any {
		return index.Result{}, false
	}
	return r.o.Index.Score(in), true
}

func rows(runID string, res index.Result, cov map[string]coverage, prev map[string]previous) []Row {
	out := make([]Row, 0, len(res.Units))
	for _, u := range res.Units {
		c := cov[u.ID]
		was := prev[string(res.Group)+"/"+u.ID]
		dims, inds := map[string]float64{}, map[string]float64{}
		for _, d := range u.Dimensions {
			dims[d.ID] = d.Score
		}
		for _, is := range u.Indicators {
			if is.Enough && !math.IsNaN(is.Value) { // a share of 2 decisions is no figure to warn on
				inds[is.ID] = is.Value
			}
		}
		out = append(out, Row{Dimensions: dims, Indicators: inds, PrevScore: was.Total,
			RunID: runID, Group: res.Group, UnitID: u.ID, UnitName: u.Name,
			Score: u.Total, ScoreLo: u.TotalLo, ScoreHi: u.TotalHi, Grade: u.Grade,
			Rank: u.Rank, RankLo: u.RankLo, RankHi: u.RankHi, PrevRank: was.Rank,
			Counts: c.Counts, Covered: u.Covered, Applicable: u.Applicable, Insufficient: u.Insufficient,
		})
	}
	return out
}

// seedOf is the bootstrap stream of one period and group: the same inputs
// give the same bands, and periods do not share their random numbers.
func seedOf(p period.Period, g index.Group) uint64 {
	h := fnv.New64a()
	h.Write([]byte(p.String() + "/" + string(g)))
	return h.Sum64()
}

func newRunID(t time.Time) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return t.Format("20060102T150405") + "-" + hex.EncodeToString(b)
}
