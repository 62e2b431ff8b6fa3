package bus

import (
	"fmt"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Embedded is an in-process Kafka-protocol broker (franz-go's kfake) on a
// loopback port: the default when no brokers are configured, so the whole
// pipeline runs with nothing installed. With a data directory its log and
// committed offsets survive restarts, so `trustwatch crawl` and
// `trustwatch ingest` can run one after the other; without one it lives in
// memory and ends with Close.
type Embedded struct {
	c *kfake.Cluster
}

// StartEmbedded starts a one-broker cluster on 127.0.0.1 at a free port,
// persisting to dataDir unless it is empty.
func StartEmbedded(dataDir string) (*Embedded, error) {
	opts := []kfake.Opt{kfake.NumBrokers(1), kfake.ListenFn(loopbackListen), kfake.DefaultNumPartitions(3)}
	if dataDir != "" {
		opts = append(opts, kfake.DataDir(dataDir))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("start embedded kafka broker: %w", err)
	}
	return &Embedded{c: c}, nil
}

// Brokers returns the broker's address.
func (e *Embedded) Brokers() []string { return e.c.ListenAddrs() }

// Close stops the broker.
func (e *Embedded) Close() { e.c.Close() }
