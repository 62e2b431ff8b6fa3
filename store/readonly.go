package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// This file is the one policy for analysts' SQL — `trustwatch sql` and, later,
// the ClickHouse-HTTP endpoint of the web application. It has three layers,
// so that one slip does not open the store:
//
//  1. CheckReadOnly, here: one statement, starting as a query does (SELECT,
//     WITH, SHOW, DESCRIBE, EXPLAIN, EXISTS), no INTO OUTFILE, and no function
//     that reaches files, URLs, other servers or processes (file, url, remote,
//     s3, executable …). readonly=1 stops table functions but not the scalar
//     file('/etc/passwd') nor INTO OUTFILE, which the client side writes.
//  2. The backend's own parser where it has one (chDB classifies the statement
//     before running it).
//  3. The engine: the query runs with readonly=1, which ClickHouse enforces
//     on every write, DDL and settings change (including SETTINGS clauses that
//     would lift the limits below), with max_execution_time and result limits.

// Limits bound one analyst query; zero fields take the defaults.
type Limits struct {
	MaxExecutionTime time.Duration // default 60s
	MaxResultRows    int64         // default 1,000,000
	MaxResultBytes   int64         // default 1 GiB
}

func (l Limits) withDefaults() Limits {
	if l.MaxExecutionTime <= 0 {
		l.MaxExecutionTime = time.Minute
	}
	if l.MaxResultRows <= 0 {
		l.MaxResultRows = 1_000_000
	}
	if l.MaxResultBytes <= 0 {
		l.MaxResultBytes = 1 << 30
	}
	return l
}

// Settings are the ClickHouse settings that enforce the limits, in a stable
// order: readonly=1 first.
func (l Limits) Settings() [][2]string {
	l = l.withDefaults()
	return [][2]string{
		{"readonly", "1"},
		{"max_execution_time", strconv.FormatFloat(l.MaxExecutionTime.Seconds(), 'f', -1, 64)},
		{"max_result_rows", strconv.FormatInt(l.MaxResultRows, 10)},
		{"max_result_bytes", strconv.FormatInt(l.MaxResultBytes, 10)},
		{"result_overflow_mode", "throw"},
	}
}

// ReadOnlyQuerier is a backend that runs analysts' queries under Limits,
// writing the result in a ClickHouse output format to w as it is produced
// rather than holding it all in memory.
type ReadOnlyQuerier interface {
	QueryReadOnly(ctx context.Context, query, format string, lim Limits, w io.Writer) error
}

// QueryReadOnly runs an analyst's query under the read-only policy, if the
// backend can.
func (s *Store) QueryReadOnly(ctx context.Context, query, format string, lim Limits, w io.Writer) error {
	ro, ok := s.Backend.(ReadOnlyQuerier)
	if !ok {
		return fmt.Errorf("%s cannot run analysts' queries", s.Describe())
	}
	return ro.QueryReadOnly(ctx, query, format, lim, w)
}

// ErrRefused is wrapped by every refusal of the read-only policy.
var ErrRefused = errors.New("refused by the read-only policy")

// RefusedError says why a query was refused.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "query refused: " + e.Reason }
func (e *RefusedError) Unwrap() error { return ErrRefused }

func refuse(format string, a ...any) error { return &RefusedError{Reason: fmt.Sprintf(format, a...)} }

// queryKeywords may start an analyst's statement.
var queryKeywords = map[string]bool{"select": true, "with": true, "show": true, "describe": true, "desc": true, "explain": true, "exists": true}

// deniedFunctions name the functions (table or scalar) that reach outside
// the database: files, URLs, other databases and servers, object stores,
// processes. Families match by prefix, case-insensitively, so variants
// (s3Cluster, remoteSecure, hdfsCluster) are covered; a few short names match
// exactly, so that string functions such as URLHierarchy stay usable.
var (
	deniedFunctionPrefixes = []string{
		"remote", "s3", "gcs", "hdfs", "azure", "iceberg", "deltalake", "hudi", "paimon", "mysql", "postgresql",
		"mongodb", "redis", "sqlite", "jdbc", "odbc", "executable", "cluster", "arrowflight", "ytsaurus",
	}
	deniedFunctionNames = map[string]bool{
		"file": true, "filecluster": true, "url": true, "urlcluster": true, "input": true, "oss": true, "cos": true,
		"merge": true, "loop": true, "dictionary": true,
	}
)

