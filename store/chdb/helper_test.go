package chdb

import (
	"context"
	"testing"

	"github.com/trustwatch/trustwatch/store"
)

// migrated opens a backend in a temporary directory with the schema applied.
func migrated(t testing.TB) (*Backend, *store.Store) {
	t.Helper()
	if err := load(); err != nil {
		t.Skip(err)
	}
	b, err := OpenBackend(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	s := store.New(b)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b, s
}
