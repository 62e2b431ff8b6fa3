package chhttp

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// insert is an INSERT … FORMAT F statement whose data follows it.
type insert struct {
	table   string
	columns []string // empty: the table's insertable columns
	format  string
}

// insertHead matches INSERT INTO t [(a, b)] FORMAT F, as clickhouse-go
// writes a batch's statement and as people write one for curl.
var insertHead = regexp.MustCompile("(?is)^\\s*INSERT\\s+INTO\\s+(?:TABLE\\s+)?([\\w.`\"]+)\\s*(?:\\(([^()]*)\\))?\\s*(?:SETTINGS\\s+[^()]*?\\s+)?FORMAT\\s+([A-Za-z][A-Za-z0-9]*)")

// parseInsert reads q as an insert whose data is sent apart; ok is false for
// any other statement (INSERT … VALUES (…) and INSERT … SELECT run as they are).
func parseInsert(q string) (insert, bool, error) {
	m := insertHead.FindStringSubmatchIndex(q)
	if m == nil || strings.TrimSpace(q[m[1]:]) != "" {
		return insert{}, false, nil
	}
	ins := insert{table: unquote(q[m[2]:m[3]]), format: q[m[6]:m[7]]}
	if strings.Trim(ins.table, ".") == "" {
		return insert{}, false, errors.New("INSERT: no table name")
	}
	if m[4] >= 0 {
		for _, c := range strings.Split(q[m[4]:m[5]], ",") {
			c = unquote(strings.TrimSpace(c))
			if c == "" {
				return insert{}, false, errors.New("INSERT: an empty column name in the column list")
			}
			ins.columns = append(ins.columns, c)
		}
	}
	return ins, true, nil
}

func unquote(name string) string { return strings.NewReplacer("`", "", `"`, "").Replace(name) }

// readRequest reads the statement — the query parameter, then the body — and,
// for writers, the data of an insert: the body after a query parameter that
// is INSERT … FORMAT F, or the body after such a statement at its start.
// Readers' statements are bounded; writers' data is streamed, not read here.
func readRequest(r *http.Request, writer bool) (string, io.Reader, error) {
	q := strings.TrimSpace(r.URL.Query().Get("query"))
	if r.Method != http.MethodPost {
		return q, nil, nil
	}
	switch enc := r.Header.Get("Content-Encoding"); enc {
	case "", "identity":
	case "gzip": // as clickhouse-go sends with Compression gzip
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return "", nil, fmt.Errorf("gzip body: %w", err)
		}
		r.Body = io.NopCloser(zr)
	default:
		return "", nil, fmt.Errorf("Content-Encoding %s is not supported (gzip is)", enc)
	}
	if writer {
		if _, ok, _ := parseInsert(q); ok {
			return q, r.Body, nil
		}
		if q == "" {
			return splitInsert(r.Body)
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxQuery+1))
	if err != nil {
		return "", nil, err
	}
	if len(body) > maxQuery {
		return "", nil, errors.New("query over 1 MiB")
	}
	return strings.TrimSpace(q + "\n" + string(body)), nil, nil
}

// splitInsert reads a body that may be INSERT … FORMAT F followed by its
// data (ClickHouse starts the data after the format's name and the
// whitespace up to the end of that line), or any one statement.
func splitInsert(body io.Reader) (string, io.Reader, error) {
	br := bufio.NewReaderSize(body, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", nil, err
	}
	if m := insertHead.FindIndex(head); m != nil {
		end := m[1]
		for end < len(head) && (head[end] == ' ' || head[end] == '\t' || head[end] == '\r') {
			end++
		}
		if end < len(head) && head[end] == '\n' {
			end++
		}
		q := string(head[:m[1]])
		if _, err := br.Discard(end); err != nil {
			return "", nil, err
		}
		return strings.TrimSpace(q), br, nil
	}
	all, err := io.ReadAll(io.LimitReader(br, maxQuery+1))
	if err != nil {
		return "", nil, err
	}
	if len(all) > maxQuery {
		return "", nil, errors.New("query over 1 MiB")
	}
	return strings.TrimSpace(string(all)), nil, nil
}
