package app_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/config"
)

// TestDemoDrainsWaitingDocuments: a run that crawled and published but died
// before ingesting left every document in Kafka; the next demo crawls
// nothing new and must still store them all (issue #9: it said "ingested
// nothing new" for ever).
func TestDemoDrainsWaitingDocuments(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := testConfig(t, "", "")
	site := truth(t, cfg)
	crawlOnly(ctx, t, cfg)

	e := open(ctx, t, cfg)
	res, err := e.Demo(ctx, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	if res.Crawled != 0 || res.Stored != int64(len(site.Items())) {
		t.Fatalf("crawled %d and stored %d, want 0 crawled and the %d waiting documents stored", res.Crawled, res.Stored, len(site.Items()))
	}
}

// TestRebuildStoreFromKafka deletes the embedded store after a demo and
// rebuilds it with ingest from the beginning of the topic: the analysts'
// views hold the same documents, each once, and replaying again doubles
// nothing.
func TestRebuildStoreFromKafka(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cfg := testConfig(t, "", "")
	site := truth(t, cfg)
	e := open(ctx, t, cfg)
	if _, err := e.Demo(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	e.Close()
	if err := os.RemoveAll(filepath.Join(cfg.Loaded.DataDir, "chdb")); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 2; round++ {
		e = open(ctx, t, cfg)
		n, err := e.ReplayFromBeginning(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(len(site.Items())) {
			t.Fatalf("round %d: replaying %d messages, want %d", round, n, len(site.Items()))
		}
		if _, err := e.IngestUntil(ctx, n, 20*time.Second); err != nil {
			t.Fatal(err)
		}
		got, err := e.Store.Count(ctx, "SELECT count() AS n FROM trustwatch.v_documents")
		e.Close()
		if err != nil || got != int64(len(site.Items())) {
			t.Fatalf("round %d: v_documents holds %d, %v; want %d", round, got, err, len(site.Items()))
		}
	}
}

func open(ctx context.Context, t *testing.T, cfg *config.Config) *app.Engine {
	t.Helper()
	e, err := app.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func crawlOnly(ctx context.Context, t *testing.T, cfg *config.Config) {
	t.Helper()
	e := open(ctx, t, cfg)
	defer e.Close()
	sw, stop, err := e.StartSampleWeb(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if _, err := e.Crawl(ctx, sw); err != nil {
		t.Fatal(err)
	}
}
