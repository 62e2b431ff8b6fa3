package faults

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/ingest"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/text"
)

// ownBroker starts a second real broker on its own port and data directory,
// so stopping it disturbs no other test. It is stopped at the end.
func ownBroker(t *testing.T, port string) (kafka func(string)) {
	t.Helper()
	realBroker(t) // the machine runs real brokers
	script := filepath.Join(repoRoot(t), "deploy/local/kafka.sh")
	env := append(os.Environ(), "KAFKA_PORT="+port, "KAFKA_RUN_DIR="+t.TempDir())
	kafka = func(verb string) {
		t.Helper()
		cmd := exec.Command("bash", script, verb)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("kafka.sh %s: %v\n%s", verb, err, out)
		}
	}
	kafka("start")
	t.Cleanup(func() { kafka("stop") })
	return kafka
}

var analyzer *text.Analyzer

func getAnalyzer(t *testing.T) *text.Analyzer {
	t.Helper()
	if analyzer == nil {
		cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
		if err != nil {
			t.Fatal(err)
		}
		if analyzer, err = text.New(cfg.Loaded.Units, cfg.Loaded.Lexicon); err != nil {
			t.Fatal(err)
		}
	}
	return analyzer
}

// member is one ingest process's worth of consumer, producer and ingest.
type member struct {
	in   *ingest.Ingest
	done chan error
	stop func()
}

func startMember(t *testing.T, o bus.Options, s *store.Store) *member {
	t.Helper()
	c, err := bus.NewConsumer(o, "faults")
	if err != nil {
		t.Fatal(err)
	}
	dlqOpts := o
	dlqOpts.Topic = o.Topic + ".dlq"
	dlq, _ := bus.NewProducer(dlqOpts)
	in, err := ingest.New(ingest.Options{Consumer: c, Store: s, Analyzer: getAnalyzer(t), DeadLetters: dlq,
		BatchSize: 200, BatchTimeout: 200 * time.Millisecond, MaxBackoff: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &member{in: in, done: make(chan error, 1)}
	go func() { m.done <- in.Run(ctx) }()
	m.stop = func() {
		cancel()
		if err := <-m.done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("ingest member: %v", err)
		}
		c.Close()
		dlq.Close()
	}
	return m
}

// waitDistinct waits until analysts see want distinct documents. Ingest's
// own counters cannot tell: Kafka delivers at least once, and after a broker
// restart or a rebalance a batch may be delivered and stored twice.
func waitDistinct(t *testing.T, s *store.Store, want int64) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		n, err := s.Count(context.Background(), "SELECT uniqExact(id) AS n FROM trustwatch.documents")
		if err == nil && n >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d documents stored after 3 minutes (err %v)", n, want, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestBrokerRestartMidStream stops the broker while ingest consumes, starts
// it again with its log, publishes more, and counts.
func TestBrokerRestartMidStream(t *testing.T) {
	kafka := ownBroker(t, "19192")
	const half = 1500
	o := topics(t, []string{"127.0.0.1:19192"}, "restart")
	publish(t, o, 0, half)
	s := storetest.Open(t)
	m := startMember(t, o, s)
	waitDistinct(t, s, 1)
	kafka("stop")
	time.Sleep(2 * time.Second)
	kafka("start")
	publish(t, o, half, half)
	waitDistinct(t, s, 2*half)
	m.stop()
	view, distinct, raw := viewCounts(t, s)
	st := m.in.Stats()
	fmt.Printf("faults: broker restart: %d documents, %d in view, %d distinct, %d raw rows, stats %+v\n", 2*half, view, distinct, raw, st)
	if view != 2*half || distinct != 2*half {
		t.Fatalf("view %d rows, %d distinct; want exactly %d", view, distinct, 2*half)
	}
}

// TestTwoMembersShareTheGroup runs two ingest members in one consumer group
// on the real broker: both get partitions, and every document lands once.
// (In embedded mode the chDB store belongs to one process, so the members
// share it here; with a ClickHouse server they would be two processes.)
func TestTwoMembersShareTheGroup(t *testing.T) {
	brokers := realBroker(t)
	const n = 3000
	o := topics(t, brokers, "scale")
	s := storetest.Open(t)
	a := startMember(t, o, s)
	b := startMember(t, o, s)
	time.Sleep(3 * time.Second) // let the group settle with both members before data arrives
	publish(t, o, 0, n)
	waitDistinct(t, s, n)
	a.stop()
	b.stop()
	view, distinct, _ := viewCounts(t, s)
	sa, sb := a.in.Stats().Stored, b.in.Stats().Stored
	fmt.Printf("faults: two members: %d documents, member A stored %d, member B %d, %d in view, %d distinct\n", n, sa, sb, view, distinct)
	if sa == 0 || sb == 0 {
		t.Fatalf("members stored %d and %d: want both to own partitions", sa, sb)
	}
	if view != n || distinct != n {
		t.Fatalf("view %d rows, %d distinct; want exactly %d", view, distinct, n)
	}
}
