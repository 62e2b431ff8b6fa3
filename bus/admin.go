package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// GroupLag is how many messages of the topic a consumer group has yet to
// consume: for each partition, its end offset less the group's committed
// offset (the partition's first offset when the group has none). Demo and
// `ingest` use it to drain the topic whatever the crawl just published.
func GroupLag(ctx context.Context, o Options, group string) (int64, error) {
	c, err := o.client()
	if err != nil {
		return 0, err
	}
	parts, err := partitions(ctx, c, o)
	if err != nil {
		return 0, err
	}
	first, last, err := bounds(ctx, c, o, parts)
	if err != nil {
		return 0, err
	}
	committed, err := committedOffsets(ctx, c, o, group, parts)
	if err != nil {
		return 0, err
	}
	var lag int64
	for _, p := range parts {
		from := committed[p]
		if from < first[p] {
			from = first[p] // no commit yet, or one below what retention kept
		}
		lag += max(0, last[p]-from)
	}
	return lag, nil
}

// ResetGroup moves a consumer group's committed offsets back to the first
// offset of every partition, so its next consumer replays the whole topic —
// how a lost store is rebuilt from Kafka. The group must have no running
// member: Kafka refuses the commit otherwise, and the error says so.
func ResetGroup(ctx context.Context, o Options, group string) error {
	c, err := o.client()
	if err != nil {
		return err
	}
	parts, err := partitions(ctx, c, o)
	if err != nil {
		return err
	}
	first, _, err := bounds(ctx, c, o, parts)
	if err != nil {
		return err
	}
	commits := make([]kafka.OffsetCommit, len(parts))
	for i, p := range parts {
		commits[i] = kafka.OffsetCommit{Partition: p, Offset: first[p]}
	}
	res, err := c.OffsetCommit(ctx, &kafka.OffsetCommitRequest{GroupID: group, GenerationID: -1, Topics: map[string][]kafka.OffsetCommit{o.Topic: commits}})
	if err != nil {
		return fmt.Errorf("reset offsets of group %s on %s at %v: %w", group, o.Topic, o.Brokers, err)
	}
	for _, p := range res.Topics[o.Topic] {
		if p.Error != nil {
			if errors.Is(p.Error, kafka.UnknownMemberId) || errors.Is(p.Error, kafka.RebalanceInProgress) || errors.Is(p.Error, kafka.IllegalGeneration) {
				return fmt.Errorf("reset offsets of group %s: it has running members; stop every ingest process first: %w", group, p.Error)
			}
			return fmt.Errorf("reset offsets of group %s, partition %d: %w", group, p.Partition, p.Error)
		}
	}
	return nil
}

func (o Options) client() (*kafka.Client, error) {
	o.setDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	tr, err := o.transport()
	if err != nil {
		return nil, err
	}
	return &kafka.Client{Addr: kafka.TCP(o.Brokers...), Transport: tr, Timeout: 30 * time.Second}, nil
}

func partitions(ctx context.Context, c *kafka.Client, o Options) ([]int, error) {
	md, err := c.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{o.Topic}})
	if err != nil {
		return nil, fmt.Errorf("read metadata of %s from %v: %w", o.Topic, o.Brokers, err)
	}
	if len(md.Topics) != 1 || md.Topics[0].Error != nil {
		return nil, fmt.Errorf("read metadata of %s from %v: topic missing", o.Topic, o.Brokers)
	}
	var out []int
	for _, p := range md.Topics[0].Partitions {
		out = append(out, p.ID)
	}
	return out, nil
}

// bounds returns each partition's first and end offsets, asking again while
// the cluster answers with a temporary error (a new topic's leaders are not
// known to every broker at once).
func bounds(ctx context.Context, c *kafka.Client, o Options, parts []int) (first, last map[int]int64, err error) {
	deadline := time.Now().Add(15 * time.Second)
	for {
		first, last, err = listBounds(ctx, c, o, parts)
		var ke kafka.Error
		if err == nil || !errors.As(err, &ke) || !ke.Temporary() || time.Now().After(deadline) {
			return first, last, err
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func listBounds(ctx context.Context, c *kafka.Client, o Options, parts []int) (first, last map[int]int64, err error) {
	reqs := make([]kafka.OffsetRequest, 0, 2*len(parts))
	for _, p := range parts {
		reqs = append(reqs, kafka.FirstOffsetOf(p), kafka.LastOffsetOf(p))
	}
	res, err := c.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{o.Topic: reqs}})
	if err != nil {
		return nil, nil, fmt.Errorf("list offsets of %s at %v: %w", o.Topic, o.Brokers, err)
	}
	first, last = map[int]int64{}, map[int]int64{}
	for _, po := range res.Topics[o.Topic] {
		if po.Error != nil {
			return nil, nil, fmt.Errorf("list offsets of %s partition %d: %w", o.Topic, po.Partition, po.Error)
		}
		first[po.Partition], last[po.Partition] = po.FirstOffset, po.LastOffset
	}
	return first, last, nil
}

func committedOffsets(ctx context.Context, c *kafka.Client, o Options, group string, parts []int) (map[int]int64, error) {
	res, err := c.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{o.Topic: parts}})
	if err != nil {
		return nil, fmt.Errorf("fetch offsets of group %s at %v: %w", group, o.Brokers, err)
	}
	if errors.Is(res.Error, kafka.GroupIdNotFound) {
		return map[int]int64{}, nil // a group that never committed
	}
	if res.Error != nil {
		return nil, fmt.Errorf("fetch offsets of group %s: %w", group, res.Error)
	}
	out := map[int]int64{}
	for _, p := range res.Topics[o.Topic] {
		if p.Error != nil {
			return nil, fmt.Errorf("fetch offsets of group %s partition %d: %w", group, p.Partition, p.Error)
		}
		out[p.Partition] = p.CommittedOffset // -1 when the group has none
	}
	return out, nil
}
