package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/table"
)

// QueryReadOnly runs an analyst's query (store's read-only policy) with the
// limits as query settings — readonly=1 among them, which the server
// enforces — and writes its rows to w as they arrive. clickhouse-go reads
// Native blocks, so the output format is rendered here: TabSeparatedWithNames
// (TSVWithNames), CSVWithNames, JSONEachRow, or a text table for Pretty*.
func (b *Backend) QueryReadOnly(ctx context.Context, query, format string, lim store.Limits, w io.Writer) error {
	stmt, err := store.CheckReadOnly(query)
	if err != nil {
		return err
	}
	out, err := newRowWriter(format, w)
	if err != nil {
		return err
	}
	settings := clickhouse.Settings{}
	for _, kv := range lim.Settings() {
		settings[kv[0]] = kv[1]
	}
	rows, err := b.conn.Query(clickhouse.Context(ctx, clickhouse.WithSettings(settings)), stmt)
	if err != nil {
		return wrap(err)
	}
	defer rows.Close()
	cts := rows.ColumnTypes()
	names := make([]string, len(cts))
	for i, ct := range cts {
		names[i] = ct.Name()
	}
	if err := out.header(names); err != nil {
		return err
	}
	for rows.Next() {
		row, err := scanRow(rows, cts)
		if err != nil {
			return err
		}
		if err := out.row(row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	return out.flush()
}

// rowWriter renders rows in one output format.
type rowWriter struct {
	format string
	w      io.Writer
	csv    *csv.Writer
	names  []string
	pretty table.Table
}

func newRowWriter(format string, w io.Writer) (*rowWriter, error) {
	f := strings.ToLower(format)
	switch {
	case f == "tsvwithnames" || f == "tabseparatedwithnames":
		return &rowWriter{format: "tsv", w: w}, nil
	case f == "csvwithnames":
		cw := csv.NewWriter(w)
		return &rowWriter{format: "csv", w: w, csv: cw}, nil
	case f == "jsoneachrow":
		return &rowWriter{format: "json", w: w}, nil
	case strings.HasPrefix(f, "pretty"):
		return &rowWriter{format: "pretty", w: w}, nil
	}
	return nil, fmt.Errorf("format %s: with a ClickHouse server, use TSVWithNames, CSVWithNames, JSONEachRow or Pretty", format)
}

// prettyBlock is how many rows a Pretty table holds before it is printed.
const prettyBlock = 1000

func (r *rowWriter) header(names []string) error {
	r.names = names
	switch r.format {
	case "tsv":
		_, err := io.WriteString(r.w, strings.Join(names, "\t")+"\n")
		return err
	case "csv":
		return r.csv.Write(names)
	}
	return nil
}

func (r *rowWriter) row(row []any) error {
	cells := make([]string, len(row))
	for i, v := range row {
		cells[i] = cell(v)
	}
	switch r.format {
	case "tsv":
		_, err := io.WriteString(r.w, strings.Join(cells, "\t")+"\n")
		return err
	case "csv":
		return r.csv.Write(cells)
	case "json":
		obj := make(map[string]any, len(row))
		for i, v := range row {
			obj[r.names[i]] = v
		}
		return json.NewEncoder(r.w).Encode(obj)
	}
	r.pretty.Rows = append(r.pretty.Rows, cells)
	if len(r.pretty.Rows) >= prettyBlock {
		return r.flush()
	}
	return nil
}

func (r *rowWriter) flush() error {
	switch r.format {
	case "csv":
		r.csv.Flush()
		return r.csv.Error()
	case "pretty":
		if len(r.pretty.Rows) == 0 {
			return nil
		}
		r.pretty.Header = r.names
		err := r.pretty.Write(r.w)
		r.pretty.Rows = nil
		return err
	}
	return nil
}

// cell writes a value as TabSeparated would: tabs and newlines escaped.
func cell(v any) string {
	s := fmt.Sprint(v)
	return strings.NewReplacer("\\", "\\\\", "\t", "\\t", "\n", "\\n").Replace(s)
}
