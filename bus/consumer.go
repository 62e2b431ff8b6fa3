package bus

import (
	"context"
	"fmt"
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
type Consumer struct {
	r *kafka.Reader
}

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
	r := kafka.NewReader(kafka.ReaderConfig{
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
		SessionTimeout:   10 * time.Second,
		RebalanceTimeout: 10 * time.Second,
		// A fresh group rebalances quickly; the default 3 s delay only slows tests and demos.
		WatchPartitionChanges: true,
	})
	return &Consumer{r: r}, nil
}

// Fetch blocks for the next message.
func (c *Consumer) Fetch(ctx context.Context) (Record, error) {
	m, err := c.r.FetchMessage(ctx)
	if err != nil {
		return Record{}, err
	}
	h := make(map[string]string, len(m.Headers))
	for _, x := range m.Headers {
		h[x.Key] = string(x.Value)
	}
	return Record{Key: m.Key, Value: m.Value, Headers: h, Partition: m.Partition, Offset: m.Offset, Time: m.Time, msg: m}, nil
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
	if err := c.r.CommitMessages(ctx, ms...); err != nil {
		return fmt.Errorf("commit %d offsets: %w", len(recs), err)
	}
	return nil
}

// Lag is how many messages the group has yet to read, as last seen.
func (c *Consumer) Lag() int64 { return c.r.Stats().Lag }

// Topic is the topic consumed.
func (c *Consumer) Topic() string { return c.r.Config().Topic }

// Close leaves the group.
func (c *Consumer) Close() error { return c.r.Close() }
