package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/schedule"
	"github.com/trustwatch/trustwatch/web"
)

// ReportSchedule is when the plan's reports are due: 06:00 on 7月5日 (the
// half-year) and 1月5日 (the second half and the year), 郑州 time.
const ReportSchedule = "0 6 5 1,7 *"

// DueReports are the periods whose reports are due on day t.
func DueReports(t time.Time) []period.Period {
	t = t.In(document.Shanghai)
	if t.Month() == time.July {
		return []period.Period{period.Of(period.Half, t.Year(), 6)}
	}
	return []period.Period{period.Of(period.Half, t.Year()-1, 12), period.Of(period.Year, t.Year()-1, 12)}
}

// WriteReport writes a period's evaluation report into dir as HTML and,
// when pdf is set and chromium is found, as PDF; it ranks the period first
// when it has no stored run. The latest edition is marked 更正版 when it
// corrects the one of the due day; ed web.Published writes that one. It
// returns the files written.
func (e *Engine) WriteReport(ctx context.Context, p period.Period, ed web.Edition, dir string, pdf bool) ([]string, error) {
	if _, err := analytics.LoadRun(ctx, e.Store, p.String()); err != nil {
		r, err := e.Ranker()
		if err != nil {
			return nil, err
		}
		if _, err := r.Rank(ctx, p, analytics.JobRank); err != nil {
			return nil, fmt.Errorf("report %s: rank it first: %w", p, err)
		}
	}
	d, err := web.BuildReport(ctx, e.Store, e.Cfg.Loaded.Index, p, ed, time.Now())
	if err != nil {
		return nil, err
	}
	html, err := web.RenderReport(d)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Join(dir, "政务诚信评估报告-"+p.String())
	if ed == web.Published {
		base += "-原版"
	}
	files := []string{base + ".html"}
	if err := os.WriteFile(files[0], html, 0o644); err != nil {
		return nil, err
	}
	if !pdf {
		return files, nil
	}
	chromium := web.Chromium()
	if chromium == "" {
		return files, fmt.Errorf("report %s: no chromium to print the PDF (deploy/local/chromium.sh installs it); the HTML is at %s", p, files[0])
	}
	b, err := web.PDF(ctx, chromium, html)
	if err != nil {
		return files, err
	}
	if err := os.WriteFile(base+".pdf", b, 0o644); err != nil {
		return files, err
	}
	return append(files, base+".pdf"), nil
}

// ReportJob returns the job `run` schedules on the plan's report dates.
func (e *Engine) ReportJob() (func(ctx context.Context) error, error) {
	if _, err := schedule.Parse(ReportSchedule); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		c := schedule.New()
		_, err := c.AddFunc(ReportSchedule, func() {
			for _, p := range DueReports(time.Now()) {
				files, err := e.WriteReport(ctx, p, web.Latest, filepath.Join(e.Cfg.Loaded.DataDir, "reports"), true)
				if err != nil {
					e.Logger.Error("scheduled report", "period", p, "err", err)
					continue
				}
				e.Logger.Info("report written", "period", p, "files", files)
			}
		})
		if err != nil {
			return err
		}
		c.Start()
		<-ctx.Done()
		<-c.Stop().Done()
		return nil
	}, nil
}
