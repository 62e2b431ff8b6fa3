package store

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func clusterSchema(t *testing.T, cluster string) []string {
	t.Helper()
	out, err := Schema(cluster)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestClusterDDLGolden pins the cluster schema generated from the migrations
// (chdb's TestClusterDDLParses has the engine's parser read every statement).
func TestClusterDDLGolden(t *testing.T) {
	got := strings.Join(clusterSchema(t, "trustwatch"), ";\n\n") + ";\n"
	const path = "testdata/cluster.golden.sql"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("the cluster DDL changed; review it and run go test ./store -run ClusterDDLGolden -update")
	}
}

// TestClusterShape checks what the cluster schema must hold: every table
// replicated on each node and distributed over the shards by unit where it
// has units, everything ON CLUSTER, materialized views on the local tables.
func TestClusterShape(t *testing.T) {
	var tables, dist, replicatedN int
	for _, st := range clusterSchema(t, "c1") {
		if !strings.HasPrefix(st, "INSERT") && !strings.Contains(st, "ON CLUSTER 'c1'") {
			t.Errorf("not on the cluster: %.80s", st)
		}
		switch {
		case strings.Contains(st, "ENGINE = Replicated"):
			replicatedN++
			if !strings.Contains(st, "'/clickhouse/tables/{shard}/trustwatch/") || !strings.Contains(st, "'{replica}'") {
				t.Errorf("no Keeper path with macros: %.120s", st)
			}
		case strings.Contains(st, "ENGINE = Distributed('c1', trustwatch, "):
			dist++
		case strings.HasPrefix(st, "CREATE MATERIALIZED VIEW"):
			if !strings.Contains(st, LocalSuffix+" AS") || !strings.Contains(st, "FROM trustwatch.documents"+LocalSuffix) {
				t.Errorf("a materialized view not on the local tables: %s", st)
			}
		}
		if strings.HasPrefix(st, "CREATE TABLE") {
			tables++
		}
		if strings.Contains(st, "Distributed(") && strings.Contains(st, "signals_local") && !strings.Contains(st, "cityHash64(unit_id)") {
			t.Errorf("signals not sharded by unit: %s", st)
		}
	}
	if replicatedN == 0 || replicatedN != dist || tables != 2*dist {
		t.Fatalf("%d tables: %d replicated, %d distributed; want one of each per table", tables, replicatedN, dist)
	}
	if _, err := ForCluster("DROP TABLE trustwatch.x", "c1"); err == nil {
		t.Fatal("a statement with no cluster form was rewritten anyway")
	}
}
