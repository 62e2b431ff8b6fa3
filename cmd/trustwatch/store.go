package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/table"
)

const storeUsage = `usage: trustwatch store status | exec "STATEMENT" | serve [-addr host:port] | ddl [-cluster name]
  status  the store: engine, tables and their rows, tables missing
  ddl     print every statement the migrations run — for one node, or the
          replicated, sharded schema of a cluster (default clickhouse.cluster)
  serve   own the embedded engine and serve it over ClickHouse's HTTP
          interface to the other services (clickhouse: {addrs: [addr],
          protocol: http}), with /healthz, /readyz and /metrics
  exec    run one statement that may change the store (operators only;
          analysts use the read-only trustwatch sql)`

// cmdStore is the operators' door to the store: what is in it, and the
// writes that trustwatch sql refuses, one statement at a time.
func cmdStore(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 || isHelp(args[0]) || slices.ContainsFunc(args, isHelp) && strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(g.stdout, storeUsage)
		if len(args) == 0 {
			return usageError{"store: give status or exec"}
		}
		return errHelp
	}
	verb := args[0]
	fs := g.flags("store " + verb)
	var addr, cluster *string
	switch verb {
	case "serve":
		addr = fs.String("addr", "", "listen on host:port (default store.addr of the config)")
	case "ddl":
		cluster = fs.String("cluster", "", "the cluster's name (default clickhouse.cluster of the config; none: one node)")
	}
	if err := g.parse(fs, args[1:]); err != nil {
		return err
	}
	switch verb {
	case "status":
		if err := noArgs(fs); err != nil {
			return err
		}
		return storeStatus(ctx, g)
	case "exec":
		return storeExec(ctx, g, strings.TrimSpace(strings.Join(fs.Args(), " ")))
	case "serve":
		if err := noArgs(fs); err != nil {
			return err
		}
		return storeServe(ctx, g, *addr)
	case "ddl":
		if err := noArgs(fs); err != nil {
			return err
		}
		return storeDDL(g, *cluster)
	}
	return usageError{storeUsage}
}

func storeStatus(ctx context.Context, g *globals) error {
	e, err := g.engine(ctx) // opening migrates, and recreates what is missing
	if err != nil {
		return err
	}
	defer e.Close()
	fmt.Fprintf(g.stdout, "%s\n\n", e.Store.Describe())
	var rows []struct {
		Name   string `json:"name"`
		Engine string `json:"engine"`
		Rows   int64  `json:"rows"`
	}
	q := "SELECT name, engine, toInt64(ifNull(total_rows, 0)) AS rows FROM system.tables WHERE database = " + store.Quote(store.Database) + " ORDER BY name"
	if err := e.Store.SelectInto(ctx, q, &rows); err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	t := table.Table{Header: []string{"table", "engine", "rows"}, Right: map[int]bool{2: true}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Name, r.Engine, fmt.Sprint(r.Rows)})
	}
	return t.Write(g.stdout)
}

func storeExec(ctx context.Context, g *globals, q string) error {
	if q == "" {
		return usageError{storeUsage}
	}
	stmt, err := store.SingleStatement(q)
	if err != nil {
		return usageError{err.Error()}
	}
	e, err := g.engine(ctx)
	if err != nil {
		return err
	}
	defer e.Close()
	g.log.Warn("operator statement", "store", e.Store.Describe(), "sql", stmt)
	if err := e.Store.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("exec: %w", err)
	}
	fmt.Fprintln(g.stdout, "ok")
	return nil
}

// storeServe runs until interrupted: the one process that owns the embedded
// engine, serving it to the others.
func storeServe(ctx context.Context, g *globals, addr string) error {
	cfg, err := g.load()
	if err != nil {
		return err
	}
	e, err := app.OpenEmbedded(ctx, cfg, g.log)
	if err != nil {
		return err
	}
	defer e.Close()
	h, err := e.StoreHandler()
	if err != nil {
		return err
	}
	if addr == "" {
		addr = cfg.Store.Addr
	}
	bound, done, err := e.ServeHTTP(ctx, addr, h)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "store: %s\nserving ClickHouse's HTTP interface on http://%s (Ctrl-C to stop)\n", e.Store.Describe(), bound)
	select {
	case <-ctx.Done():
		return <-done
	case err := <-done:
		return err
	}
}

// storeDDL prints the schema for a DBA's review before it is applied.
func storeDDL(g *globals, cluster string) error {
	if cluster == "" {
		cfg, err := g.load()
		if err != nil {
			return err
		}
		cluster = cfg.ClickHouse.Cluster
	}
	stmts, err := store.Schema(cluster)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		fmt.Fprintf(g.stdout, "%s;\n\n", st)
	}
	return nil
}
