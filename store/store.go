// Package store is TrustWatch's ClickHouse storage: one SQL dialect and one set
// of versioned migrations (migrations/*.sql) over two backends — the embedded
// chDB engine (store/chdb) and a ClickHouse server through clickhouse-go
// (store/server).
//
// It owns the schema, the migrations and the row <-> table plumbing. It does
// not decide what rows mean: ingest writes documents and signals, analytics
// writes rankings, alerts writes warnings, each with its own SQL.
package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Database is the ClickHouse database that holds every TrustWatch table.
const Database = "trustwatch"

// Backend is what a ClickHouse engine offers the store.
type Backend interface {
	// Exec runs a statement that returns no rows (DDL, INSERT … SELECT).
	Exec(ctx context.Context, query string) error
	// Select runs a query and returns all its rows.
	Select(ctx context.Context, query string) (*Table, error)
	// Insert appends rows to table; each row holds one Go value per column
	// (string, time.Time, Date, uintN/intN, float64, []string, map[string]string).
	Insert(ctx context.Context, table string, columns []string, rows [][]any) error
	// Describe says which engine this is and where its data lives.
	Describe() string
	Close() error
}

// Date is a calendar day for a Date column: backends write it without a
// time of day or zone, which Date columns refuse.
type Date struct{ time.Time }

// Day returns the calendar day of t in t's location.
func Day(t time.Time) Date {
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// Table is a query result: column names and types, and rows of values as
// decoded from the engine (strings, json.Number or numbers, time.Time, slices).
type Table struct {
	Columns []string
	Types   []string
	Rows    [][]any
}

// Store is the TrustWatch database on one backend.
type Store struct {
	Backend
	// Cluster, when set, is the ClickHouse cluster the migrations create a
	// replicated, sharded schema on (ForCluster).
	Cluster string
}

// New wraps a backend; call Migrate before use.
func New(b Backend) *Store { return &Store{Backend: b} }

// SelectInto runs query and decodes its rows into dest, a pointer to a slice
// of structs whose json tags name the columns.
func (s *Store) SelectInto(ctx context.Context, query string, dest any) error {
	t, err := s.Select(ctx, query)
	if err != nil {
		return err
	}
	return t.Decode(dest)
}

// Decode converts the rows into dest (a pointer to a slice of structs with json
// tags) through JSON, which both backends' values encode to.
func (t *Table) Decode(dest any) error {
	objs := make([]map[string]any, len(t.Rows))
	for i, row := range t.Rows {
		obj := make(map[string]any, len(row))
		for j, v := range row {
			obj[t.Columns[j]] = v
		}
		objs[i] = obj
	}
	raw, err := json.Marshal(objs)
	if err != nil {
		return fmt.Errorf("encode rows: %w", err)
	}
	if err := json.Unmarshal(raw, dest); err != nil {
		return fmt.Errorf("decode rows: %w", err)
	}
	return nil
}

// Count runs a query returning one number and returns it.
func (s *Store) Count(ctx context.Context, query string) (int64, error) {
	var rows []struct {
		N json.Number `json:"n"`
	}
	if err := s.SelectInto(ctx, query, &rows); err != nil {
		return 0, err
	}
	if len(rows) != 1 {
		return 0, fmt.Errorf("count: want 1 row, got %d (alias the value as n)", len(rows))
	}
	return rows[0].N.Int64()
}

// Quote returns s as a ClickHouse string literal.
func Quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '\''))
}
