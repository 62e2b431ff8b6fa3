package bus

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// brokers returns the clusters to test against: always the embedded broker,
// and the real Kafka broker at TRUSTWATCH_KAFKA_BROKERS (make test starts one
// with deploy/local/kafka.sh and sets it; TRUSTWATCH_REQUIRE_KAFKA makes its
// absence a failure).
func brokers(t *testing.T) map[string][]string {
	t.Helper()
	emb, err := StartEmbedded("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Close)
	out := map[string][]string{"embedded": emb.Brokers()}
	if b := os.Getenv("TRUSTWATCH_KAFKA_BROKERS"); b != "" {
		out["kafka"] = strings.Split(b, ",")
	} else if os.Getenv("TRUSTWATCH_REQUIRE_KAFKA") != "" {
		t.Fatal("TRUSTWATCH_REQUIRE_KAFKA is set but TRUSTWATCH_KAFKA_BROKERS is not")
	}
	return out
}

func TestPublishConsumeCommit(t *testing.T) {
	for name, bs := range brokers(t) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			o := Options{Brokers: bs, Topic: fmt.Sprintf("test.bus.%d", time.Now().UnixNano()), Partitions: 3}
			if err := EnsureTopic(ctx, o); err != nil {
				t.Fatal(err)
			}
			if err := EnsureTopic(ctx, o); err != nil {
				t.Fatalf("EnsureTopic on an existing topic: %v", err)
			}
			p, err := NewProducer(o)
			if err != nil {
				t.Fatal(err)
			}
			const n = 50
			var msgs []Message
			for i := 0; i < n; i++ {
				msgs = append(msgs, Message{Key: []byte(fmt.Sprintf("k%d", i%7)), Value: []byte(fmt.Sprintf("v%d", i))})
			}
			if err := p.Publish(ctx, msgs...); err != nil {
				t.Fatal(err)
			}
			p.Close()

			got := consume(ctx, t, o, "g", 30, true)
			rest := consume(ctx, t, o, "g", n-30, false)
			seen := map[string]bool{}
			for _, v := range append(got, rest...) {
				seen[v] = true
			}
			if len(seen) != n {
				t.Fatalf("consumed %d distinct values over two sessions, want %d (committed offsets not honoured?)", len(seen), n)
			}
		})
	}
}

// consume reads k records as a member of group, committing them if commit.
func consume(ctx context.Context, t *testing.T, o Options, group string, k int, commit bool) []string {
	t.Helper()
	c, err := NewConsumer(o, group)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var recs []Record
	var vals []string
	for len(recs) < k {
		r, err := c.Fetch(ctx)
		if err != nil {
			t.Fatalf("fetch after %d: %v", len(recs), err)
		}
		recs = append(recs, r)
		vals = append(vals, string(r.Value))
	}
	if commit {
		if err := c.Commit(ctx, recs...); err != nil {
			t.Fatal(err)
		}
	}
	return vals
}

func TestEmbeddedPersists(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	emb, err := StartEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	// One partition: the order is fixed, so only committed offsets decide what comes next.
	o := Options{Brokers: emb.Brokers(), Topic: "persist", Partitions: 1}
	if err := EnsureTopic(ctx, o); err != nil {
		t.Fatal(err)
	}
	p, _ := NewProducer(o)
	if err := p.Publish(ctx, Message{Key: []byte("a"), Value: []byte("1")}, Message{Key: []byte("b"), Value: []byte("2")}); err != nil {
		t.Fatal(err)
	}
	p.Close()
	if first := consume(ctx, t, o, "g", 1, true); first[0] != "1" {
		t.Fatalf("first read %v, want [1]", first)
	}
	emb.Close()

	emb, err = StartEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	o.Brokers = emb.Brokers()
	got := consume(ctx, t, o, "g", 1, false)
	if got[0] != "2" {
		t.Fatalf("after restart got %v, want [2]: the message after the committed offset", got)
	}
}
