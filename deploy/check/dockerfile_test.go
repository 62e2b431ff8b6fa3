package check

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// TestDockerfile parses deploy/Dockerfile with BuildKit's own parser and
// runs its linter (every rule, the experimental ones too): no warning. Then
// it checks what the image must be: multi-stage, a static build, non-root.
func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	res, err := parser.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		t.Errorf("parser: %s (line %d)", w.Short, w.Location.Start.Line)
	}
	var warnings []string
	lint := linter.New(&linter.Config{ExperimentalAll: true, Warn: func(rule, desc, url, msg string, loc []parser.Range) {
		warnings = append(warnings, rule+": "+msg)
	}})
	stages, _, err := instructions.Parse(res.AST, lint)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("lint %s", w)
	}
	if len(stages) < 3 {
		t.Fatalf("%d stages; want build, libchdb and runtime", len(stages))
	}
	final := stages[len(stages)-1]
	var user string
	var entry []string
	for _, c := range final.Commands {
		switch c := c.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.EntrypointCommand:
			entry = c.CmdLine
			if c.PrependShell {
				t.Error("ENTRYPOINT in shell form: signals would not reach trustwatch")
			}
		}
	}
	if user == "" || strings.HasPrefix(user, "root") || user == "0" {
		t.Errorf("the image runs as %q; want a non-root user", user)
	}
	if len(entry) != 1 || entry[0] != "/usr/local/bin/trustwatch" {
		t.Errorf("ENTRYPOINT %v", entry)
	}
	if !strings.Contains(string(raw), "CGO_ENABLED=0") {
		t.Error("the build is not static (CGO_ENABLED=0)")
	}
}
