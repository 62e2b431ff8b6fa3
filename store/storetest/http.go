package storetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chdb"
	"github.com/trustwatch/trustwatch/store/chhttp"
	"github.com/trustwatch/trustwatch/store/server"
)

// Writer is the account of the store served in HTTP mode.
const (
	Writer         = "trustwatch"
	WriterPassword = "store-test-password"
)

// Serve serves the engine over ClickHouse's HTTP interface as `trustwatch
// store serve` does, with one writer account; the server stops at the end
// of the test.
func Serve(t testing.TB, b *chdb.Backend) *httptest.Server {
	t.Helper()
	h := &chhttp.Handler{Store: store.New(b), DeniedMessage: "test",
		Authenticate: func(_ *http.Request, name, pw string) (chhttp.Caller, bool) {
			return chhttp.Caller{Name: name, Role: chhttp.Writer}, name == Writer && pw == WriterPassword
		}}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// overHTTP serves b and returns a store on the server backend reaching it
// with clickhouse-go's HTTP protocol. Closing the store closes the engine.
func overHTTP(t testing.TB, b *chdb.Backend) *store.Store {
	t.Helper()
	srv := Serve(t, b)
	sb, err := server.Open(context.Background(), server.Options{Addrs: []string{srv.Listener.Addr().String()}, HTTP: true,
		User: Writer, Password: WriterPassword})
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	return store.New(both{Backend: sb, engine: b})
}

// both closes the client, then the engine behind it.
type both struct {
	*server.Backend
	engine *chdb.Backend
}

func (x both) Close() error {
	x.Backend.Close()
	return x.engine.Close()
}