// SingleStatement returns the one statement query holds, without a trailing
// semicolon, or refuses a second one: operators' writes (trustwatch store
// exec) run one statement at a time too.
func SingleStatement(query string) (string, error) {
	stmt, _, err := statement(query)
	return stmt, err
}

// CheckReadOnly applies the policy's first layer to query and returns the
// single statement it holds, without a trailing semicolon.
func CheckReadOnly(query string) (string, error) {
	if strings.IndexByte(query, 0) >= 0 {
		return "", refuse("NUL byte in query")
	}
	stmt, toks, err := statement(query)
	if err != nil {
		return "", err
	}
	if first := toks[0]; first.text != "(" && (first.kind != tokWord || !queryKeywords[strings.ToLower(first.text)]) {
		return "", refuse("only queries may run here (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN, EXISTS), not %s", strings.ToUpper(first.text))
	}
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		low := strings.ToLower(t.text)
		if low == "outfile" {
			return "", refuse("INTO OUTFILE writes a file")
		}
		if i+1 < len(toks) && toks[i+1].text == "(" && deniedFunction(low) {
			return "", refuse("function %s reaches outside the database", t.text)
		}
	}
	return stmt, nil
}

func deniedFunction(name string) bool {
	if deniedFunctionNames[name] {
		return true
	}
	for _, p := range deniedFunctionPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// statement lexes query and returns its one statement, as text and as
// tokens without the trailing semicolons, refusing an empty query and a
// second statement.
func statement(query string) (string, []token, error) {
	toks, err := lex(query)
	if err != nil {
		return "", nil, refuse("%v", err)
	}
	for len(toks) > 0 && toks[len(toks)-1].text == ";" {
		toks = toks[:len(toks)-1]
	}
	for _, t := range toks {
		if t.text == ";" {
			return "", nil, refuse("one statement at a time (a second one follows the ';' at byte %d)", t.pos)
		}
	}
	if len(toks) == 0 {
		return "", nil, refuse("empty query")
	}
	last := toks[len(toks)-1]
	return strings.TrimSpace(query[:last.pos+len(last.text)]), toks, nil
}

type tokKind int

const (
	tokWord   tokKind = iota // keyword or bare identifier
	tokQuoted                // 'string', "identifier" or `identifier`
	tokPunct                 // anything else, one byte at a time
)

type token struct {
	kind tokKind
	text string
	pos  int
}

// lex splits SQL into words, quoted literals and punctuation, dropping
// comments (--, #, /* */) — enough to find statements and function calls,
// which is all the policy needs.
func lex(q string) ([]token, error) {
	var out []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && strings.HasPrefix(q[i:], "--"), c == '#':
			i = lineEnd(q, i)
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("unterminated comment at byte %d", i)
			}
			i += end + 4
		case c == '\'' || c == '"' || c == '`':
			end, err := quoteEnd(q, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{tokQuoted, q[i:end], i})
			i = end
		case isWordByte(c):
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			out = append(out, token{tokWord, q[i:j], i})
			i = j
		default:
			out = append(out, token{tokPunct, q[i : i+1], i})
			i++
		}
	}
	return out, nil
}

func lineEnd(q string, i int) int {
	if j := strings.IndexByte(q[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(q)
}

// quoteEnd returns the index after the quote that closes the one at i;
// a backslash escapes, and a doubled quote stands for itself.
func quoteEnd(q string, i int) (int, error) {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			j++
		case quote:
			if j+1 < len(q) && q[j+1] == quote {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated %c at byte %d", quote, i)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
