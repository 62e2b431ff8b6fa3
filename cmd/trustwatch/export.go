package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/trustwatch/trustwatch/exchange"
	"github.com/trustwatch/trustwatch/period"
)

const exportUsage = `usage: trustwatch export records -period P [-format csv|json] [-out FILE] [-min-severity N] [-complaints]
       trustwatch export dictionary [-out FILE]

records     the period's 政务失信记录 (one per event, unit and category, with their status after
            objections) in the exchange format of docs/records-format.md, for 信用郑州/信用河南/信用中国
dictionary  the format's data dictionary (CSV)`

// cmdExport writes the records of a period, or the data dictionary.
func cmdExport(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 || args[0] != "records" && args[0] != "dictionary" {
		fmt.Fprintln(g.stdout, exportUsage)
		if slices.ContainsFunc(args, isHelp) {
			return errHelp
		}
		return usageError{"export: give records or dictionary"}
	}
	what, args := args[0], args[1:]
	fs := g.flags("export " + what)
	label := fs.String("period", "", "records: the period, e.g. 2026-H1, 2026, 2026-10 (required)")
	format := fs.String("format", "csv", "records: csv or json")
	out := fs.String("out", "", "file to write (default standard output)")
	minSeverity := fs.Int("min-severity", 4, "records: the least severity exported (4: official records)")
	complaints := fs.Bool("complaints", false, "records: include citizens' complaints (allegations, not records)")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	w, closeOut, err := outputFile(g.stdout, *out)
	if err != nil {
		return err
	}
	defer closeOut()
	if what == "dictionary" {
		return exchange.WriteDictionary(w)
	}
	p, err := period.Parse(*label)
	if err != nil {
		return usageError{fmt.Sprintf("export records: -period %q: %v", *label, err)}
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("export records: -format %q: want csv or json", *format)}
	}
	if *minSeverity < 1 || *minSeverity > 5 {
		return usageError{fmt.Sprintf("export records: -min-severity %d: want 1 to 5", *minSeverity)}
	}
	e, err := g.open(ctx, fs, nil)
	if err != nil {
		return err
	}
	defer e.Close()
	rs, err := exchange.Load(ctx, e.Store, e.Cfg.Loaded.Units, p, exchange.Options{MinSeverity: *minSeverity, Complaints: *complaints})
	if err != nil {
		return err
	}
	if *format == "json" {
		return exchange.WriteJSON(w, p, time.Now(), rs)
	}
	return exchange.WriteCSV(w, rs)
}

// outputFile is the file to write, or standard output.
func outputFile(stdout io.Writer, path string) (io.Writer, func(), error) {
	if path == "" {
		return stdout, func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { _ = f.Close() }, nil
}
