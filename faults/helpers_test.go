package faults

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/store"
)

// realBroker returns TRUSTWATCH_KAFKA_BROKERS, skipping without it unless
// TRUSTWATCH_REQUIRE_KAFKA says it must be there.
func realBroker(t testing.TB) []string {
	t.Helper()
	b := os.Getenv("TRUSTWATCH_KAFKA_BROKERS")
	if b == "" {
		if os.Getenv("TRUSTWATCH_REQUIRE_KAFKA") != "" {
			t.Fatal("TRUSTWATCH_REQUIRE_KAFKA is set but TRUSTWATCH_KAFKA_BROKERS is not")
		}
		t.Skip("no real Kafka broker (make test starts deploy/local/kafka.sh)")
	}
	return strings.Split(b, ",")
}

func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// topics creates a fresh documents topic and its dead-letter topic.
func topics(t testing.TB, brokers []string, name string) bus.Options {
	t.Helper()
	o := bus.Options{Brokers: brokers, Topic: fmt.Sprintf("faults.%s.%d", name, time.Now().UnixNano()), Partitions: 3}
	for _, topic := range []string{o.Topic, o.Topic + ".dlq"} {
		x := o
		x.Topic = topic
		if err := bus.EnsureTopic(context.Background(), x); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// publish sends n distinct complaint documents, numbered from first.
func publish(t testing.TB, o bus.Options, first, n int) {
	t.Helper()
	p, err := bus.NewProducer(o)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	units := []string{"金水区", "中牟县", "惠济区", "新郑市", "郑东新区", "巩义市"}
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)
	var msgs []bus.Message
	for i := first; i < first+n; i++ {
		u := units[i%len(units)]
		d := document.New("faults", "complaint", fmt.Sprintf("http://faults.example/%d", i),
			fmt.Sprintf("%s某项目拖欠农民工工资第%d号", u, i), u+"某工地拖欠工资，多次反映无人处理。", at, at, nil)
		v, _ := d.Encode()
		msgs = append(msgs, bus.Message{Key: []byte(d.ID), Value: v})
	}
	if err := p.Publish(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
}

// viewCounts returns what analysts see: rows of v_documents, distinct ids
// in it, and raw rows underneath (replays show there, not in the view).
func viewCounts(t testing.TB, s *store.Store) (view, distinct, raw int64) {
	t.Helper()
	ctx := context.Background()
	var err error
	if view, err = s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_documents"); err != nil {
		t.Fatal(err)
	}
	distinct, _ = s.Count(ctx, "SELECT uniqExact(id) AS n FROM trustwatch.v_documents")
	raw, _ = s.Count(ctx, "SELECT count() AS n FROM trustwatch.documents")
	return view, distinct, raw
}

// buildBinary builds bin/trustwatch into the test's temporary directory.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "trustwatch")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/trustwatch")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// scrape sums a counter over its label sets from a /metrics endpoint.
func scrape(addr, name string) (float64, error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var sum float64
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		f := strings.Fields(line)
		v, _ := strconv.ParseFloat(f[len(f)-1], 64)
		sum += v
	}
	return sum, sc.Err()
}
