package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/ingest"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/storetest"
	"github.com/trustwatch/trustwatch/text"
)

var (
	cfg      *config.Config
	analyzer *text.Analyzer
)

func getAnalyzer(t testing.TB) *text.Analyzer {
	t.Helper()
	if analyzer == nil {
		var err error
		cfg, err = config.Load("../configs/trustwatch.yaml", func(string) (string, bool) { return "", false })
		if err != nil {
			t.Fatal(err)
		}
		if analyzer, err = text.New(cfg.Loaded.Units, cfg.Loaded.Lexicon); err != nil {
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
	for _, topic := range []string{"docs", "docs.dlq"} {
		o.Topic = topic
		if err := bus.EnsureTopic(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	o.Topic = "docs"
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
func runUntil(t *testing.T, in *ingest.Ingest, n int64) error { return runUntilTB(t, in, n) }

func runUntilTB(t testing.TB, in *ingest.Ingest, n int64) error {
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
		if st := in.Stats(); st.Stored+st.Dead >= n {
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
	return len(readAll(t, o, "ingest"))
}

// readAll reads a topic as group until nothing comes for 3 seconds.
func readAll(t *testing.T, o bus.Options, group string) []bus.Record {
	t.Helper()
	c, err := bus.NewConsumer(o, group)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []bus.Record
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		r, err := c.Fetch(ctx)
		cancel()
		if err != nil {
			return out
		}
		out = append(out, r)
	}
}

// newIngestOpts fills in the consumer, the dead-letter producer and the analyzer.
func newIngestOpts(t testing.TB, o bus.Options, opts ingest.Options) (*ingest.Ingest, *bus.Consumer) {
	t.Helper()
	c, err := bus.NewConsumer(o, "ingest")
	if err != nil {
		t.Fatal(err)
	}
	dlqOpts := o
	dlqOpts.Topic = o.Topic + ".dlq"
	dlq, err := bus.NewProducer(dlqOpts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dlq.Close() })
	opts.Consumer, opts.DeadLetters, opts.Analyzer = c, dlq, getAnalyzer(t)
	opts.MaxBackoff = 200 * time.Millisecond
	in, err := ingest.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return in, c
}

func TestStoresThenCommits(t *testing.T) {
	oversized := `{"schema":1,"id":"big","version":"v","source":"s","text":"` + strings.Repeat("长", 3000) + `"}`
	o := topic(t, 20, "not json", `{"schema":9,"id":"x","version":"y","source":"s"}`, oversized)
	s := storetest.Open(t)
	in, c := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 7, BatchTimeout: 100 * time.Millisecond, MaxMessageBytes: 8000})
	if err := runUntil(t, in, 23); err != nil {
		t.Fatal(err)
	}
	c.Close()
	st := in.Stats()
	view, _ := s.Count(context.Background(), "SELECT count() AS n FROM trustwatch.v_documents")
	fmt.Printf("faults: poison messages: 20 good + 3 poison, %d in view, %d to the dead-letter topic\n", view, st.Dead)
	if st.Stored != 20 || st.Dead != 3 || st.Signals < 20 || view != 20 {
		t.Fatalf("stats %+v, want 20 stored, 3 dead letters, a signal per document", st)
	}
	dlq := o
	dlq.Topic = "docs.dlq"
	var reasons []string
	for _, r := range readAll(t, dlq, "check") {
		reasons = append(reasons, r.Headers["reason"])
	}
	sort.Strings(reasons)
	want := []string{ingest.ReasonDecode, ingest.ReasonOversized, ingest.ReasonSchema}
	sort.Strings(want)
	if strings.Join(reasons, ",") != strings.Join(want, ",") {
		t.Fatalf("dead-letter reasons %v, want %v", reasons, want)
	}
	n, err := s.Count(context.Background(), "SELECT count() AS n FROM trustwatch.v_signals WHERE unit_id = 'jinshui' AND category = '政府债务与拖欠'")
	if err != nil || n != 20 {
		t.Fatalf("debt signals for 金水区 = %d (err %v), want 20", n, err)
	}
	if r := remaining(t, o); r != 0 {
		t.Fatalf("%d messages left for the group after ingest, want 0 (offsets committed)", r)
	}
}

// TestStoreOutage: while the store is down ingest retries, stores and commits
// nothing, and resumes by itself when the store is back.
func TestStoreOutage(t *testing.T) {
	o := topic(t, 5)
	s, flaky := storetest.OpenFlaky(t)
	flaky.SetDown(true)
	in, c := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 100, BatchTimeout: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	waitFor(t, "three retries", func() bool { return in.Stats().Retries >= 3 })
	if st := in.Stats(); st.Stored != 0 || st.Batches != 0 {
		t.Fatalf("while down: %+v, want nothing stored or committed", st)
	}
	flaky.SetDown(false)
	waitFor(t, "5 stored", func() bool { return in.Stats().Stored == 5 })
	cancel()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	c.Close()
	n, _ := s.Count(context.Background(), "SELECT count() AS n FROM trustwatch.v_documents")
	st := in.Stats()
	fmt.Printf("faults: store outage: 5 documents, %d in view, %d retries while down, %d dead letters\n", n, st.Retries, st.Dead)
	if n != 5 || st.Dead != 0 {
		t.Fatalf("v_documents = %d with %d dead letters, want 5 and none", n, st.Dead)
	}
	if r := remaining(t, o); r != 0 {
		t.Fatalf("%d messages left for the group, want 0", r)
	}
}

// TestShutdownWhileStoreDown: stopping while the store is down gives up with
// an error and commits nothing, so the next run reads everything again.
func TestShutdownWhileStoreDown(t *testing.T) {
	o := topic(t, 5)
	s, flaky := storetest.OpenFlaky(t)
	flaky.SetDown(true)
	in, c := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 100, BatchTimeout: 50 * time.Millisecond, ShutdownTimeout: 300 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	waitFor(t, "a retry", func() bool { return in.Stats().Retries >= 1 })
	cancel()
	err := <-done
	c.Close()
	if err == nil || !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Run returned %v, want the store's unavailability", err)
	}
	if r := remaining(t, o); r != 5 {
		t.Fatalf("%d messages left for the group, want all 5 (nothing committed for unstored data)", r)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRejectedRowToDeadLetters: when the store refuses a batch as invalid,
// the other documents are still stored and only the refused one goes to the
// dead-letter topic.
func TestRejectedRowToDeadLetters(t *testing.T) {
	o := topic(t, 6)
	s, flaky := storetest.OpenFlaky(t)
	flaky.RejectIf = func(row []any) bool {
		title, ok := row[5].(string) // documents.title
		return ok && strings.HasSuffix(title, "工资3")
	}
	in, c := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 100, BatchTimeout: 50 * time.Millisecond})
	if err := runUntil(t, in, 6); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if st := in.Stats(); st.Stored != 5 || st.Dead != 1 {
		t.Fatalf("stats %+v, want 5 stored and 1 dead letter", st)
	}
	dlq := o
	dlq.Topic = "docs.dlq"
	recs := readAll(t, dlq, "check")
	if len(recs) != 1 || recs[0].Headers["reason"] != ingest.ReasonRejected {
		t.Fatalf("dead letters %+v, want one with reason %s", recs, ingest.ReasonRejected)
	}
}

// lostCommit refuses the first commit as Kafka does after a rebalance moved
// the partitions away: the batch is stored but its offsets are not committed.
type lostCommit struct {
	*bus.Consumer
	done bool
}

func (l *lostCommit) Commit(ctx context.Context, recs ...bus.Record) error {
	if !l.done {
		l.done = true
		return fmt.Errorf("commit: %w", kafka.IllegalGeneration)
	}
	return l.Consumer.Commit(ctx, recs...)
}

// TestStoredButUncommittedReplays: a batch stored whose commit is lost is
// read and stored again by the next run — and shows once in analysts' views.
func TestStoredButUncommittedReplays(t *testing.T) {
	const n = 12
	o := topic(t, n)
	s := storetest.Open(t)
	c, err := bus.NewConsumer(o, "ingest")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.New(ingest.Options{Consumer: &lostCommit{Consumer: c}, Store: s, Analyzer: getAnalyzer(t),
		DeadLetters: noDead{}, BatchSize: 100, BatchTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = runUntil(t, in, n)
	c.Close()
	if !errors.Is(err, kafka.IllegalGeneration) {
		t.Fatalf("run with a lost commit returned %v, want IllegalGeneration", err)
	}
	again, c2 := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 100, BatchTimeout: 100 * time.Millisecond})
	if err := runUntil(t, again, n); err != nil {
		t.Fatal(err)
	}
	c2.Close()
	ctx := context.Background()
	raw, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.documents")
	view, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_documents")
	sigRaw, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.signals")
	sigView, _ := s.Count(ctx, "SELECT count() AS n FROM trustwatch.v_signals")
	t.Logf("raw documents %d, view %d; raw signals %d, view %d", raw, view, sigRaw, sigView)
	if raw != 2*n || view != n || sigRaw != 2*sigView {
		t.Fatalf("raw %d / view %d documents, raw %d / view %d signals; want the replay in raw rows only (%d / %d)", raw, view, sigRaw, sigView, 2*n, n)
	}
}

type noDead struct{}

func (noDead) Publish(context.Context, ...bus.Message) error {
	return errors.New("no dead letters expected")
}

// TestImplausibleDateToDeadLetters: a producer other than our crawler sends a
// document dated 1900-01-01; it goes to the dead-letter topic with its
// reason instead of breaking every ranking (issue #9).
func TestImplausibleDateToDeadLetters(t *testing.T) {
	old := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	d := document.New("s", "news", "http://x/old", "金水区通报", "正文", old, time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC), nil)
	v, _ := d.Encode()
	o := topic(t, 3, string(v))
	s := storetest.Open(t)
	in, c := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 100, BatchTimeout: 50 * time.Millisecond})
	if err := runUntil(t, in, 4); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if st := in.Stats(); st.Stored != 3 || st.Dead != 1 {
		t.Fatalf("stats %+v, want 3 stored and 1 dead letter", st)
	}
	dlq := o
	dlq.Topic = "docs.dlq"
	if recs := readAll(t, dlq, "check"); len(recs) != 1 || recs[0].Headers["reason"] != ingest.ReasonDate {
		t.Fatalf("dead letters %+v, want one with reason %s", recs, ingest.ReasonDate)
	}
}

