package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
)

// changingWeb is an engine on embedded defaults and a sample web the test
// changes between crawls: crawl crawls it once and ingests until want
// documents are stored; url is where it listens.
type changingWeb struct {
	e    *app.Engine
	cfg  *config.Config
	site *sampleweb.Site
	url  string
}

func newChangingWeb(t *testing.T, ctx context.Context) *changingWeb {
	t.Helper()
	cfg := testConfig(t, "", "")
	e, err := app.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	site := truth(t, cfg)
	srv, err := site.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Run(ctx) }()
	return &changingWeb{e: e, cfg: cfg, site: site, url: srv.URL()}
}

func (w *changingWeb) crawl(t *testing.T, ctx context.Context, want int) {
	t.Helper()
	if _, err := w.e.Crawl(ctx, w.url); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.IngestUntil(ctx, int64(want), 5*time.Second); err != nil {
		t.Fatal(err)
	}
}
