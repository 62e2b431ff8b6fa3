package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/trustwatch/trustwatch/store"
)

// Flaky wraps a real backend and makes it unavailable on demand — the
// store-outage fault of the fault tests. While down, every call fails with
// store.ErrUnavailable and does nothing.
type Flaky struct {
	store.Backend
	down  atomic.Bool
	Calls atomic.Int64 // calls refused while down
	// RejectIf, when set, makes an insert containing a matching row fail as
	// the engine fails on bad data (code 27, CANNOT_PARSE_INPUT).
	RejectIf func(row []any) bool
}

// SetDown makes the store unavailable (true) or available again (false).
func (f *Flaky) SetDown(down bool) { f.down.Store(down) }

func (f *Flaky) refuse() error {
	if f.down.Load() {
		f.Calls.Add(1)
		return fmt.Errorf("injected outage: %w", store.ErrUnavailable)
	}
	return nil
}

func (f *Flaky) Exec(ctx context.Context, q string) error {
	if err := f.refuse(); err != nil {
		return err
	}
	return f.Backend.Exec(ctx, q)
}

func (f *Flaky) Select(ctx context.Context, q string) (*store.Table, error) {
	if err := f.refuse(); err != nil {
		return nil, err
	}
	return f.Backend.Select(ctx, q)
}

func (f *Flaky) Insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if err := f.refuse(); err != nil {
		return err
	}
	for _, r := range rows {
		if f.RejectIf != nil && f.RejectIf(r) {
			return &store.CodeError{Code: 27, Msg: "injected: Code: 27. Cannot parse input"}
		}
	}
	return f.Backend.Insert(ctx, table, cols, rows)
}

// OpenFlaky returns a migrated store whose backend can be taken down.
func OpenFlaky(t testing.TB) (*store.Store, *Flaky) {
	t.Helper()
	s := open(t)
	f := &Flaky{Backend: s.Backend}
	return store.New(f), f
}