// TestJudgmentStored: a court decision's structure reaches v_judgments, for
// the index's 行政机关败诉率.
func TestJudgmentStored(t *testing.T) {
	at := time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)
	body := "河南省郑州市中级人民法院\n行政判决书\n（2026）豫01行初123号\n原告：张某。\n被告：郑州市金水区人民政府，住所地郑州市金水区。\n" +
		"原告请求判决撤销征收决定。\n本院认为，被告程序违法。\n判决如下：\n撤销被告郑州市金水区人民政府作出的房屋征收决定。\n审判长　王某\n二〇二六年十月九日"
	d := document.New("s", "judgment", "http://x/j", "河南省郑州市中级人民法院行政判决书", body, at, at, nil)
	v, _ := d.Encode()
	o := topic(t, 2, string(v))
	s := storetest.Open(t)
	in, c := newIngestOpts(t, o, ingest.Options{Store: s, BatchSize: 100, BatchTimeout: 50 * time.Millisecond})
	if err := runUntil(t, in, 3); err != nil {
		t.Fatal(err)
	}
	c.Close()
	n, err := s.Count(context.Background(), "SELECT count() AS n FROM trustwatch.v_judgments WHERE unit_id = 'jinshui' AND outcome = 'lost' AND kind = '行政' AND case_number = '（2026）豫01行初123号'")
	if err != nil || n != 1 {
		t.Fatalf("v_judgments: %d rows, %v; want the lost case", n, err)
	}
}
