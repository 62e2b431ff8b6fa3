// Package storetest opens a real, migrated TrustWatch store for tests: the
// chDB engine in a temporary directory. Tests skip when libchdb is absent,
// unless TRUSTWATCH_REQUIRE_CHDB is set (make test sets it), when they fail.
//
// With TRUSTWATCH_STORE_BACKEND=http the store is the same engine behind a
// real protocol: served over ClickHouse's HTTP interface (package chhttp, as
// `trustwatch store serve` serves it) and reached with the server backend
// through clickhouse-go's HTTP protocol — migrations, inserts, queries and
// all. make test runs the store's users a second time that way.
package storetest

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chdb"
)

// Open returns a migrated store closed at the end of the test. chDB allows
// one session per process: tests using it must not run in parallel.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return open(t)
}

func open(t testing.TB) *store.Store {
	t.Helper()
	b, err := chdb.OpenBackend(t.TempDir())
	if errors.Is(err, chdb.ErrNoLibrary) && os.Getenv("TRUSTWATCH_REQUIRE_CHDB") == "" {
		t.Skipf("embedded ClickHouse unavailable: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var s *store.Store
	if os.Getenv("TRUSTWATCH_STORE_BACKEND") == "http" {
		s = overHTTP(t, b)
	} else {
		s = store.New(b)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
