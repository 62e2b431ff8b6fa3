package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration is one versioned schema change: migrations/NNNN_name.sql, its
// statements separated by lines ending in ";".
type Migration struct {
	Version    int
	Name       string
	Statements []string
}

// Migrations returns the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, f := range files {
		m, err := parseMigration(f)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations: version %d used twice", out[i].Version)
		}
	}
	return out, nil
}

func parseMigration(file string) (Migration, error) {
	base := strings.TrimSuffix(path.Base(file), ".sql")
	num, name, ok := strings.Cut(base, "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil {
		return Migration{}, fmt.Errorf("migration %s: name must be NNNN_name.sql", file)
	}
	raw, err := migrationFS.ReadFile(file)
	if err != nil {
		return Migration{}, err
	}
	return Migration{Version: v, Name: name, Statements: splitStatements(string(raw))}, nil
}

// splitStatements splits on ";" at the end of a line, dropping "--" comment
// lines, so statements may span lines and hold ";" inside string literals.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// Migrate applies the migrations not yet recorded in schema_migrations and
// returns how many it applied. Each statement is idempotent (IF NOT EXISTS),
// so a migration interrupted half-way is simply applied again.
//
// schema_migrations alone is not trusted: every table and view the
// migrations create must exist afterwards. When one is missing (dropped by
// hand, or a data directory half restored) every migration is applied again
// in order, which recreates it empty; `trustwatch ingest -from-beginning`
// then refills it from Kafka.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	n, err := s.migrate(ctx)
	if err != nil {
		return n, err
	}
	ms, _ := Migrations() // parsed once already by migrate
	missing, err := s.Missing(ctx, ms)
	if err != nil || len(missing) == 0 {
		return n, err
	}
	for _, m := range ms {
		if err := s.apply(ctx, m); err != nil {
			return n, fmt.Errorf("recreate missing %v: %w", missing, err)
		}
	}
	if still, err := s.Missing(ctx, ms); err != nil || len(still) > 0 {
		return n, errors.Join(err, fmt.Errorf("tables still missing after re-applying every migration: %v", still))
	}
	return n + len(missing), nil
}

// createdRe finds the objects a migration creates.
var createdRe = regexp.MustCompile(`(?i)^CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?` + Database + `\.(\w+)`)

// createdFnRe finds the SQL functions a migration creates (they belong to
// no database).
var createdFnRe = regexp.MustCompile(`(?i)^CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)`)

// Missing lists the tables, views and functions the migrations create that
// the store lacks.
func (s *Store) Missing(ctx context.Context, ms []Migration) ([]string, error) {
	var rows []struct {
		Name string `json:"name"`
	}
	if err := s.SelectInto(ctx, "SELECT name FROM system.tables WHERE database = "+Quote(Database), &rows); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var fns []struct {
		Name string `json:"name"`
	}
	if err := s.SelectInto(ctx, "SELECT name FROM system.functions WHERE origin = 'SQLUserDefined'", &fns); err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	have := map[string]bool{}
	for _, r := range append(rows, fns...) {
		have[r.Name] = true
	}
	var missing []string
	seen := map[string]bool{}
	for _, m := range ms {
		stmts, err := s.statements(m.Statements)
		if err != nil {
			return nil, err
		}
		for _, st := range stmts {
			g := createdRe.FindStringSubmatch(strings.TrimSpace(st))
			if g == nil {
				g = createdFnRe.FindStringSubmatch(strings.TrimSpace(st))
			}
			if g != nil && !have[g[1]] && !seen[g[1]] {
				missing = append(missing, g[1])
				seen[g[1]] = true
			}
		}
	}
	return missing, nil
}

func (s *Store) migrate(ctx context.Context) (int, error) {
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	if err := s.bootstrap(ctx); err != nil {
		return 0, err
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// statements are a migration's statements for this store: rewritten for
// its cluster, if any.
func (s *Store) statements(in []string) ([]string, error) {
	if s.Cluster == "" {
		return in, nil
	}
	var out []string
	for _, st := range in {
		c, err := ForCluster(st, s.Cluster)
		if err != nil {
			return nil, err
		}
		out = append(out, c...)
	}
	return out, nil
}

func (s *Store) bootstrap(ctx context.Context) error {
	stmts, err := s.statements(bootstrapStatements)
	if err != nil {
		return err
	}
	for _, q := range stmts {
		if err := s.Exec(ctx, q); err != nil {
			return fmt.Errorf("bootstrap schema_migrations: %w", err)
		}
	}
	return nil
}

// bootstrapStatements create the database and the record of migrations.
var bootstrapStatements = []string{
	"CREATE DATABASE IF NOT EXISTS " + Database,
	"CREATE TABLE IF NOT EXISTS " + Database + `.schema_migrations (
  version UInt32 COMMENT '迁移版本 migration version',
  name String COMMENT '迁移名称 migration name',
  applied_at DateTime64(3, 'UTC') COMMENT '应用时间 applied at'
) ENGINE = ReplacingMergeTree ORDER BY version COMMENT '已应用的表结构迁移 schema migrations applied'`,
}

func (s *Store) appliedVersions(ctx context.Context) (map[int]bool, error) {
	var rows []struct {
		Version int `json:"version"`
	}
	if err := s.SelectInto(ctx, "SELECT DISTINCT version FROM "+Database+".schema_migrations", &rows); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	out := make(map[int]bool, len(rows))
	for _, r := range rows {
		out[r.Version] = true
	}
	return out, nil
}

func (s *Store) apply(ctx context.Context, m Migration) error {
	stmts, err := s.statements(m.Statements)
	if err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	for i, stmt := range stmts {
		if err := s.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("apply migration %04d_%s statement %d: %w", m.Version, m.Name, i+1, err)
		}
	}
	row := []any{uint32(m.Version), m.Name, time.Now().UTC()}
	if err := s.Insert(ctx, Database+".schema_migrations", []string{"version", "name", "applied_at"}, [][]any{row}); err != nil {
		return fmt.Errorf("record migration %04d: %w", m.Version, err)
	}
	return nil
}
