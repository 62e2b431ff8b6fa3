package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/app"
)

// cmdServe serves the desk (and the acknowledgement links) until interrupted.
func cmdServe(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("serve")
	addr := fs.String("addr", "", "host:port to listen on (default serve.addr of the config, else 127.0.0.1:8088)")
	metrics := fs.String("metrics", "", "serve /metrics, /healthz and /readyz on host:port (default: metrics.addr of the config)")
	e, a, err := g.alerter(ctx, fs, args, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	if err := g.serveMetrics(ctx, e, *metrics); err != nil {
		return err
	}
	listen := *addr
	if listen == "" {
		listen = e.Cfg.Serve.Addr
	}
	if listen == "" {
		listen = "127.0.0.1:8088"
	}
	return serve(ctx, g, e, a, listen)
}

// serve listens on addr and serves the desk until ctx ends.
func serve(ctx context.Context, g *globals, e *app.Engine, a *alerts.Alerter, addr string) error {
	desk, err := e.Desk(a)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: desk.Handler(), ReadHeaderTimeout: 10 * time.Second}
	what := "评估工作台 the desk"
	if len(e.Cfg.Loaded.Users) == 0 {
		what = "acknowledgement links only (no users: set users: in the config)"
	}
	fmt.Fprintf(g.stdout, "serving %s on http://%s\n", what, ln.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
