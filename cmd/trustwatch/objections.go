package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/objection"
	"github.com/trustwatch/trustwatch/table"
)

const objectionsUsage = `usage: trustwatch objections <verb> [flags]

verbs:
  list    [-unit U]                         objections, newest first
  show    ID                                one objection: its events and files
  file    -unit U -doc DOC (-category C | -indicator I) -action A -reason TEXT -by NAME [-attach FILE,FILE]
          action: wrong_unit, not_breach, rectified, outdated, duplicate
  decide  ID -decision D -reason TEXT -by NAME [-to-unit U] [-severity N] [-repaired-from YYYY-MM-DD]
          decision: withdraw, reassign, lower, rectified (信用修复, from a day), reject
  audit   [ID] [-unit U] [-limit N]         the audit trail: every filing, file, decision and
                                            recomputation with who, when, what, why, before, after`

func cmdObjections(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 || isHelp(args[0]) || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(g.stdout, objectionsUsage)
		if len(args) > 0 && (isHelp(args[0]) || strings.HasPrefix(args[0], "-") && slices.ContainsFunc(args, isHelp)) {
			return errHelp
		}
		return usageError{"objections: give a verb first"}
	}
	verb, args := args[0], args[1:]
	fs := g.flags("objections " + verb)
	unitID := fs.String("unit", "", "unit id")
	doc := fs.String("doc", "", "document id")
	category := fs.String("category", "", "the record's category (a signal)")
	indicator := fs.String("indicator", "", "instead of -category: the indicator whose evidence the document is")
	action := fs.String("action", "", "what the unit asks")
	reason := fs.String("reason", "", "why")
	by := fs.String("by", "", "who")
	attach := fs.String("attach", "", "supporting files, comma-separated")
	decision := fs.String("decision", "", "the decision")
	toUnit := fs.String("to-unit", "", "with -decision reassign: the unit")
	severity := fs.Int("severity", 0, "with -decision lower: the new severity")
	limit := fs.Int("limit", 200, "audit: at most this many rows")
	repairedFrom := fs.String("repaired-from", "", "with -decision rectified: YYYY-MM-DD the unit's credit is repaired from (default today)")
	id, rest := splitID(args)
	if err := g.parse(fs, rest); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	e, err := g.engine(ctx)
	if err != nil {
		return err
	}
	defer e.Close()
	svc, err := objectionService(e)
	if err != nil {
		return err
	}
	switch verb {
	case "list":
		os, err := svc.List(ctx, *unitID)
		if err != nil {
			return err
		}
		t := table.Table{Header: []string{"编号", "单位", "文档", "类别", "请求", "状态", "期限"}}
		for _, o := range os {
			t.Rows = append(t.Rows, []string{o.ID, o.UnitID, o.DocID, o.Category, string(o.Action), o.State, o.Due})
		}
		return t.Write(g.stdout)
	case "show":
		hist, err := svc.History(ctx, id)
		if err != nil || len(hist) == 0 {
			return fmt.Errorf("no objection %q: %v", id, err)
		}
		for _, h := range hist {
			fmt.Fprintf(g.stdout, "#%d %s %s %s %s — %s %s %s\n", h.Seq, h.At.Format("2006-01-02 15:04"), h.Event, h.UnitID, h.Category, h.Reason, h.Decision, h.DecisionReason)
		}
		files, err := svc.Files(ctx, id)
		for _, f := range files {
			fmt.Fprintf(g.stdout, "file %s %s %d bytes sha256 %s\n", f.Name, f.ContentType, f.Size, f.SHA256)
		}
		return err
	case "file":
		var ups []objection.Upload
		for _, p := range strings.Split(*attach, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			ups = append(ups, objection.Upload{Name: filepath.Base(p), Content: b})
		}
		o, err := svc.File(ctx, objection.Objection{UnitID: *unitID, DocID: *doc, Category: *category, Indicator: *indicator, Action: objection.Action(*action), Reason: *reason, FiledBy: *by}, ups)
		if err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "objection %s filed; review due %s\n", o.ID, o.Due)
		return nil
	case "audit":
		trail, err := svc.Trail(ctx, *unitID, id, *limit)
		if err != nil {
			return err
		}
		t := table.Table{Header: []string{"时间", "异议", "事件", "单位", "操作人", "内容", "理由", "之前", "之后"}}
		for _, e := range trail {
			t.Rows = append(t.Rows, []string{e.At.In(document.Shanghai).Format("2006-01-02 15:04:05"), e.ObjectionID, e.Event, e.UnitID, e.Actor, e.What, e.Why, e.Before, e.After})
		}
		return t.Write(g.stdout)
	case "decide":
		r := objection.Ruling{Decision: objection.Decision(*decision), ToUnit: *toUnit, ToSeverity: *severity, Reason: *reason, By: *by}
		if *repairedFrom != "" {
			if r.RepairedFrom, err = time.Parse("2006-01-02", *repairedFrom); err != nil {
				return usageError{fmt.Sprintf("objections decide: -repaired-from %q: want YYYY-MM-DD", *repairedFrom)}
			}
		}
		o, err := svc.Decide(ctx, id, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "objection %s %s\n", o.ID, o.State)
		return nil
	}
	fmt.Fprintln(g.stderr, objectionsUsage)
	return usageError{fmt.Sprintf("objections: unknown verb %q", verb)}
}

// objectionService builds the service with its alerter (for the filer's mail).
func objectionService(e *app.Engine) (*objection.Service, error) {
	a, err := e.Alerter()
	if err != nil {
		return nil, err
	}
	return e.Objections(a)
}
