package chdb

import (
	"errors"

	"context"
	"flag"
	"github.com/trustwatch/trustwatch/store"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSchemaGolden pins the schema as the engine reports it after every
// migration: a change to the DDL shows up here for review.
func TestSchemaGolden(t *testing.T) {
	requireEngine(t)
	ctx := context.Background()
	b, s := migrated(t)
	var tables []struct {
		Name string `json:"name"`
	}
	if err := s.SelectInto(ctx, "SELECT name FROM system.tables WHERE database = 'trustwatch' ORDER BY name", &tables); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, tb := range tables {
		out, err := b.Session().Query(ctx, "SHOW CREATE TABLE trustwatch."+tb.Name, "TabSeparatedRaw")
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString(strings.TrimSpace(string(out)) + ";\n\n")
	}
	const golden = "testdata/schema.golden.sql"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got.String() != string(want) {
		t.Fatalf("schema differs from %s; review and run go test ./store/chdb -update\n%s", golden, got.String())
	}
}

// TestClusterDDLParses has the engine's own parser read every statement of
// the cluster schema (no cluster runs here to execute them).
func TestClusterDDLParses(t *testing.T) {
	requireEngine(t)
	b, _ := migrated(t)
	stmts, err := store.Schema("trustwatch")
	if err != nil {
		t.Fatal(err)
	}
	var re *store.RefusedError
	if err := b.s.classify("CREATE TABLE t ON CLUSTER ENGINE = Distributed("); !errors.As(err, &re) || !strings.Contains(re.Reason, "cannot parse") {
		t.Fatalf("a broken statement classified as %v: this test could not fail", err)
	}
	for _, st := range stmts {
		err := b.s.classify(st)
		if errors.As(err, &re) && strings.Contains(re.Reason, "cannot parse") {
			t.Errorf("the engine cannot parse:\n%s", st)
		}
	}
}
