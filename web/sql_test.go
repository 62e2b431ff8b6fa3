package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/server"
)

// TestSQLEndpoint queries the desk's ClickHouse-HTTP endpoint as curl and
// as clickhouse-go's HTTP protocol would, and checks it refuses writes,
// files, other roles and bad passwords as ClickHouse would.
func TestSQLEndpoint(t *testing.T) {
	srv, _ := desk(t)
	do := func(method, user, pass, query, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+"/?"+query, strings.NewReader(body))
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	q := url.Values{"query": {"SELECT count() FROM trustwatch.v_index_scores WHERE period = '2026-10' AND unit_group = 'districts'"}}.Encode()
	if code, body := do("GET", "fenxi", "fenxi-2026", q, ""); code != 200 || body != "16\n" {
		t.Fatalf("GET as analyst: %d %q", code, body)
	}
	code, body := do("POST", "fenxi", "fenxi-2026", "default_format=JSONEachRow", "SELECT unit_id, rank FROM trustwatch.v_index_scores WHERE period = '2026-10' AND unit_group = 'districts' ORDER BY rank LIMIT 1")
	if code != 200 || !strings.HasPrefix(body, `{"unit_id":"`) {
		t.Fatalf("POST JSONEachRow: %d %q", code, body)
	}
	for _, tc := range []struct {
		user, pass, query string
		code              int
		want              string
	}{
		{"fenxi", "wrong", "SELECT 1", 401, "AUTHENTICATION_FAILED"},
		{"zhongmou", "zhongmou-2026", "SELECT 1", 403, "ACCESS_DENIED"},
		{"fenxi", "fenxi-2026", "DROP TABLE trustwatch.signals", 403, "READONLY"},
		{"fenxi", "fenxi-2026", "SELECT * FROM file('/etc/passwd')", 403, "READONLY"},
		{"fenxi", "fenxi-2026", "SELECT 1 INTO OUTFILE '/tmp/x'", 403, "READONLY"},
		{"fenxi", "fenxi-2026", "SELECT * FROM trustwatch.no_such_table", 400, "Code:"},
	} {
		code, body := do("POST", tc.user, tc.pass, "", tc.query)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s as %s: %d %q, want %d %s", tc.query, tc.user, code, body, tc.code, tc.want)
		}
	}
	// clickhouse-go over HTTP, the client an analyst's tools use.
	u, _ := url.Parse(srv.URL)
	db := clickhouse.OpenDB(&clickhouse.Options{Protocol: clickhouse.HTTP, Addr: []string{u.Host},
		Auth: clickhouse.Auth{Username: "fenxi", Password: "fenxi-2026"}})
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), "SELECT unit_name, total, rank FROM trustwatch.v_index_scores WHERE period = '2026-10' AND unit_group = 'districts' ORDER BY rank")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name string
		var total float64
		var rank uint16
		if err := rows.Scan(&name, &total, &rank); err != nil {
			t.Fatal(err)
		}
		n++
		if int(rank) != n || name == "" || total <= 0 {
			t.Fatalf("row %d: %s %v %d", n, name, total, rank)
		}
	}
	if err := rows.Err(); err != nil || n != 16 {
		t.Fatalf("clickhouse-go read %d rows, %v", n, err)
	}
	if _, err := db.ExecContext(context.Background(), "INSERT INTO trustwatch.job_runs (job) VALUES ('x')"); err == nil {
		t.Fatal("clickhouse-go inserted through the endpoint")
	}
	// The project's own server backend, over HTTP: its read-only query path.
	b, err := server.Open(context.Background(), server.Options{Addrs: []string{u.Host}, User: "fenxi", Password: "fenxi-2026", HTTP: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var out bytes.Buffer
	if err := b.QueryReadOnly(context.Background(), "SELECT unit_id, rank FROM trustwatch.v_index_scores WHERE period = '2026-10' AND unit_group = 'districts' ORDER BY rank LIMIT 2",
		"TabSeparatedWithNames", store.Limits{}, &out); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 3 || lines[0] != "unit_id\trank" || !strings.HasSuffix(lines[1], "\t1") {
		t.Fatalf("server backend over HTTP: %q", out.String())
	}
}
