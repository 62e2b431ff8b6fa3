package store

import (
	"fmt"
	"regexp"
	"strings"
)

// On a ClickHouse cluster (clickhouse.cluster) the same migrations create a
// replicated, sharded schema. Each statement is rewritten, not written twice:
//
//   - a table T becomes T_local on every node — Replicated<engine> with its
//     Keeper path /clickhouse/tables/{shard}/trustwatch/T_local and
//     {replica}, the node's macros — and T, a Distributed table over the
//     T_local of every shard, which everything reads and writes as before;
//   - the shard key is cityHash64(unit_id) when unit_id is in the table's
//     sorting key, else cityHash64 of the key's first column: rows a
//     Replacing/Aggregating engine merges are always on one shard, so
//     FINAL and argMax views stay exact;
//   - a materialized view reads and writes the local tables (each shard
//     feeds its own), and everything is created ON CLUSTER.
//
// Views JOIN and IN across Distributed tables: the cluster's users need
// distributed_product_mode = 'global' (docs/deploy.md has the profile).

// LocalSuffix names a table's shard-local part on a cluster.
const LocalSuffix = "_local"

var (
	createTableRe = regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+` + Database + `\.(\w+)\s*\((.*)\)\s*ENGINE\s*=\s*(\w+)(\([^)]*\))?\s*(.*)$`)
	orderByRe     = regexp.MustCompile(`(?is)^ORDER\s+BY\s+(\([^)]*\)|\w+)`)
	alterRe       = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+` + Database + `\.(\w+)\s+(.*)$`)
	mvRe          = regexp.MustCompile(`(?is)^CREATE\s+MATERIALIZED\s+VIEW\s+IF\s+NOT\s+EXISTS\s+` + Database + `\.(\w+)\s+TO\s+` + Database + `\.(\w+)\s+AS\s+(.*)$`)
	onClusterRe   = regexp.MustCompile(`(?is)^(CREATE\s+(?:OR\s+REPLACE\s+)?(?:VIEW|FUNCTION|DATABASE)\s+(?:IF\s+NOT\s+EXISTS\s+)?[\w.]+)(.*)$`)
	fromTableRe   = regexp.MustCompile(`(?i)\b(FROM|JOIN)\s+` + Database + `\.(\w+)\b`)
)

// ForCluster rewrites one migration statement for cluster; with no cluster
// it is the statement itself.
func ForCluster(stmt, cluster string) ([]string, error) {
	if cluster == "" {
		return []string{stmt}, nil
	}
	on := " ON CLUSTER " + Quote(cluster)
	s := strings.TrimSpace(stmt)
	if m := createTableRe.FindStringSubmatch(s); m != nil {
		return replicated(m, cluster, on)
	}
	if m := mvRe.FindStringSubmatch(s); m != nil {
		sel := fromTableRe.ReplaceAllString(m[3], "$1 "+Database+".${2}"+LocalSuffix)
		return []string{fmt.Sprintf("CREATE MATERIALIZED VIEW IF NOT EXISTS %s.%s%s TO %s.%s%s AS %s", Database, m[1], on, Database, m[2], LocalSuffix, sel)}, nil
	}
	if m := alterRe.FindStringSubmatch(s); m != nil {
		return []string{
			fmt.Sprintf("ALTER TABLE %s.%s%s%s %s", Database, m[1], LocalSuffix, on, m[2]),
			fmt.Sprintf("ALTER TABLE %s.%s%s %s", Database, m[1], on, m[2]),
		}, nil
	}
	if m := onClusterRe.FindStringSubmatch(s); m != nil {
		return []string{m[1] + on + m[2]}, nil
	}
	if strings.HasPrefix(strings.ToUpper(s), "INSERT INTO") {
		return []string{s}, nil // a backfill, once, through the Distributed tables
	}
	return nil, fmt.Errorf("no cluster form for the statement %.60q", s)
}

// replicated writes T_local (replicated) and T (distributed over the shards).
func replicated(m []string, cluster, on string) ([]string, error) {
	name, columns, engine, args, rest := m[1], m[2], m[3], m[4], strings.TrimSpace(m[5])
	if !strings.HasSuffix(engine, "MergeTree") {
		return nil, fmt.Errorf("table %s: no replicated form of engine %s", name, engine)
	}
	key, err := shardKey(name, columns, rest)
	if err != nil {
		return nil, err
	}
	path := Quote("/clickhouse/tables/{shard}/" + Database + "/" + name + LocalSuffix)
	params := path + ", '{replica}'"
	if inner := strings.Trim(args, "()"); strings.TrimSpace(inner) != "" {
		params += ", " + inner
	}
	local := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s%s%s (%s) ENGINE = Replicated%s(%s)\n%s",
		Database, name, LocalSuffix, on, columns, engine, params, rest)
	comment := ""
	if i := strings.Index(rest, "COMMENT '"); i >= 0 {
		comment = "\n" + rest[i:]
	}
	dist := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s%s AS %s.%s%s\nENGINE = Distributed(%s, %s, %s%s, %s)%s",
		Database, name, on, Database, name, LocalSuffix, Quote(cluster), Database, name, LocalSuffix, key, comment)
	return []string{local, dist}, nil
}

// shardKey is cityHash64(unit_id) when the sorting key has unit_id, else
// cityHash64 of its first column.
func shardKey(name, columns, rest string) (string, error) {
	m := orderByRe.FindStringSubmatch(rest)
	if m == nil {
		return "", fmt.Errorf("table %s: no ORDER BY to shard by", name)
	}
	cols := strings.Split(strings.Trim(m[1], "()"), ",")
	for _, c := range cols {
		if strings.TrimSpace(c) == "unit_id" {
			return "cityHash64(unit_id)", nil
		}
	}
	first := strings.TrimSpace(cols[0])
	if first == "" {
		return "", fmt.Errorf("table %s: an empty ORDER BY", name)
	}
	return "cityHash64(" + first + ")", nil
}

// Schema is every statement the migrations run, in order, for cluster (""
// for one node): what `trustwatch store ddl` prints for review.
func Schema(cluster string) ([]string, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	s := &Store{Cluster: cluster}
	out, err := s.statements(bootstrapStatements)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		st, err := s.statements(m.Statements)
		if err != nil {
			return nil, err
		}
		out = append(out, st...)
	}
	return out, nil
}
