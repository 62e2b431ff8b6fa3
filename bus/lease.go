package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"
)

// Term is one leadership: the consumer-group generation in which this
// process holds the lease. Its generation number is the fencing token — it
// only grows, so what a leader records can be told from what an older one
// did.
type Term struct {
	Generation int32
	Member     string
}

// LeaseOptions name the lease: a one-partition topic and the group whose
// single assigned member is the leader. Kafka's group coordinator gives
// the partition to exactly one member per generation; a member that stops
// heartbeating (killed, paused, cut off) loses it after SessionTimeout.
type LeaseOptions struct {
	Topic          string
	Group          string
	SessionTimeout time.Duration // ≥ the broker's group.min.session.timeout.ms (6 s by default)
	Logger         *slog.Logger
}

// Lead campaigns for the lease until ctx ends. Whenever this process holds
// it, lead runs with a context that ends when the lease is lost (a new
// generation gave it to another member) or ctx ends; lead must return then.
// Lead leaves the group on return, so a clean stop hands over at once.
func Lead(ctx context.Context, o Options, lo LeaseOptions, lead func(ctx context.Context, t Term)) error {
	o.Topic, o.Partitions = lo.Topic, 1
	if err := EnsureTopic(ctx, o); err != nil {
		return err
	}
	d, err := o.dialer()
	if err != nil {
		return err
	}
	if lo.Logger == nil {
		lo.Logger = slog.Default()
	}
	cg, err := kafka.NewConsumerGroup(kafka.ConsumerGroupConfig{
		ID: lo.Group, Brokers: o.Brokers, Dialer: d, Topics: []string{lo.Topic},
		SessionTimeout: lo.SessionTimeout, RebalanceTimeout: lo.SessionTimeout,
		HeartbeatInterval: lo.SessionTimeout / 5, JoinGroupBackoff: time.Second,
	})
	if err != nil {
		return fmt.Errorf("lease %s: %w", lo.Group, err)
	}
	defer cg.Close()
	for {
		gen, err := cg.Next(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, kafka.ErrGroupClosed):
			return fmt.Errorf("lease %s: %w", lo.Group, err)
		case err != nil: // the broker is away: the group retries, and so do we
			lo.Logger.Warn("lease: joining the group failed", "group", lo.Group, "err", err)
			continue
		}
		if len(gen.Assignments[lo.Topic]) == 0 {
			lo.Logger.Info("lease: following", "group", lo.Group, "generation", gen.ID)
			continue // another member leads this generation; wait for the next
		}
		term := Term{Generation: gen.ID, Member: gen.MemberID}
		lo.Logger.Info("lease: leading", "group", lo.Group, "generation", gen.ID)
		ended := make(chan struct{})
		gen.Start(func(gctx context.Context) {
			defer close(ended)
			lctx, cancel := context.WithCancel(ctx)
			defer cancel()
			go func() {
				select {
				case <-gctx.Done(): // the generation ended: another may lead now
				case <-lctx.Done():
				}
				cancel()
			}()
			lead(lctx, term)
		})
		<-ended
		lo.Logger.Info("lease: term over", "group", lo.Group, "generation", gen.ID)
	}
}
