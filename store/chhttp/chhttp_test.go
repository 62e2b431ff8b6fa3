package chhttp_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chdb"
	"github.com/trustwatch/trustwatch/store/chhttp"
	"github.com/trustwatch/trustwatch/store/server"
)

// serve starts the handler over a fresh engine with a writer (w/w-pw), a
// reader (r/r-pw) and a user who may not query (x/x-pw).
func serve(t *testing.T) (*httptest.Server, *chdb.Backend) {
	t.Helper()
	b, err := chdb.OpenBackend(t.TempDir())
	if errors.Is(err, chdb.ErrNoLibrary) && os.Getenv("TRUSTWATCH_REQUIRE_CHDB") == "" {
		t.Skipf("embedded ClickHouse unavailable: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	roles := map[string]chhttp.Role{"w": chhttp.Writer, "r": chhttp.Reader, "x": chhttp.Denied}
	h := &chhttp.Handler{Store: store.New(b), DeniedMessage: "not you",
		Authenticate: func(_ *http.Request, name, pw string) (chhttp.Caller, bool) {
			role, ok := roles[name]
			return chhttp.Caller{Name: name, Role: role}, ok && pw == name+"-pw"
		}}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, b
}

func do(t *testing.T, srv *httptest.Server, user, params, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/?"+params, strings.NewReader(body))
	if user != "" {
		req.SetBasicAuth(user, user+"-pw")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestWritersAndReaders writes through the interface as curl would — DDL,
// inserts with their data after the statement or after a query parameter —
// and checks what readers, other users and strangers get.
func TestWritersAndReaders(t *testing.T) {
	srv, _ := serve(t)
	steps := []struct {
		user, params, body string
		code               int
		want               string
	}{
		{"w", "", "CREATE DATABASE IF NOT EXISTS trustwatch", 200, ""},
		{"w", "", "CREATE TABLE trustwatch.t (id UInt32, name String, tags Array(String)) ENGINE = MergeTree ORDER BY id", 200, ""},
		{"w", "", "INSERT INTO trustwatch.t FORMAT TabSeparated\n1\t金水区\t['a']\n2\t中牟县\t[]\n", 200, ""},
		{"w", url.Values{"query": {"INSERT INTO trustwatch.t (id, name) FORMAT JSONEachRow"}}.Encode(), `{"id":3,"name":"惠济区"}`, 200, ""},
		{"w", "", "INSERT INTO trustwatch.t (id, name) VALUES (4, '新郑市')", 200, ""},
		{"r", "", "SELECT count(), groupArray(name) FROM (SELECT name FROM trustwatch.t ORDER BY id)", 200, "4\t['金水区','中牟县','惠济区','新郑市']\n"},
		{"r", "default_format=JSONEachRow", "SELECT id FROM trustwatch.t WHERE has(tags, 'a')", 200, "{\"id\":1}\n"},
		{"r", "", "DESCRIBE TABLE trustwatch.t", 200, "id\tUInt32"},
		{"r", "", "INSERT INTO trustwatch.t FORMAT TabSeparated\n5\tx\t[]\n", 403, "READONLY"},
		{"r", "", "DROP TABLE trustwatch.t", 403, "READONLY"},
		{"x", "", "SELECT 1", 403, "ACCESS_DENIED"},
		{"", "", "SELECT 1", 401, "AUTHENTICATION_FAILED"},
		{"w", "", "SELECT * FROM trustwatch.nothing", 400, "Code: 60"},
		{"w", "", "INSERT INTO trustwatch.t (nope) FORMAT TabSeparated\n1\n", 400, "nope"},
		{"w", "database=elsewhere", "SELECT 1", 404, "UNKNOWN_DATABASE"},
		// A service passing an analyst's query on asks read-only: refused as a reader is.
		{"w", "readonly=1&max_result_rows=10", "DROP TABLE trustwatch.t", 403, "READONLY"},
		{"w", "readonly=1", "SELECT * FROM file('/etc/passwd')", 403, "READONLY"},
		{"w", "readonly=1&max_result_rows=2", "SELECT number FROM numbers(10)", 400, "Limit for result exceeded"},
		{"w", "readonly=1", "SELECT count() FROM trustwatch.t", 200, "4\n"},
		{"w", "", "", 400, "Empty query"},
	}
	for _, s := range steps {
		code, body := do(t, srv, s.user, s.params, s.body)
		if code != s.code || !strings.Contains(body, s.want) {
			t.Errorf("%s %q: %d %q; want %d containing %q", s.user, s.body, code, body, s.code, s.want)
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte("INSERT INTO trustwatch.t (id, name) FORMAT TabSeparated\n5\t登封市\n"))
	zw.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", &gz)
	req.Header.Set("Content-Encoding", "gzip")
	req.SetBasicAuth("w", "w-pw")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("gzip insert: %v %v", resp, err)
	}
	if code, body := do(t, srv, "r", "", "SELECT name FROM trustwatch.t WHERE id = 5"); code != 200 || body != "登封市\n" {
		t.Errorf("after the gzip insert: %d %q", code, body)
	}
	resp, err := http.Get(srv.URL + "/ping")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "Ok.\n" {
		t.Errorf("/ping: %q", b)
	}
}

// TestServerBackendWritesThrough stores rows of every type TrustWatch
// writes through clickhouse-go's HTTP protocol (a Native batch) and reads
// them back through the engine itself.
func TestServerBackendWritesThrough(t *testing.T) {
	srv, engine := serve(t)
	ctx := context.Background()
	sb, err := server.Open(ctx, server.Options{Addrs: []string{srv.Listener.Addr().String()}, HTTP: true, User: "w", Password: "w-pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, q := range []string{"CREATE DATABASE IF NOT EXISTS trustwatch",
		"CREATE TABLE trustwatch.r (id String, day Date, at DateTime64(3, 'UTC'), n UInt32, x Float64, ok UInt8, tags Array(String), f Map(String, String)) ENGINE = MergeTree ORDER BY id"} {
		if err := sb.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 10, 9, 2, 3, 4, 5e6, time.UTC)
	rows := [][]any{
		{"a", store.Day(at), at, uint32(7), 0.25, uint8(1), []string{"金水区", "郑东新区"}, map[string]string{"决定日期": "2026-10-09"}},
		{"b", store.Day(at.AddDate(0, 0, 1)), at.Add(time.Hour), uint32(0), -1.5, uint8(0), []string{}, map[string]string{}},
	}
	if err := sb.Insert(ctx, "trustwatch.r", []string{"id", "day", "at", "n", "x", "ok", "tags", "f"}, rows); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	q := "SELECT id, day, at, n, x, ok, tags, f['决定日期'] FROM trustwatch.r ORDER BY id"
	if err := engine.Stream(ctx, q, "TabSeparated", &got); err != nil {
		t.Fatal(err)
	}
	want := "a\t2026-10-09\t2026-10-09T02:03:04.005Z\t7\t0.25\t1\t['金水区','郑东新区']\t2026-10-09\n" +
		"b\t2026-10-10\t2026-10-09T03:03:04.005Z\t0\t-1.5\t0\t[]\t\n"
	if got.String() != want {
		t.Fatalf("stored\n%s\nwant\n%s", got.String(), want)
	}
	back, err := sb.Select(ctx, "SELECT count() AS c, sum(n) AS s FROM trustwatch.r")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != 1 || fmt.Sprint(back.Rows[0]) != "[2 7]" {
		t.Fatalf("read back over HTTP: %v", back.Rows)
	}
}
