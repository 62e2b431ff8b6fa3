// Package server is the store.Backend of a ClickHouse server, reached with
// github.com/ClickHouse/clickhouse-go/v2 over the native protocol, or over
// HTTP.
//
// It owns the connection pool and the mapping of clickhouse-go rows to
// store.Table; the schema and its SQL belong to package store.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/trustwatch/trustwatch/store"
)

// Options say which server to use.
type Options struct {
	Addrs    []string      // host:port of the native protocol; required
	Database string        // default "default"; TrustWatch tables are qualified anyway
	User     string        // default "default"
	Password string        // from the environment variable the config names
	TLS      bool          // connect with TLS
	HTTP     bool          // ClickHouse's HTTP interface instead of the native protocol
	Timeout  time.Duration // dial timeout, default 10s
}

// Backend is a connection pool to one ClickHouse server or cluster.
type Backend struct {
	conn  driver.Conn
	addrs []string
	proto string
}

// Open connects and pings the server.
func Open(ctx context.Context, o Options) (*Backend, error) {
	if len(o.Addrs) == 0 {
		return nil, fmt.Errorf("open clickhouse server: no address")
	}
	opts := &clickhouse.Options{
		Addr: o.Addrs,
		Auth: clickhouse.Auth{Database: o.Database, Username: o.User, Password: o.Password},
		Settings: clickhouse.Settings{
			"date_time_input_format": "best_effort",
		},
		DialTimeout: o.Timeout,
	}
	if o.TLS {
		opts.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if o.HTTP {
		opts.Protocol = clickhouse.HTTP
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("open clickhouse server %v: %w", o.Addrs, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("ping clickhouse server %v: %w", o.Addrs, err)
	}
	proto := "native protocol"
	if o.HTTP {
		proto = "HTTP protocol"
	}
	return &Backend{conn: conn, addrs: o.Addrs, proto: proto}, nil
}

func (b *Backend) Exec(ctx context.Context, query string) error {
	return wrap(b.conn.Exec(ctx, query))
}

// wrap exposes a server exception's code as a store.CodeError.
func wrap(err error) error {
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		return fmt.Errorf("%w", &codeErr{ex: ex})
	}
	return err
}

type codeErr struct{ ex *clickhouse.Exception }

func (e *codeErr) Error() string { return e.ex.Error() }
func (e *codeErr) Unwrap() []error {
	return []error{e.ex, &store.CodeError{Code: int(e.ex.Code), Msg: e.ex.Message}}
}

func (b *Backend) Select(ctx context.Context, query string) (*store.Table, error) {
	rows, err := b.conn.Query(ctx, query)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	t := &store.Table{}
	cts := rows.ColumnTypes()
	for _, ct := range cts {
		t.Columns = append(t.Columns, ct.Name())
		t.Types = append(t.Types, ct.DatabaseTypeName())
	}
	for rows.Next() {
		row, err := scanRow(rows, cts)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, row)
	}
	return t, rows.Err()
}

func scanRow(rows driver.Rows, cts []driver.ColumnType) ([]any, error) {
	ptrs := make([]any, len(cts))
	for i, ct := range cts {
		ptrs[i] = reflect.New(ct.ScanType()).Interface()
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("scan row: %w", err)
	}
	out := make([]any, len(ptrs))
	for i, p := range ptrs {
		out[i] = reflect.ValueOf(p).Elem().Interface()
	}
	return out, nil
}

func (b *Backend) Insert(ctx context.Context, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	batch, err := b.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s (%s)", table, strings.Join(columns, ", ")))
	if err != nil {
		return fmt.Errorf("prepare insert into %s: %w", table, err)
	}
	for i, row := range rows {
		if err := batch.Append(plain(row)...); err != nil {
			batch.Abort()
			return fmt.Errorf("insert into %s: row %d: %w", table, i, err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("insert into %s: %w", table, wrap(err))
	}
	return nil
}

func (b *Backend) Describe() string {
	return fmt.Sprintf("ClickHouse server at %s (clickhouse-go %s)", strings.Join(b.addrs, ","), b.proto)
}

func (b *Backend) Close() error { return b.conn.Close() }

var (
	_ store.Backend         = (*Backend)(nil)
	_ store.ReadOnlyQuerier = (*Backend)(nil)
)

// plain converts store.Date to the time.Time clickhouse-go expects for Date.
func plain(row []any) []any {
	out := row
	for i, v := range row {
		if d, ok := v.(store.Date); ok {
			if &out[0] == &row[0] {
				out = append([]any(nil), row...)
			}
			out[i] = d.Time
		}
	}
	return out
}
