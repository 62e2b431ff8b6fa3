package bus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
)

// Record is a consumed message with its position.
type Record struct {
	Key, Value []byte
	Headers    map[string]string
	Partition  int
	Offset     int64
	Time       time.Time
	msg        kafka.Message
}

// Consumer reads a topic as a member of a consumer group. Offsets move only
// when Commit is called, so a caller commits after it has stored what it read.
//
// After a broker restart, kafka-go's reader can keep committing through its
// closed coordinator connection and never recover; a commit that fails on a
// broken connection therefore replaces the reader with a fresh one, which
// rejoins the group. Messages read but not committed are delivered again.
type Consumer struct {
	cfg kafka.ReaderConfig

	mu      sync.Mutex
	r       *kafka.Reader
	gen     int                // how many times the reader was replaced
	genCtx  context.Context    // ends when this reader is replaced: a fetch blocked on it returns
	endGen  context.CancelFunc // ends genCtx
	closing sync.WaitGroup     // closes of replaced readers, which can hang on a dead connection
}

// commitTimeout bounds one commit: a reader stuck on a dead connection would
// otherwise block its caller for ever.
const commitTimeout = 20 * time.Second

// NewConsumer joins group on the topic; a new group starts at the first offset.
func NewConsumer(o Options, group string) (*Consumer, error) {
	o.setDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	d, err := o.dialer()
	if err != nil {
		return nil, err
	}
	cfg := kafka.ReaderConfig{
		Brokers:        o.Brokers,
		GroupID:        group,
		Topic:          o.Topic,
		Dialer:         d,
		MinBytes:       1,
		MaxBytes:       16 << 20,
		MaxWait:        250 * time.Millisecond,
		StartOffset:    kafka.FirstOffset,
		CommitInterval: 0, // commits are explicit and synchronous
		// A member killed without leaving holds its partitions until its session
		// expires; 10 s (kafka-go's default is 30 s) shortens that pause.
		SessionTimeout:        10 * time.Second,
		RebalanceTimeout:      10 * time.Second,
		WatchPartitionChanges: true,
	}
	c := &Consumer{cfg: cfg, r: kafka.NewReader(cfg)}
	c.genCtx, c.endGen = context.WithCancel(context.Background())
	return c, nil
}

func (c *Consumer) generation() (*kafka.Reader, int, context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.r, c.gen, c.genCtx
}

// replace swaps in a fresh reader unless another caller already did since gen.
func (c *Consumer) replace(gen int) {
	c.mu.Lock()
	if c.gen != gen || c.r == nil {
		c.mu.Unlock()
		return
	}
	old, endOld := c.r, c.endGen
	c.r, c.gen = kafka.NewReader(c.cfg), c.gen+1
	c.genCtx, c.endGen = context.WithCancel(context.Background())
	c.mu.Unlock()
	// A fetch blocked on the old reader only returns once its Close has
	// finished, which a dead connection can hold up: end it now.
	endOld()
	// kafka-go's Close waits for the reader's goroutines, which may be stuck
	// on the dead connection: close it in the background, owned by c.
	c.closing.Add(1)
	go func() {
		defer c.closing.Done()
		old.Close()
	}()
}

// Fetch blocks for the next message.
func (c *Consumer) Fetch(ctx context.Context) (Record, error) {
	for {
		r, gen, genCtx := c.generation()
		if r == nil {
			return Record{}, io.EOF
		}
		fctx, cancel := context.WithCancel(ctx)
		stop := context.AfterFunc(genCtx, cancel)
		m, err := r.FetchMessage(fctx)
		stop()
		cancel()
		if err == nil {
			return record(m), nil
		}
		if ctx.Err() != nil {
			return Record{}, err
		}
		if _, now, _ := c.generation(); now != gen {
			continue // the reader was replaced under us: read from the new one
		}
		return Record{}, err
	}
}

func record(m kafka.Message) Record {
	h := make(map[string]string, len(m.Headers))
	for _, x := range m.Headers {
		h[x.Key] = string(x.Value)
	}
	return Record{Key: m.Key, Value: m.Value, Headers: h, Partition: m.Partition, Offset: m.Offset, Time: m.Time, msg: m}
}

// Commit marks recs as processed for the group, in one request.
func (c *Consumer) Commit(ctx context.Context, recs ...Record) error {
	if len(recs) == 0 {
		return nil
	}
	ms := make([]kafka.Message, len(recs))
	for i, r := range recs {
		ms[i] = r.msg
	}
	r, gen, _ := c.generation()
	if r == nil {
		return errors.New("commit: consumer closed")
	}
	cctx, cancel := context.WithTimeout(ctx, commitTimeout)
	defer cancel()
	err := r.CommitMessages(cctx, ms...)
	stuck := errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil
	if err != nil && (brokenConnection(err) || stuck) {
		c.replace(gen) // the caller's retry commits through a fresh reader
	}
	if err != nil {
		return fmt.Errorf("commit %d offsets: %w", len(recs), err)
	}
	return nil
}

// brokenConnection reports errors of a connection that will not work again.
func brokenConnection(err error) bool {
	return errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNREFUSED)
}

// Lag is how many messages the group has yet to read, as last seen.
func (c *Consumer) Lag() int64 {
	r, _, _ := c.generation()
	if r == nil {
		return 0
	}
	return r.Stats().Lag
}

// Topic is the topic consumed.
func (c *Consumer) Topic() string { return c.cfg.Topic }

// Close leaves the group, and waits (up to 10 s) for replaced readers to close.
func (c *Consumer) Close() error {
	c.mu.Lock()
	r := c.r
	c.r = nil
	if c.endGen != nil {
		c.endGen()
	}
	c.mu.Unlock()
	var err error
	if r != nil {
		err = r.Close()
	}
	done := make(chan struct{})
	go func() { c.closing.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		err = errors.Join(err, errors.New("close consumer: a replaced reader did not close within 10 s"))
	}
	return err
}
