// Package analytics computes the integrity index of each ranked unit per
// month from the stored signals, ranks the units, and stores each
// computation as a run with its own id — scheduled with robfig/cron.
//
// It owns indicators, scores and ranks. It does not raise warnings: alerts
// reads the rankings it stores.
package analytics

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/unit"
)

//go:embed rank.sql
var rankSQL string

// Options configure the ranker.
type Options struct {
	Store  *store.Store // required
	Units  []unit.Unit  // the units to rank; required
	Logger *slog.Logger // default slog.Default()
	Now    func() time.Time
}

// Ranker computes and stores rankings.
type Ranker struct {
	o Options
}

// New checks the options.
func New(o Options) (*Ranker, error) {
	if o.Store == nil || len(o.Units) == 0 {
		return nil, errors.New("analytics: store and units are required")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Ranker{o: o}, nil
}

// Row is one unit's place in a ranking.
type Row struct {
	RunID       string    `json:"run_id"`
	Period      time.Time `json:"-"`
	UnitID      string    `json:"unit_id"`
	UnitName    string    `json:"unit_name"`
	Score       float64   `json:"score"`
	Rank        int       `json:"rank"`
	Documents   int       `json:"documents"`
	Complaints  int       `json:"complaints"`
	Negatives   int       `json:"negatives"`
	SeveritySum int       `json:"severity_sum"`
	Positives   int       `json:"positives"`
}

// Run is one computation of a period's ranking.
type Run struct {
	ID     string
	Period time.Time // first day of the month, UTC
	Rows   []Row
	Events EventStats // the event grouping done before ranking
}

// ErrNoData is returned by LatestPeriod when no signals are stored yet.
var ErrNoData = errors.New("no signals stored yet")

// ErrNoEvidence is returned by Rank for a period in which no document
// concerns any unit: it is refused, never stored as a ranking.
var ErrNoEvidence = errors.New("no document about any unit in this period: nothing to rank")

func hasEvidence(rows []Row) bool {
	for _, x := range rows {
		if x.Documents > 0 {
			return true
		}
	}
	return false
}

// LatestPeriod returns the most recent month with signals.
func (r *Ranker) LatestPeriod(ctx context.Context) (time.Time, error) {
	var rows []struct {
		N int64  `json:"n"`
		P string `json:"p"`
	}
	q := "SELECT count() AS n, toString(max(toStartOfMonth(event_date))) AS p FROM trustwatch.v_signals"
	if err := r.o.Store.SelectInto(ctx, q, &rows); err != nil {
		return time.Time{}, fmt.Errorf("find latest period: %w", err)
	}
	if len(rows) == 0 || rows[0].N == 0 {
		return time.Time{}, ErrNoData
	}
	return time.Parse("2006-01-02", rows[0].P)
}

// Rank computes the ranking of period (any day in the month), stores it as
// a new run and returns it.
func (r *Ranker) Rank(ctx context.Context, period time.Time) (Run, error) {
	started := r.o.Now().UTC()
	run := Run{ID: newRunID(started), Period: time.Date(period.Year(), period.Month(), 1, 0, 0, 0, 0, time.UTC)}
	var err error
	run.Events, err = r.GroupEvents(ctx)
	if err == nil {
		err = r.o.Store.SelectInto(ctx, r.query(run.Period), &run.Rows)
	}
	if err == nil && !hasEvidence(run.Rows) {
		err = ErrNoEvidence // 16 units tied at 100 would be a ranking of nothing
	}
	if err == nil {
		assignRanks(run.Rows)
		err = r.store(ctx, run, started)
	}
	r.record(ctx, run, started, err)
	if err != nil {
		return run, fmt.Errorf("rank period %s: %w", run.Period.Format("2006-01"), err)
	}
	return run, nil
}

func (r *Ranker) query(period time.Time) string {
	tuples := make([]string, len(r.o.Units))
	for i, u := range r.o.Units {
		tuples[i] = fmt.Sprintf("(%s, %s)", store.Quote(u.ID), store.Quote(u.Short))
	}
	return strings.NewReplacer(
		"{{units}}", "["+strings.Join(tuples, ", ")+"]",
		"{{period}}", store.Quote(period.Format("2006-01-02")),
	).Replace(rankSQL)
}

// assignRanks numbers rows already sorted best first; equal scores share a
// rank and the next rank skips (1, 2, 2, 4).
func assignRanks(rows []Row) {
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && rows[i].Score == rows[i-1].Score {
			rows[i].Rank = rows[i-1].Rank
		}
	}
}

var rankingColumns = []string{"run_id", "period", "unit_id", "unit_name", "score", "rank",
	"documents", "complaints", "negatives", "severity_sum", "computed_at"}

func (r *Ranker) store(ctx context.Context, run Run, at time.Time) error {
	rows := make([][]any, len(run.Rows))
	for i, x := range run.Rows {
		rows[i] = []any{run.ID, store.Day(run.Period), x.UnitID, x.UnitName, x.Score, uint16(x.Rank),
			uint32(x.Documents), uint32(x.Complaints), uint32(x.Negatives), uint32(x.SeveritySum), at}
	}
	return r.o.Store.Insert(ctx, store.Database+".rankings", rankingColumns, rows)
}

// record writes the run to job_runs; a failure to record is logged, not
// returned, so it never hides the run's own outcome.
func (r *Ranker) record(ctx context.Context, run Run, started time.Time, runErr error) {
	status, msg := "ok", ""
	if runErr != nil {
		status, msg = "failed", runErr.Error()
	}
	row := []any{run.ID, "rank", store.Day(run.Period), started, r.o.Now().UTC(), status, uint32(len(run.Rows)), msg}
	cols := []string{"run_id", "job", "period", "started_at", "finished_at", "status", "rows", "error"}
	if err := r.o.Store.Insert(ctx, store.Database+".job_runs", cols, [][]any{row}); err != nil {
		r.o.Logger.Error("record job run", "run_id", run.ID, "err", err)
	}
}

func newRunID(t time.Time) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return t.Format("20060102T150405") + "-" + hex.EncodeToString(b)
}
