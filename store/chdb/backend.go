package chdb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/trustwatch/trustwatch/store"
)

// Backend is the store.Backend of the embedded engine.
type Backend struct {
	s *Session

	mu      sync.Mutex
	readers map[string]*Session          // read-only connections by their settings
	types   map[string]map[string]string // table → column → type, for RowBinary inserts
}

// engineSettings are given to the engine at start so every query of both
// backends reads and prints values the same way: numbers as JSON numbers,
// times as ISO 8601, and inserted times parsed with their offsets.
var engineSettings = []string{
	"--output_format_json_quote_64bit_integers=0",
	"--output_format_json_quote_decimals=0",
	"--date_time_output_format=iso",
	"--date_time_input_format=best_effort",
}

// OpenBackend starts the engine on dir.
func OpenBackend(dir string) (*Backend, error) {
	s, err := open(dir, engineSettings)
	if err != nil {
		return nil, err
	}
	return &Backend{s: s}, nil
}

// Session gives access to the raw engine session (benchmarks, diagnostics).
func (b *Backend) Session() *Session { return b.s }

func (b *Backend) Exec(ctx context.Context, query string) error {
	_, err := b.s.Query(ctx, query, "Null")
	return err
}

func (b *Backend) Select(ctx context.Context, query string) (*store.Table, error) {
	out, err := b.s.Query(ctx, query, "JSONCompact")
	if err != nil {
		return nil, err
	}
	return decodeJSONCompact(out)
}

func decodeJSONCompact(out []byte) (*store.Table, error) {
	t := &store.Table{}
	if len(bytes.TrimSpace(out)) == 0 {
		return t, nil
	}
	var res struct {
		Meta []struct{ Name, Type string } `json:"meta"`
		Data [][]any                       `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("decode chdb JSONCompact output: %w", err)
	}
	for _, m := range res.Meta {
		t.Columns = append(t.Columns, m.Name)
		t.Types = append(t.Types, m.Type)
	}
	t.Rows = res.Data
	return t, nil
}

func (b *Backend) Insert(ctx context.Context, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	switch err := b.insertBinary(ctx, table, columns, rows); {
	case err == nil:
		return nil
	case !errors.Is(err, errUnsupported):
		b.forget(table) // a table recreated with other columns: read them again next time
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	return b.insertJSON(ctx, table, columns, rows)
}

// forget drops a table's cached column types.
func (b *Backend) forget(table string) {
	b.mu.Lock()
	delete(b.types, table)
	b.mu.Unlock()
}

// insertJSON inserts rows as JSONCompactEachRow: one JSON array per row, in
// column order — no key names to encode or parse. It takes any value
// encoding/json can write; RowBinary is tried first.
func (b *Backend) insertJSON(ctx context.Context, table string, columns []string, rows [][]any) error {
	buf := fmt.Appendf(make([]byte, 0, 1024*len(rows)), "INSERT INTO %s (%s) FORMAT JSONCompactEachRow\n", table, strings.Join(columns, ", "))
	for i, row := range rows {
		if len(row) != len(columns) {
			return fmt.Errorf("insert into %s: row %d has %d values for %d columns", table, i, len(row), len(columns))
		}
		var err error
		if buf, err = appendRow(buf, row); err != nil {
			return fmt.Errorf("insert into %s: row %d: %w", table, i, err)
		}
	}
	_, err := b.s.Query(ctx, string(buf), "Null")
	if err != nil {
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	return nil
}

func (b *Backend) Describe() string {
	return fmt.Sprintf("chDB (embedded ClickHouse engine, %s) with data in %s", b.s.Library(), b.s.Path())
}

// Close closes the read-only connections, then the engine's session.
func (b *Backend) Close() error {
	b.mu.Lock()
	for k, r := range b.readers {
		r.Close()
		delete(b.readers, k)
	}
	b.mu.Unlock()
	return b.s.Close()
}

var (
	_ store.Backend         = (*Backend)(nil)
	_ store.ReadOnlyQuerier = (*Backend)(nil)
)

// insertBinary inserts rows in RowBinary: written to a file beside the data
// and read by the engine's file() function, since a query string cannot
// carry binary data through the C API. errUnsupported sends the caller to
// the JSON path.
func (b *Backend) insertBinary(ctx context.Context, table string, columns []string, rows [][]any) error {
	types, err := b.columnTypes(ctx, table, columns)
	if err != nil {
		return err
	}
	data, err := encodeRows(types, rows)
	if err != nil {
		return err
	}
	path, err := b.spool(bytes.NewReader(data))
	if err != nil {
		return err
	}
	defer os.Remove(path)
	return b.insertFile(ctx, table, columns, types, path, "RowBinary")
}

// columnTypes reads (once per table) the types of the columns named; a
// column it does not find is errUnsupported.
func (b *Backend) columnTypes(ctx context.Context, table string, columns []string) ([]string, error) {
	b.mu.Lock()
	cols, ok := b.types[table]
	b.mu.Unlock()
	if !ok {
		db, name := splitTable(table)
		out, err := b.s.Query(ctx, fmt.Sprintf("SELECT name, type FROM system.columns WHERE database = %s AND table = %s",
			store.Quote(db), store.Quote(name)), "JSONCompact")
		if err != nil {
			return nil, err
		}
		t, err := decodeJSONCompact(out)
		if err != nil {
			return nil, err
		}
		cols = map[string]string{}
		for _, r := range t.Rows {
			cols[fmt.Sprint(r[0])] = fmt.Sprint(r[1])
		}
		b.mu.Lock()
		if b.types == nil {
			b.types = map[string]map[string]string{}
		}
		b.types[table] = cols
		b.mu.Unlock()
	}
	types := make([]string, len(columns))
	for i, c := range columns {
		if types[i], ok = cols[c]; !ok {
			return nil, errUnsupported
		}
	}
	return types, nil
}
