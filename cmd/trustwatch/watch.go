package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/table"
	"github.com/trustwatch/trustwatch/watch"
)

// cmdWatch shows the watched 权力和责任清单: each list's versions, last real
// update, staleness and latest changes as a diff, and broken links.
func cmdWatch(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("watch")
	unitID := fs.String("unit", "", "one unit's list (default every unit's)")
	months := fs.Int("months", 0, "a list not updated within this many months of a change of the 上级's catalogue is stale (default: configs/index.yaml, powerlist_fresh)")
	maxMonths := fs.Int("max-months", 0, "a list not updated for this many months is stale whatever the 上级 did (default: configs/index.yaml)")
	items := fs.Bool("items", false, "list every item with its content hash, first seen and last changed")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	e, err := g.open(ctx, fs, nil)
	if err != nil {
		return err
	}
	defer e.Close()
	rule := watch.RuleOf(e.Cfg.Loaded.Index)
	if *months > 0 {
		rule.Months = *months
	}
	if *maxMonths > 0 {
		rule.MaxMonths = *maxMonths
	}
	if *months < 0 || *maxMonths < 0 || rule.MaxMonths < rule.Months {
		return usageError{fmt.Sprintf("watch: -months %d -max-months %d: want 1 ≤ months ≤ max-months", rule.Months, rule.MaxMonths)}
	}
	lists, err := watch.Lists(ctx, e.Store, *unitID, rule, time.Now())
	if err != nil {
		return err
	}
	clock := func(t time.Time) string { return t.In(document.Shanghai).Format("2006-01-02 15:04") }
	t := table.Table{Header: []string{"单位", "清单", "版本数", "首次抓到", "最近实际更新", "状态", "事项数", "最近变化"}}
	for _, l := range lists {
		state := "现行（至 " + l.StaleFrom.Format("2006-01-02") + "）"
		switch {
		case l.Upstream:
			state = "上级标准目录"
		case l.Stale:
			state = "过期（自 " + l.StaleFrom.Format("2006-01-02") + "）"
		}
		change := "—"
		if len(l.Changes) > 0 {
			change = fmt.Sprintf("%s 见到 %d 项变化", clock(l.ChangedAt), len(l.Changes))
		}
		t.Rows = append(t.Rows, []string{strings.Join(l.Units, ","), l.Title, fmt.Sprint(l.Versions), clock(l.FirstSeen), l.LastUpdate, state, fmt.Sprint(len(l.Items)), change})
	}
	if err := t.Write(g.stdout); err != nil {
		return err
	}
	for _, l := range lists {
		if len(l.Changes) > 0 {
			fmt.Fprintf(g.stdout, "\n%s — changed between the crawls of %s and %s (%s)\n", l.Title, clock(l.ChangedFrom), clock(l.ChangedAt), l.URL)
			for _, c := range l.Changes {
				switch c.Kind {
				case "added":
					fmt.Fprintf(g.stdout, "+ %s\n", c.After)
				case "removed":
					fmt.Fprintf(g.stdout, "- %s\n", c.Before)
				default:
					fmt.Fprintf(g.stdout, "- %s\n+ %s\n", c.Before, c.After)
				}
			}
		}
		if *items {
			fmt.Fprintf(g.stdout, "\n%s\n", l.Title)
			it := table.Table{Header: []string{"编码", "哈希", "首次抓到", "最近变化", "事项"}}
			for _, x := range l.Items {
				it.Rows = append(it.Rows, []string{x.Code, x.Hash, clock(x.FirstSeen), clock(x.Changed), x.Row})
			}
			if err := it.Write(g.stdout); err != nil {
				return err
			}
		}
	}
	broken, err := watch.BrokenLinks(ctx, e.Store)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "\n失效链接 (broken links in the latest crawl): %d\n", len(broken))
	for _, b := range broken {
		fmt.Fprintf(g.stdout, "%s %s %d %s\n", b.Source, b.URL, b.Status, b.Reason)
	}
	return nil
}
