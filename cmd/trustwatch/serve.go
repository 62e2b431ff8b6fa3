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
	"github.com/trustwatch/trustwatch/web"
)

// cmdServe serves the web pages (acknowledgement links) until interrupted.
func cmdServe(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("serve")
	addr := fs.String("addr", "", "host:port to listen on (default serve.addr of the config, else 127.0.0.1:8088)")
	e, a, err := g.alerter(ctx, fs, args, 0)
	if err != nil {
		return err
	}
	defer e.Close()
	listen := *addr
	if listen == "" {
		listen = e.Cfg.Serve.Addr
	}
	if listen == "" {
		listen = "127.0.0.1:8088"
	}
	return serve(ctx, g, e, a, listen)
}

// serve listens on addr and serves the pages until ctx ends.
func serve(ctx context.Context, g *globals, e *app.Engine, a *alerts.Alerter, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: web.Handler(a, g.log), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(g.stdout, "serving on http://%s (acknowledgement links: %s%s)\n", ln.Addr(), e.Cfg.Serve.BaseURL, alerts.AckPath)
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
