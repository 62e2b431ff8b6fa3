package faults

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chdb"
)

// TestKill9MidStream publishes N documents to a real broker, starts
// `trustwatch ingest` as its own process, kills it with SIGKILL while it is
// storing batches, starts it again until the topic is drained, and counts:
// every document exactly once in analysts' views.
func TestKill9MidStream(t *testing.T) {
	const n = 6000
	bin, dir, metrics, cfg := processSetup(t, "kill", n)

	var stored float64
	// Each process is killed a few milliseconds into the batch after its first
	// commit: between the insert and the commit, a batch is stored but not
	// committed, and must be replayed without showing twice.
	for i, delay := range []time.Duration{7 * time.Millisecond, 13 * time.Millisecond} {
		p := exec.Command(bin, "ingest", "-config", cfg)
		p.Stdout, p.Stderr = os.Stderr, os.Stderr
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		waitStored(t, metrics, 1)
		time.Sleep(delay)
		if err := p.Process.Kill(); err != nil { // SIGKILL: no flush, no commit, no goodbye
			t.Fatal(err)
		}
		_ = p.Wait()
		view, _, _ := counts(t, dir)
		t.Logf("kill %d: %d documents in view", i+1, view)
		stored = float64(view)
	}
	if stored >= n {
		t.Fatalf("the killed processes stored all %d documents; the fault was not injected mid-stream", n)
	}

	second := exec.Command(bin, "ingest", "-config", cfg, "-idle", "5s")
	second.Stdout, second.Stderr = os.Stderr, os.Stderr
	if err := second.Run(); err != nil {
		t.Fatalf("second ingest: %v", err)
	}
	view, distinct, raw := counts(t, dir)
	t.Logf("kill -9 after %.0f stored: view %d, distinct %d, raw rows %d (replayed %d), want %d", stored, view, distinct, raw, raw-int64(n), n)
	fmt.Printf("faults: kill -9: %d documents, %d in view, %d distinct, %d duplicates in view, %d raw rows\n", n, view, distinct, view-distinct, raw)
	if view != n || distinct != n {
		t.Fatalf("view %d rows, %d distinct; want exactly %d", view, distinct, n)
	}
}

// processSetup publishes n documents to a fresh topic on the real broker and
// prepares a trustwatch binary and a config for ingest processes to read it.
func processSetup(t *testing.T, name string, n int) (bin, dir, metrics, cfg string) {
	t.Helper()
	brokers := realBroker(t)
	o := topics(t, brokers, name)
	publish(t, o, 0, n)
	bin, dir, metrics = buildBinary(t), t.TempDir(), freePort(t)
	return bin, dir, metrics, writeConfig(t, dir, brokers, o.Topic, metrics)
}

func writeConfig(t testing.TB, dir string, brokers []string, topic, metrics string) string {
	t.Helper()
	root := repoRoot(t)
	cfg := fmt.Sprintf(`data_dir: %s
units: %s
lexicon: %s
index: %s
alerts: %s
recipients: %s
sources: [%s]
kafka: {brokers: [%s], topic: %s, group: %s-group, dlq_topic: %s.dlq}
ingest: {batch_size: 200, batch_timeout: 200ms}
metrics: {addr: "%s"}
`, filepath.Join(dir, "data"), filepath.Join(root, "configs/units.yaml"), filepath.Join(root, "configs/lexicon/integrity.yaml"), filepath.Join(root, "configs/index.yaml"),
		filepath.Join(root, "configs/alerts.yaml"), filepath.Join(root, "configs/recipients.yaml"), filepath.Join(root, "configs/sources/*.yaml"),
		strings.Join(brokers, ", "), topic, topic, topic, metrics)
	path := filepath.Join(dir, "trustwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitStored polls the process's /metrics until at least min documents are stored.
func waitStored(t *testing.T, addr string, min float64) float64 {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if v, err := scrape(addr, "trustwatch_ingest_documents_total"); err == nil && v >= min {
			return v
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("ingest stored fewer than %.0f documents in 90 s", min)
	return 0
}

// counts opens the process's store once the processes are gone.
func counts(t *testing.T, dir string) (view, distinct, raw int64) {
	t.Helper()
	b, err := chdb.OpenBackend(filepath.Join(dir, "data", "chdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	return viewCounts(t, store.New(b))
}

// TestSigtermFlushesAndCommits stops `trustwatch ingest` with SIGTERM in
// the middle of the stream: it must exit cleanly, having stored and committed
// what it read, so the next run only reads the rest.
func TestSigtermFlushesAndCommits(t *testing.T) {
	const n = 6000
	bin, dir, metrics, cfg := processSetup(t, "term", n)

	p := exec.Command(bin, "ingest", "-config", cfg)
	var out strings.Builder
	p.Stdout, p.Stderr = &out, os.Stderr
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	waitStored(t, metrics, 1)
	start := time.Now()
	if err := p.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(); err != nil {
		t.Fatalf("ingest after SIGTERM: %v (want a clean exit)", err)
	}
	stopped := time.Since(start)
	firstView, _, _ := counts(t, dir)

	rest := exec.Command(bin, "ingest", "-config", cfg, "-idle", "5s")
	rest.Stdout, rest.Stderr = os.Stderr, os.Stderr
	if err := rest.Run(); err != nil {
		t.Fatal(err)
	}
	view, distinct, raw := counts(t, dir)
	fmt.Printf("faults: SIGTERM: stopped in %s with %d stored; after the next run %d in view, %d distinct, %d raw rows (replayed %d)\n",
		stopped.Round(time.Millisecond), firstView, view, distinct, raw, raw-int64(n))
	if !strings.Contains(out.String(), "stored") {
		t.Fatalf("ingest printed no summary on SIGTERM: %q", out.String())
	}
	if view != n || distinct != n || raw != n {
		t.Fatalf("view %d, distinct %d, raw %d; want exactly %d each: a clean stop commits what it stored, so nothing replays", view, distinct, raw, n)
	}
}
