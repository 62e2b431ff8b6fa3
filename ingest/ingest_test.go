package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/ingest"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/text"
)

var analyzer *text.Analyzer

func getAnalyzer(t testing.TB) *text.Analyzer {
	t.Helper()
	if analyzer == nil {
		cfg, err := config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
		if err != nil {
			t.Fatal(err)
		}
		if analyzer, err = text.New(cfg.Loaded.Units); err != nil {
			t.Fatal(err)
		}
	}
	return analyzer
}

// topic starts an embedded broker with a topic holding good documents and
// bad messages.
func topic(t *testing.T, good int, bad ...string) bus.Options { return topicTB(t, good, bad...) }

func topicTB(t testing.TB, good int, bad ...string) bus.Options {
	t.Helper()
	emb, err := bus.StartEmbedded("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Close)
	o := bus.Options{Brokers: emb.Brokers(), Topic: "docs"}
	ctx := context.Background()
	if err := bus.EnsureTopic(ctx, o); err != nil {
		t.Fatal(err)
	}
	p, _ := bus.NewProducer(o)
	defer p.Close()
	var msgs []bus.Message
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)
	for i := 0; i < good; i++ {
		d := document.New("s", "complaint", fmt.Sprintf("http://x/%d", i), fmt.Sprintf("金水区某工地拖欠农民工工资%d", i), "至今未付。", at, at, nil)
		v, _ := d.Encode()
		msgs = append(msgs, bus.Message{Key: []byte(d.ID), Value: v})
	}
	for _, b := range bad {
		msgs = append(msgs, bus.Message{Key: []byte("bad"), Value: []byte(b)})
	}
	if err := p.Publish(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	return o
}

// runUntil runs ingest until it has handled n messages or fails.
func runUntil(t *testing.T, in *ingest.Ingest, n int64) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	for {
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Millisecond):
		}
		if st := in.Stats(); st.Stored+st.Bad >= n {
			cancel()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
			return nil
		}
	}
}

// remaining counts what a new member of the group still gets.
func remaining(t *testing.T, o bus.Options) int {
	t.Helper()
	c, err := bus.NewConsumer(o, "ingest")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n := 0
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, err := c.Fetch(ctx)
		cancel()
		if err != nil {
			return n
		}
		n++
	}
}

func newIngest(t *testing.T, o bus.Options, s *store.Store) (*ingest.Ingest, *bus.Consumer) {
	return newIngestTB(t, o, s, 7, 100*time.Millisecond)
}

func newIngestTB(t testing.TB, o bus.Options, s *store.Store, size int, wait time.Duration) (*ingest.Ingest, *bus.Consumer) {
	t.Helper()
	c, err := bus.NewConsumer(o, "ingest")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.New(ingest.Options{Consumer: c, Store: s, Analyzer: getAnalyzer(t), BatchSize: size, BatchTimeout: wait})
	if err != nil {
		t.Fatal(err)
	}
	return in, c
}

func TestStoresThenCommits(t *testing.T) {
	o := topic(t, 20, "not json", `{"schema":9,"id":"x","version":"y","source":"s"}`)
	s := storetest.Open(t)
	in, c := newIngest(t, o, s)
	if err := runUntil(t, in, 22); err != nil {
		t.Fatal(err)
	}
	c.Close()
	st := in.Stats()
	if st.Stored != 20 || st.Bad != 2 || st.Signals < 20 {
		t.Fatalf("stats %+v, want 20 stored, 2 bad, a signal per document", st)
	}
	n, err := s.Count(context.Background(), "SELECT count() AS n FROM trustwatch.v_signals WHERE unit_id = 'jinshui' AND category = '政府债务与拖欠'")
	if err != nil || n != 20 {
		t.Fatalf("debt signals for 金水区 = %d (err %v), want 20", n, err)
	}
	if r := remaining(t, o); r != 0 {
		t.Fatalf("%d messages left for the group after ingest, want 0 (offsets committed)", r)
	}
}

func TestStoreFailureCommitsNothing(t *testing.T) {
	o := topic(t, 5)
	s := storetest.Open(t)
	s.Close() // every insert now fails
	in, c := newIngest(t, o, s)
	err := runUntil(t, in, 5)
	c.Close()
	if err == nil {
		t.Fatal("ingest into a closed store returned no error")
	}
	if r := remaining(t, o); r != 5 {
		t.Fatalf("%d messages left for the group, want all 5 (nothing committed for unstored data)", r)
	}
}
