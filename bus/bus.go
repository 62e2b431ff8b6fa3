// Package bus is TrustWatch's Kafka bus, spoken with
// github.com/segmentio/kafka-go: topic creation, a producer of documents and
// a consumer-group reader, against any Kafka cluster — or, when none is
// configured, an embedded Kafka-protocol broker (kfake) on loopback.
//
// It owns connections, acknowledgements and commits; it does not know what
// the messages mean (package document does).
package bus

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// Options say which cluster and topic to use.
type Options struct {
	Brokers     []string // host:port; required
	Topic       string   // required
	Partitions  int      // for creation when missing; default 3
	Replication int      // for creation when missing; default 1
	TLS         bool
	SASL        SASL
	// MaxMessageBytes is the largest message value to publish; default
	// 1,000,000, under the 1,048,588 bytes a broker takes by default. A
	// larger value raises the producer's batch size and, for topics created
	// here, the topic's max.message.bytes.
	MaxMessageBytes int
}

// DefaultMaxMessageBytes is Options.MaxMessageBytes' default.
const DefaultMaxMessageBytes = 1_000_000

// brokerDefaultMessageBytes is Kafka's default message.max.bytes.
const brokerDefaultMessageBytes = 1_048_588

// messageSlack is room for a message's key, headers and record overhead.
const messageSlack = 64 << 10

// SASL credentials; Mechanism "" means none.
type SASL struct {
	Mechanism, Username, Password string // plain, scram-sha-256, scram-sha-512
}

func (o *Options) setDefaults() {
	if o.Partitions == 0 {
		o.Partitions = 3
	}
	if o.Replication == 0 {
		o.Replication = 1
	}
	if o.MaxMessageBytes == 0 {
		o.MaxMessageBytes = DefaultMaxMessageBytes
	}
}

// topicConfig raises max.message.bytes of a topic created here when the
// messages may exceed a broker's default.
func (o Options) topicConfig() []kafka.ConfigEntry {
	if o.MaxMessageBytes+messageSlack <= brokerDefaultMessageBytes {
		return nil
	}
	return []kafka.ConfigEntry{{ConfigName: "max.message.bytes", ConfigValue: fmt.Sprint(o.MaxMessageBytes + messageSlack)}}
}

func (o Options) validate() error {
	if len(o.Brokers) == 0 {
		return errors.New("bus options: no brokers")
	}
	if o.Topic == "" {
		return errors.New("bus options: no topic")
	}
	return nil
}

func (o Options) mechanism() (sasl.Mechanism, error) {
	switch o.SASL.Mechanism {
	case "":
		return nil, nil
	case "plain":
		return plain.Mechanism{Username: o.SASL.Username, Password: o.SASL.Password}, nil
	case "scram-sha-256":
		return scram.Mechanism(scram.SHA256, o.SASL.Username, o.SASL.Password)
	case "scram-sha-512":
		return scram.Mechanism(scram.SHA512, o.SASL.Username, o.SASL.Password)
	}
	return nil, fmt.Errorf("unknown SASL mechanism %q", o.SASL.Mechanism)
}

func (o Options) tlsConfig() *tls.Config {
	if !o.TLS {
		return nil
	}
	return &tls.Config{MinVersion: tls.VersionTLS12}
}

func (o Options) transport() (*kafka.Transport, error) {
	m, err := o.mechanism()
	if err != nil {
		return nil, err
	}
	return &kafka.Transport{SASL: m, TLS: o.tlsConfig(), DialTimeout: 10 * time.Second}, nil
}

func (o Options) dialer() (*kafka.Dialer, error) {
	m, err := o.mechanism()
	if err != nil {
		return nil, err
	}
	return &kafka.Dialer{Timeout: 10 * time.Second, DualStack: true, SASLMechanism: m, TLS: o.tlsConfig()}, nil
}

// EnsureTopic creates the topic when it does not exist yet.
func EnsureTopic(ctx context.Context, o Options) error {
	o.setDefaults()
	c, err := o.client()
	if err != nil {
		return err
	}
	res, err := c.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
		Topic: o.Topic, NumPartitions: o.Partitions, ReplicationFactor: o.Replication, ConfigEntries: o.topicConfig(),
	}}})
	if err != nil {
		return fmt.Errorf("create topic %s at %v: %w", o.Topic, o.Brokers, err)
	}
	if err := res.Errors[o.Topic]; err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
		return fmt.Errorf("create topic %s at %v: %w", o.Topic, o.Brokers, err)
	}
	return waitForLeaders(ctx, c, o.Topic)
}

// waitForLeaders returns once every partition of a new topic has a leader, so
// the first produce does not race the controller.
func waitForLeaders(ctx context.Context, c *kafka.Client, topic string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		md, err := c.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
		if err == nil && len(md.Topics) == 1 && md.Topics[0].Error == nil && allLed(md.Topics[0].Partitions) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("wait for leaders of %s: %v", topic, err) // the caller names the brokers
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func allLed(ps []kafka.Partition) bool {
	for _, p := range ps {
		if p.Leader.ID < 0 || p.Error != nil {
			return false
		}
	}
	return len(ps) > 0
}
