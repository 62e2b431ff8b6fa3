package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/analytics"
	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/report"
)

const alertsUsage = `usage: trustwatch alerts <verb> [flags]

verbs:
  evaluate   [-period YYYY-MM]  test the rules on a month's ranking (default the latest) and the live
             rules now; store the warnings, plan and send the mails due
  list       [-all] [-rule R] [-unit U] [-level L]   firing warnings (all: resolved too)
  show       FINGERPRINT        one warning: figures, evidence, history, mails
  silence    -rule R | -unit U | -level L  -for 24h | -until 2026-12-31T18:00  -reason TEXT -by NAME
  unsilence  ID -by NAME
  silences   [-all]             silences in force (all: expired and revoked too)
  ack        FINGERPRINT -by NAME   acknowledge a warning (no more repeats or escalation)`

func cmdAlerts(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 || isHelp(args[0]) || strings.HasPrefix(args[0], "-") && slices.ContainsFunc(args, isHelp) {
		fmt.Fprintln(g.stdout, alertsUsage)
		if len(args) == 0 {
			return usageError{"alerts: give a verb"}
		}
		return errHelp
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(g.stderr, alertsUsage)
		return usageError{"alerts: the verb comes first: trustwatch alerts list -unit zhongmou"}
	}
	verb, args := args[0], args[1:]
	f, ok := alertVerbs[verb]
	if !ok {
		fmt.Fprintln(g.stderr, alertsUsage)
		return usageError{fmt.Sprintf("alerts: unknown verb %q", verb)}
	}
	return f(ctx, g, args)
}

var alertVerbs = map[string]func(context.Context, *globals, []string) error{
	"evaluate":  alertsEvaluate,
	"list":      alertsList,
	"show":      alertsShow,
	"silence":   alertsSilence,
	"unsilence": alertsUnsilence,
	"silences":  alertsSilences,
	"ack":       alertsAck,
}

// alerter parses the flags (wanting n positional arguments) and opens the
// engine and its alerter; the caller closes the engine.
func (g *globals) alerter(ctx context.Context, fs *flag.FlagSet, args []string, n int) (*app.Engine, *alerts.Alerter, error) {
	if err := g.parse(fs, args); err != nil {
		return nil, nil, err
	}
	if fs.NArg() != n {
		return nil, nil, usageError{fmt.Sprintf("%s: want %d argument(s), got %v", fs.Name(), n, fs.Args())}
	}
	e, err := g.engine(ctx)
	if err != nil {
		return nil, nil, err
	}
	a, err := e.Alerter()
	if err != nil {
		e.Close()
		return nil, nil, err
	}
	return e, a, nil
}

func alertsEvaluate(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts evaluate")
	month := fs.String("period", "", "month, YYYY-MM (default: the latest ranked)")
	e, a, err := g.alerter(ctx, fs, args, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	var res alerts.Result
	if run, err := analytics.LoadRun(ctx, e.Store, *month); err == nil {
		if res, err = a.Evaluate(ctx, run); err != nil {
			return err
		}
	} else if *month != "" {
		return err
	}
	tick, err := a.Tick(ctx, true)
	if err != nil {
		return err
	}
	res.Add(tick)
	fmt.Fprintf(g.stdout, "%d firing, %d raised, %d resolved; %d mails stored, %d sent, %d failed (retried by the next evaluation)\n",
		res.Firing, len(res.Raised), len(res.Resolved), len(res.Planned), res.Sent, res.Failed)
	return nil
}

func alertsList(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts list")
	all := fs.Bool("all", false, "resolved warnings too")
	ruleName := fs.String("rule", "", "only this rule")
	unitID := fs.String("unit", "", "only this unit id")
	level := fs.String("level", "", "only this level (红, 橙, 黄, 蓝)")
	e, a, err := g.alerter(ctx, fs, args, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	ws, err := a.Warnings(ctx, *all, *ruleName, *unitID, rule.Level(*level))
	if err != nil {
		return err
	}
	return report.Warnings(g.stdout, ws)
}

func alertsShow(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts show")
	e, a, err := g.alerter(ctx, fs, args, 1)
	if err != nil {
		return err
	}
	defer e.Close()
	w, hist, err := a.Warning(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	ns, err := a.Notifications(ctx, w.Fingerprint)
	if err != nil {
		return err
	}
	return report.Warning(g.stdout, w, hist, ns)
}

func alertsSilence(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts silence")
	var s alerts.Silence
	fs.StringVar(&s.Rule, "rule", "", "silence this rule's warnings")
	fs.StringVar(&s.UnitID, "unit", "", "silence this unit's warnings")
	level := fs.String("level", "", "silence warnings of this level")
	forD := fs.Duration("for", 0, "how long, e.g. 24h")
	until := fs.String("until", "", "until when, YYYY-MM-DDTHH:MM in 郑州 time")
	fs.StringVar(&s.Reason, "reason", "", "why (required)")
	fs.StringVar(&s.Creator, "by", "", "who silences (required)")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	s.Level = rule.Level(*level)
	switch {
	case (*forD > 0) == (*until != ""):
		return usageError{"alerts silence: give one of -for and -until"}
	case *forD > 0:
		s.EndsAt = time.Now().Add(*forD)
	default:
		t, err := time.ParseInLocation("2006-01-02T15:04", *until, document.Shanghai)
		if err != nil {
			return usageError{fmt.Sprintf("-until %q: want YYYY-MM-DDTHH:MM", *until)}
		}
		s.EndsAt = t
	}
	e, a, err := g.alerter(ctx, fs, nil, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	if s, err = a.Silence(ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "silence %s until %s\n", s.ID, s.EndsAt.Format(time.RFC3339))
	return nil
}

func alertsUnsilence(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts unsilence")
	by := fs.String("by", "", "who revokes (required)")
	id, rest := splitID(args)
	e, a, err := g.alerter(ctx, fs, rest, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	if id == "" {
		return usageError{"alerts unsilence: give the silence id"}
	}
	s, err := a.Unsilence(ctx, id, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "silence %s revoked by %s\n", s.ID, s.RevokedBy)
	return nil
}

func alertsSilences(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts silences")
	all := fs.Bool("all", false, "expired and revoked silences too")
	e, a, err := g.alerter(ctx, fs, args, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	ss, err := a.Silences(ctx, *all)
	if err != nil {
		return err
	}
	return report.Silences(g.stdout, ss)
}

func alertsAck(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("alerts ack")
	by := fs.String("by", "", "who acknowledges (required)")
	fp, rest := splitID(args)
	e, a, err := g.alerter(ctx, fs, rest, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	if fp == "" {
		return usageError{"alerts ack: give the warning's fingerprint"}
	}
	w, err := a.AckFingerprint(ctx, fp, *by, "命令行")
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "warning %s acknowledged by %s\n", w.Fingerprint, w.AckedBy)
	return nil
}

// splitID takes the one positional argument (an id) from anywhere among
// the flags, so `ack ID -by x` and `ack -by x ID` both work (flags with a
// value are written "-name value" or "-name=value").
func splitID(args []string) (string, []string) {
	for i, a := range args {
		prev := ""
		if i > 0 {
			prev = args[i-1]
		}
		// A word is the id unless it is the value of the flag before it.
		if !strings.HasPrefix(a, "-") && (!strings.HasPrefix(prev, "-") || strings.Contains(prev, "=") || slices.Contains([]string{"-v", "--v", "-all", "--all"}, prev)) {
			return a, slices.Delete(slices.Clone(args), i, i+1)
		}
	}
	return "", args
}
