package config

import (
	"fmt"
	"reflect"
	"slices"
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

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// collector gathers problems for one file.
type collector struct {
	file string
	ps   Problems
}

func (c *collector) add(path, format string, a ...any) {
	c.ps = append(c.ps, Problem{File: c.file, Path: path, Msg: fmt.Sprintf(format, a...)})
}

func (c *collector) addLine(path string, line int, format string, a ...any) {
	c.ps = append(c.ps, Problem{File: c.file, Path: path, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// decodeStrict decodes YAML into v, reporting unknown keys and type errors by
// field path. yaml.v3's KnownFields stops at the first unknown key and names
// only a Go type, so the tree is checked against v's type first.
func decodeStrict(c *collector, data []byte, v any) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		c.add("", "invalid YAML: %v", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	if len(root.Content) == 0 {
		c.add("", "empty file")
		return
	}
	doc := root.Content[0]
	checkFields(c, doc, reflect.TypeOf(v).Elem(), "")
	if err := doc.Decode(v); err != nil {
		reportDecodeError(c, err)
	}
}

func reportDecodeError(c *collector, err error) {
	if te, ok := err.(*yaml.TypeError); ok {
		for _, e := range te.Errors {
			c.add("", "%s", e)
		}
		return
	}
	c.add("", "%v", err)
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
			checkFields(c, val, ft, join(path, key.Value))
		}
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			checkFields(c, item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			checkFields(c, n.Content[i+1], t.Elem(), join(path, n.Content[i].Value))
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
