package main

import (
	"context"
	"fmt"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/gaming"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/table"
)

// cmdFindings prints a period's anti-gaming findings: backdated 双公示
// decisions and bursts of old decisions published before the period closed.
func cmdFindings(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("findings")
	label := fs.String("period", "", "the period, e.g. 2026-10, 2026-H1 (required)")
	unitID := fs.String("unit", "", "one unit's findings (default every unit's)")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	p, err := period.Parse(*label)
	if err != nil {
		return usageError{fmt.Sprintf("findings: -period %q: %v", *label, err)}
	}
	e, err := g.open(ctx, fs, nil)
	if err != nil {
		return err
	}
	defer e.Close()
	if *unitID != "" {
		if _, ok := e.Cfg.Loaded.Units.Get(*unitID); !ok {
			return usageError{fmt.Sprintf("findings: -unit %q: not in the units file", *unitID)}
		}
	}
	f, err := gaming.Find(ctx, e.Store, p, *unitID)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "公示日期早于实际上网时间 (backdated): %d\n", len(f.Backdated))
	t := table.Table{Header: []string{"单位", "文档", "标称公示日期", "此后未见的抓取", "首次抓到", "相差天数"}}
	for _, b := range f.Backdated {
		t.Rows = append(t.Rows, []string{b.UnitID, b.DocID, b.Claimed, b.MissedAt.In(document.Shanghai).Format("2006-01-02 15:04"),
			b.FirstSeen.In(document.Shanghai).Format("2006-01-02 15:04"), fmt.Sprint(b.GapDays)})
	}
	if err := t.Write(g.stdout); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "\n期末集中公示陈旧决定 (bursts: ≥ %d decisions ≥ %d days old published in the last %d days): %d\n",
		gaming.BurstMin, gaming.BurstAge, gaming.BurstWindow, len(f.Bursts))
	t = table.Table{Header: []string{"单位", "件数", "公示日期", "距决定日期中位数（天）"}}
	for _, b := range f.Bursts {
		t.Rows = append(t.Rows, []string{b.UnitID, fmt.Sprint(b.Count), b.First + " — " + b.Last, fmt.Sprintf("%.0f", b.MedianAge)})
	}
	return t.Write(g.stdout)
}
