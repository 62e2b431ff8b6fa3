package analytics

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/store"
)

// LoadRun reads back the latest stored ranking of month (YYYY-MM), or of
// the latest ranked month when month is "".
func LoadRun(ctx context.Context, s *store.Store, month string) (Run, error) {
	where := "1"
	if month != "" {
		p, err := time.Parse("2006-01", month)
		if err != nil {
			return Run{}, fmt.Errorf("load ranking: want month as YYYY-MM, got %q", month)
		}
		where = "period = " + store.Quote(p.Format("2006-01-02"))
	}
	q := fmt.Sprintf(`SELECT run_id, toString(period) AS p, unit_id, unit_name, score, rank, documents, complaints, negatives, severity_sum
FROM trustwatch.v_rankings WHERE period = (SELECT max(period) FROM trustwatch.v_rankings WHERE %s) ORDER BY rank, unit_id`, where)
	var rows []struct {
		Row
		P string `json:"p"`
	}
	if err := s.SelectInto(ctx, q, &rows); err != nil {
		return Run{}, fmt.Errorf("load ranking: %w", err)
	}
	if len(rows) == 0 {
		return Run{}, fmt.Errorf("load ranking: no ranking stored for %q (run `trustwatch rank` first)", month)
	}
	run := Run{ID: rows[0].RunID}
	run.Period, _ = time.Parse("2006-01-02", rows[0].P)
	for _, r := range rows {
		run.Rows = append(run.Rows, r.Row)
	}
	return run, nil
}
