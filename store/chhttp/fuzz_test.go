package chhttp

import (
	"io"
	"strings"
	"testing"
)

// FuzzReadRequest feeds the request parsers bodies from the outside world:
// they never panic, an insert they accept names a table and a format, and
// the data they hand on is exactly what followed the statement's line.
func FuzzReadRequest(f *testing.F) {
	for _, s := range []string{
		"INSERT INTO trustwatch.t FORMAT TabSeparated\n1\ta\n",
		"INSERT INTO `trustwatch`.`t` (`a`, b) FORMAT Native",
		"insert into t (a,b) settings async_insert=1 format JSONEachRow {\"a\":1}",
		"INSERT INTO t VALUES (1)",
		"SELECT 1 FORMAT JSON",
		"INSERT INTO t () FORMAT CSV\n",
		"INSERT INTO t FORMAT",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if ins, ok, err := parseInsert(body); ok && (err != nil || ins.table == "" || ins.format == "") {
			t.Fatalf("parseInsert(%q) = %+v, %v, %v", body, ins, ok, err)
		}
		q, data, err := splitInsert(strings.NewReader(body))
		if err != nil {
			return
		}
		if data == nil {
			if strings.TrimSpace(body) != q {
				t.Fatalf("statement %q from body %q", q, body)
			}
			return
		}
		rest, _ := io.ReadAll(data)
		if !strings.HasSuffix(body, string(rest)) || !strings.Contains(body, q) {
			t.Fatalf("split %q into %q + %q", body, q, rest)
		}
	})
}
