package store

import (
	"errors"
	"testing"
)

func TestCheckReadOnly(t *testing.T) {
	for _, tc := range []struct {
		name, query, want string // want "" means refused
	}{
		{"select", "SELECT 1", "SELECT 1"},
		{"trailing semicolon", "SELECT 1 ;  ", "SELECT 1"},
		{"with", "WITH 1 AS x SELECT x", "WITH 1 AS x SELECT x"},
		{"show", "show tables from trustwatch", "show tables from trustwatch"},
		{"describe", "DESCRIBE TABLE trustwatch.documents", "DESCRIBE TABLE trustwatch.documents"},
		{"parenthesised", "(SELECT 1) UNION ALL (SELECT 2)", "(SELECT 1) UNION ALL (SELECT 2)"},
		{"semicolon in a string", "SELECT 'a;b'", "SELECT 'a;b'"},
		{"function name in a string", "SELECT 'file(x)'", "SELECT 'file(x)'"},
		{"url string functions", "SELECT URLHierarchy(url), domain(url) FROM trustwatch.v_documents", "SELECT URLHierarchy(url), domain(url) FROM trustwatch.v_documents"},
		{"column named file", "SELECT file FROM t", "SELECT file FROM t"},
		{"comment holds a semicolon", "SELECT 1 -- ; DROP TABLE x\n", "SELECT 1"},
		{"second statement", "SELECT 1; DROP TABLE trustwatch.job_runs", ""},
		{"second statement after comment", "SELECT 1 /* c */; SELECT 2", ""},
		{"insert", "INSERT INTO trustwatch.documents SELECT * FROM trustwatch.documents", ""},
		{"alter", "ALTER TABLE trustwatch.documents DELETE WHERE 1", ""},
		{"drop", "DROP TABLE trustwatch.job_runs", ""},
		{"system", "SYSTEM SHUTDOWN", ""},
		{"set", "SET readonly = 0", ""},
		{"file table function", "SELECT * FROM file('/etc/shadow', 'LineAsString')", ""},
		{"file with spaces", "SELECT * FROM FILE ('/etc/shadow')", ""},
		{"scalar file", "SELECT file('/etc/hostname')", ""},
		{"url", "SELECT * FROM url('http://127.0.0.1:9000/', 'LineAsString')", ""},
		{"remote", "SELECT * FROM remoteSecure('h:9440', system.one)", ""},
		{"s3", "SELECT * FROM s3Cluster('c', 'https://x/y')", ""},
		{"executable", "SELECT * FROM executable('sh', 'TSV', 'x String')", ""},
		{"into outfile", "SELECT 1 INTO OUTFILE '/tmp/x'", ""},
		{"insert into function", "INSERT INTO FUNCTION file('/tmp/x') SELECT 1", ""},
		{"unterminated string", "SELECT 'abc", ""},
		{"unterminated comment", "SELECT 1 /* x", ""},
		{"empty", " ; ", ""},
		{"nul byte", "SELECT 1\x00; DROP TABLE x", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckReadOnly(tc.query)
			if tc.want == "" {
				if !errors.Is(err, ErrRefused) {
					t.Fatalf("CheckReadOnly(%q) = %q, %v; want refused", tc.query, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("CheckReadOnly(%q) = %q, %v; want %q", tc.query, got, err, tc.want)
			}
		})
	}
}

func FuzzCheckReadOnly(f *testing.F) {
	for _, s := range []string{"SELECT 1", "SELECT 'a;b'; DROP", "/* */ SELECT `x` FROM \"t\" -- c", "SELECT file('x')"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		stmt, err := CheckReadOnly(q)
		if err != nil {
			return
		}
		// An accepted statement is accepted again as it is: the policy is a
		// fixed point, and it never grows a second statement.
		again, err := CheckReadOnly(stmt)
		if err != nil || again != stmt {
			t.Fatalf("accepted %q as %q, which then gives %q, %v", q, stmt, again, err)
		}
	})
}
