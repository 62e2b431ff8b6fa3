package bus

import (
	"context"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// Message is one record to publish.
type Message struct {
	Key, Value []byte
	Headers    map[string]string // e.g. the reason a message went to a dead-letter topic
}

// Producer publishes to one topic and waits for every in-sync replica.
type Producer struct {
	w *kafka.Writer
}

// NewProducer returns a producer. kafka-go's Writer defaults would wait 1 s
// per partial batch and not wait for any acknowledgement; here a batch leaves
// after 10 ms and counts only once all in-sync replicas have it. Messages
// with the same key go to the same partition.
func NewProducer(o Options) (*Producer, error) {
	o.setDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	tr, err := o.transport()
	if err != nil {
		return nil, err
	}
	return &Producer{w: &kafka.Writer{
		Addr:         kafka.TCP(o.Brokers...),
		Topic:        o.Topic,
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: 10 * time.Millisecond,
		BatchSize:    500,
		BatchBytes:   int64(max(o.MaxMessageBytes+messageSlack, 1<<20)),
		MaxAttempts:  10,
		Transport:    tr,
	}}, nil
}

// Publish writes msgs synchronously; it returns once they are acknowledged.
func (p *Producer) Publish(ctx context.Context, msgs ...Message) error {
	kms := make([]kafka.Message, len(msgs))
	for i, m := range msgs {
		kms[i] = kafka.Message{Key: m.Key, Value: m.Value, Headers: headers(m.Headers)}
	}
	if err := p.w.WriteMessages(ctx, kms...); err != nil {
		return fmt.Errorf("publish %d messages to %s at %s: %w", len(msgs), p.w.Topic, p.w.Addr, err)
	}
	return nil
}

// Close flushes and closes the producer.
func (p *Producer) Close() error { return p.w.Close() }

func headers(h map[string]string) []kafka.Header {
	out := make([]kafka.Header, 0, len(h))
	for k, v := range h {
		out = append(out, kafka.Header{Key: k, Value: []byte(v)})
	}
	return out
}
