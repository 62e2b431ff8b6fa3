package config

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong in a configuration file.
type Problem struct {
	File string // the file, as given
	Path string // field path within it, e.g. alerts.rules[2].level
	Line int    // line in the file, when known
	Msg  string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Path != "" {
		b.WriteString(": " + p.Path)
	}
	return b.String() + ": " + p.Msg
}

// Problems is every problem found in a configuration; it is the error Load
// returns, so all of them are reported at once.
type Problems []Problem

// sorted orders problems by file (in the order files were read), then line,
// then field path, so that every run reports them in the same order.
func (ps Problems) sorted() Problems {
	rank := map[string]int{}
	for _, p := range ps {
		if _, ok := rank[p.File]; !ok {
			rank[p.File] = len(rank)
		}
	}
	out := slices.Clone(ps)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.File] != rank[b.File] {
			return rank[a.File] < rank[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Path < b.Path
	})
	return out
}

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// collector gathers problems for one file. lines maps the field paths of
// the file to the lines they stand on, so a problem found after decoding —
// in validation — still names its line.
type collector struct {
	file  string
	ps    Problems
	lines map[string]int
}

func (c *collector) add(path, format string, a ...any) {
	c.ps = append(c.ps, Problem{File: c.file, Path: path, Line: c.line(path), Msg: fmt.Sprintf(format, a...)})
}

// line is where path, or the nearest enclosing field, stands; 0 if unknown.
func (c *collector) line(path string) int {
	for p := path; p != ""; p = parent(p) {
		if n, ok := c.lines[p]; ok {
			return n
		}
	}
	return 0
}

// parent drops the last element of a field path: a.b[2].c → a.b[2] → a.b → a.
func parent(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

func (c *collector) addLine(path string, line int, format string, a ...any) {
	c.ps = append(c.ps, Problem{File: c.file, Path: path, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// readStrict reads a file and decodes it strictly into v; false (with the
// problem recorded) when it cannot be read or is not YAML.
func readStrict(c *collector, file string, v any) bool {
	data, err := os.ReadFile(file)
	if err != nil {
		c.add("", "read: %v", err)
		return false
	}
	return decodeStrict(c, data, v)
}

// decodeStrict decodes YAML into v (and reports whether the file was YAML at all), reporting unknown keys and type errors by
// field path. yaml.v3's KnownFields stops at the first unknown key and names
// only a Go type, so the tree is checked against v's type first.
func decodeStrict(c *collector, data []byte, v any) bool {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := lineOf(strings.TrimPrefix(err.Error(), "yaml: "))
		c.addLine("", line, "invalid YAML: %s", msg)
		return false
	}
	if len(root.Content) == 0 {
		c.add("", "empty file")
		return false
	}
	doc := root.Content[0]
	if c.lines == nil {
		c.lines = map[string]int{}
	}
	checkFields(c, doc, reflect.TypeOf(v).Elem(), "")
	if err := doc.Decode(v); err != nil {
		reportDecodeError(c, err)
	}
	return true
}

var lineRe = regexp.MustCompile(`^line (\d+): `)

// lineOf splits yaml.v3's "line N: message" into its parts.
func lineOf(msg string) (int, string) {
	m := lineRe.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	n, _ := strconv.Atoi(m[1])
	return n, msg[len(m[0]):]
}

// reportDecodeError names each type error by its field path, found from its
// line: yaml.v3 reports "line 7: cannot unmarshal !!str `x` into int".
func reportDecodeError(c *collector, err error) {
	te, ok := err.(*yaml.TypeError)
	if !ok {
		c.add("", "%v", err)
		return
	}
	byLine := map[int]string{}
	for p, n := range c.lines {
		if q, ok := byLine[n]; !ok || len(p) > len(q) {
			byLine[n] = p // the deepest path on the line
		}
	}
	for _, e := range te.Errors {
		line, msg := lineOf(e)
		c.addLine(byLine[line], line, "%s", msg)
	}
}

// checkFields walks n against type t and reports keys that t has no field for.
func checkFields(c *collector, n *yaml.Node, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			ft, ok := fields[key.Value]
			if !ok {
				c.addLine(join(path, key.Value), key.Line, "unknown field (want one of %s)", strings.Join(sortedKeys(fields), ", "))
				continue
			}
			c.lines[join(path, key.Value)] = key.Line
			checkFields(c, val, ft, join(path, key.Value))
		}
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			c.lines[p] = item.Line
			checkFields(c, item, t.Elem(), p)
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := join(path, n.Content[i].Value)
			c.lines[p] = n.Content[i].Line
			checkFields(c, n.Content[i+1], t.Elem(), p)
		}
	}
}

func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

func sortedKeys(m map[string]reflect.Type) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
