package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/config"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelp is returned by a command asked for its usage (-h): the usage was
// printed and nothing else runs; the exit code is 0.
var errHelp = errors.New("help requested")

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// command is one subcommand: its flags are parsed from args before run.
type command struct {
	summary string
	run     func(ctx context.Context, g *globals, args []string) error
}

var commands = map[string]command{
	"demo":       {"crawl the offline sample web end to end: Kafka → ClickHouse → ranking → warning email", cmdDemo},
	"analyze":    {"read JSON lines of documents on stdin, write their units and signals as JSON lines", cmdAnalyze},
	"classify":   {"train or evaluate a classifier for your own labels: classify train|eval -data file.csv", cmdClassify},
	"run":        {"run every stage in one process: crawl on an interval, ingest, rank and alert on schedule", cmdRun},
	"crawl":      {"crawl the configured sources once and publish documents to Kafka", cmdCrawl},
	"ingest":     {"consume documents from Kafka into ClickHouse (until interrupted, or idle with -idle)", cmdIngest},
	"schedule":   {"run the scheduled jobs (rankings, reports, alerts) while holding the scheduler's lease; several may run, one leads", cmdSchedule},
	"rank":       {"compute and store the index of a period and both rankings; -explain, -audit, -backfill", cmdRank},
	"alerts":     {"warnings: evaluate, list, show, silence, unsilence, silences, ack", cmdAlerts},
	"serve":      {"serve the evaluator's desk (rankings, units, warnings, sources, exports) and acknowledgement links", cmdServe},
	"users":      {"users hash < password: a bcrypt hash for configs/users.yaml", cmdUsers},
	"objections": {"异议: file, list, show, decide and audit objections to records (scores follow, the published ranking stays)", cmdObjections},
	"report":     {"write the half-year or annual evaluation report (HTML, and PDF with chromium): report -period 2026-H1", cmdReport},
	"findings":   {"findings -period 2026-10: backdated 双公示 decisions and bursts of old decisions published just before a period closed", cmdFindings},
	"watch":      {"watch the 权力和责任清单: versions, last real update, stale lists, what changed (a diff) and broken links", cmdWatch},
	"export":     {"export records -period 2026-H1: 政务失信记录 for 信用郑州/信用河南/信用中国 (CSV or JSON, Chinese field names, data dictionary)", cmdExport},
	"sql":        {"run a read-only query against the ClickHouse store (one statement, limited time and rows)", cmdSQL},
	"store":      {"store status | exec STATEMENT: the store's tables, and operators' writes", cmdStore},
	"sampleweb":  {"serve the offline sample web until interrupted", cmdSampleWeb},
	"config":     {"config check: load and validate the configuration, report every problem", cmdConfig},
	"version":    {"print the version", cmdVersion},
}

// globals are the flags every subcommand accepts, and its outputs.
type globals struct {
	summary    string // what the subcommand does, for its usage
	configPath string
	verbose    bool
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	log        *slog.Logger
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr, configPath: defaultConfig(),
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	args, err := g.splitGlobal(args)
	if err != nil {
		usage(stderr)
		return err
	}
	if len(args) == 0 || isHelp(args[0]) {
		usage(stdout)
		return nil
	}
	if args[0] == "help" { // trustwatch help CMD is trustwatch CMD -h
		if len(args) == 1 {
			usage(stdout)
			return nil
		}
		args = []string{args[1], "-h"}
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	g.summary = cmd.summary
	err = cmd.run(ctx, g, args[1:])
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

// splitGlobal takes the global flags (-config FILE, -v) that stand before the
// command, so `trustwatch -config x sql …` works; they become the defaults of
// the command's own flags, which may set them again.
func (g *globals) splitGlobal(args []string) ([]string, error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		switch {
		case name == "v" && !hasValue:
			g.verbose, args = true, args[1:]
		case name == "config" && hasValue:
			g.configPath, args = value, args[1:]
		case name == "config" && len(args) > 1:
			g.configPath, args = args[1], args[2:]
		case name == "config":
			return nil, usageError{"flag needs an argument: -config"}
		default:
			return nil, usageError{fmt.Sprintf("unknown global flag %s (global flags: -config FILE, -v; others follow the command)", args[0])}
		}
	}
	return args, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "trustwatch — 政务诚信监测预警引擎 (government integrity monitoring and early warning)\n\nusage: trustwatch <command> [-config configs/trustwatch.yaml] [-v] [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}

// flags returns a flag set with the global flags bound to g.
func (g *globals) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("trustwatch "+name, flag.ContinueOnError)
	fs.SetOutput(g.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: trustwatch %s [flags]\n  %s\n\nflags:\n", name, g.summary)
		fs.PrintDefaults()
	}
	fs.StringVar(&g.configPath, "config", g.configPath, "configuration file (default configs/trustwatch.yaml, or $TRUSTWATCH_CONFIG)")
	fs.BoolVar(&g.verbose, "v", g.verbose, "log progress (info level) to stderr")
	return fs
}

func defaultConfig() string {
	if p := os.Getenv("TRUSTWATCH_CONFIG"); p != "" {
		return p
	}
	return "configs/trustwatch.yaml"
}

func (g *globals) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp // the flag package printed the usage
		}
		return usageError{err.Error()}
	}
	level := slog.LevelWarn
	if g.verbose {
		level = slog.LevelInfo
	}
	g.log = slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: level}))
	return nil
}

func (g *globals) load() (*config.Config, error) {
	cfg, err := config.Load(g.configPath, nil)
	if err != nil {
		var ps config.Problems
		if errors.As(err, &ps) {
			return nil, fmt.Errorf("configuration has %d problem(s):\n%s", len(ps), indent(ps.Error()))
		}
		return nil, err
	}
	return cfg, nil
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

// open parses the flags, refusing positional arguments, and opens the engine.
func (g *globals) open(ctx context.Context, fs *flag.FlagSet, args []string) (*app.Engine, error) {
	if err := g.parse(fs, args); err != nil {
		return nil, err
	}
	if err := noArgs(fs); err != nil {
		return nil, err
	}
	return g.engine(ctx)
}

// engine loads the configuration and opens the engine.
func (g *globals) engine(ctx context.Context) (*app.Engine, error) {
	cfg, err := g.load()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg, g.log)
}

func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected arguments %v", fs.Name(), fs.Args())}
	}
	return nil
}
