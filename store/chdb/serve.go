package chdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/trustwatch/trustwatch/store"
)

// What `trustwatch store serve` needs of the engine to serve writers on
// other processes (package chhttp): any statement with its output streamed,
// and data in any input format the engine reads.

// Stream runs any statement on the engine's session and writes its output in
// format to w. Writers only: no policy is applied.
func (b *Backend) Stream(ctx context.Context, query, format string, w io.Writer) error {
	return b.s.Stream(ctx, query, format, w)
}

// InsertData inserts data in format (Native, RowBinary, TabSeparated,
// JSONEachRow…) into columns of table — every insertable column when none
// are named — spooled to a file as insertBinary does.
func (b *Backend) InsertData(ctx context.Context, table string, columns []string, format string, data io.Reader) error {
	if len(columns) == 0 {
		var err error
		if columns, err = b.insertable(ctx, table); err != nil {
			return err
		}
	}
	types, err := b.columnTypes(ctx, table, columns)
	if errors.Is(err, errUnsupported) {
		b.forget(table)
		return fmt.Errorf("insert into %s: no such table, or no column among %s", table, strings.Join(columns, ", "))
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	path, err := b.spool(data)
	if err != nil {
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	defer os.Remove(path)
	if err := b.insertFile(ctx, table, columns, types, path, format); err != nil {
		b.forget(table)
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	return nil
}

// insertFile inserts a spooled file of data in format into columns of the
// types given, through the engine's file().
func (b *Backend) insertFile(ctx context.Context, table string, columns, types []string, path, format string) error {
	structure := make([]string, len(columns))
	for i, c := range columns {
		structure[i] = "`" + c + "` " + types[i]
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM file(%s, %s, %s)", table, strings.Join(columns, ", "),
		store.Quote(path), store.Quote(format), store.Quote(strings.Join(structure, ", ")))
	_, err := b.s.Query(ctx, q, "Null")
	return err
}

// splitTable splits db.table; a bare name is TrustWatch's.
func splitTable(table string) (db, name string) {
	db, name, found := strings.Cut(table, ".")
	if !found {
		return store.Database, table
	}
	return db, name
}

// spool writes data to a file under the store's insert-tmp directory: a
// query string cannot carry binary through the C API, so the engine reads
// inserts' data with file().
func (b *Backend) spool(data io.Reader) (string, error) {
	dir := filepath.Join(b.s.Path(), "insert-tmp")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "data-*.bin")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("read the data: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// insertable lists a table's columns an INSERT may name (not MATERIALIZED or
// ALIAS), in table order.
func (b *Backend) insertable(ctx context.Context, table string) ([]string, error) {
	db, name := splitTable(table)
	t, err := b.Select(ctx, fmt.Sprintf("SELECT name FROM system.columns WHERE database = %s AND table = %s AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position",
		store.Quote(db), store.Quote(name)))
	if err != nil {
		return nil, err
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("insert into %s: no such table", table)
	}
	cols := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		cols[i] = fmt.Sprint(r[0])
	}
	return cols, nil
}
