package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/web"
)

// cmdReport writes the half-year or annual evaluation report.
func cmdReport(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("report")
	label := fs.String("period", "", "a half-year or year: 2026-H1, 2026-H2, 2026 (required)")
	out := fs.String("out", "", "directory (default data_dir/reports)")
	pdf := fs.Bool("pdf", true, "print a PDF too, with chromium")
	original := fs.Bool("original", false, "the report as published on its due day (7月5日, 1月5日), not the latest (更正版 when corrected since)")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	p, err := period.Parse(*label)
	if err != nil || p.Kind != period.Half && p.Kind != period.Year {
		return usageError{fmt.Sprintf("report: -period %q: want a half-year or a year (2026-H1, 2026)", *label)}
	}
	e, err := g.open(ctx, fs, nil)
	if err != nil {
		return err
	}
	defer e.Close()
	dir := *out
	if dir == "" {
		dir = filepath.Join(e.Cfg.Loaded.DataDir, "reports")
	}
	ed := web.Latest
	if *original {
		ed = web.Published
	}
	files, err := e.WriteReport(ctx, p, ed, dir, *pdf)
	for _, f := range files {
		fmt.Fprintln(g.stdout, f)
	}
	return err
}
