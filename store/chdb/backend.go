package chdb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/trustwatch/trustwatch/store"
)

// Backend is the store.Backend of the embedded engine.
type Backend struct {
	s *Session

	mu      sync.Mutex
	readers map[string]*Session // read-only connections by their settings
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
	// JSONCompactEachRow: one JSON array per row, in column order — no key
	// names to encode or parse.
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
