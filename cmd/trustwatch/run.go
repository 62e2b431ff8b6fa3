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
	"demo":      {"crawl the offline sample web end to end: Kafka → ClickHouse → ranking → warning email", cmdDemo},
	"analyze":   {"read JSON lines of documents on stdin, write their units and signals as JSON lines", cmdAnalyze},
	"classify":  {"train or evaluate a classifier for your own labels: classify train|eval -data file.csv", cmdClassify},
	"run":       {"run every stage in one process: crawl on an interval, ingest, rank and alert on schedule", cmdRun},
	"crawl":     {"crawl the configured sources once and publish documents to Kafka", cmdCrawl},
	"ingest":    {"consume documents from Kafka into ClickHouse (until interrupted, or idle with -idle)", cmdIngest},
	"rank":      {"compute and store the ranking of a month (default: the latest with data)", cmdRank},
	"alerts":    {"raise and send warnings for the latest stored ranking of a month", cmdAlerts},
	"sql":       {"run a query against the configured ClickHouse store and print a table", cmdSQL},
	"sampleweb": {"serve the offline sample web until interrupted", cmdSampleWeb},
	"config":    {"config check: load and validate the configuration, report every problem", cmdConfig},
	"version":   {"print the version", cmdVersion},
}

// globals are the flags every subcommand accepts, and its outputs.
type globals struct {
	configPath string
	verbose    bool
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	log        *slog.Logger
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr}
	return cmd.run(ctx, g, args[1:])
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
	fs.StringVar(&g.configPath, "config", defaultConfig(), "configuration file")
	fs.BoolVar(&g.verbose, "v", false, "log progress (info level) to stderr")
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
			return nil
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
