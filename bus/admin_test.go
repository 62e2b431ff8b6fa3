package bus

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestGroupLagAndReset publishes 40 messages, consumes and commits 25 of
// them, checks the lag is the 15 left, resets the group and checks that all
// 40 are lag again and are delivered again.
func TestGroupLagAndReset(t *testing.T) {
	for name, bs := range brokers(t) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			o := Options{Brokers: bs, Topic: fmt.Sprintf("test.admin.%d", time.Now().UnixNano()), Partitions: 2}
			if err := EnsureTopic(ctx, o); err != nil {
				t.Fatal(err)
			}
			if lag, err := GroupLag(ctx, o, "g"); err != nil || lag != 0 {
				t.Fatalf("empty topic: lag %d, %v; want 0", lag, err)
			}
			p, err := NewProducer(o)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []Message
			for i := 0; i < 40; i++ {
				msgs = append(msgs, Message{Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprint(i))})
			}
			if err := p.Publish(ctx, msgs...); err != nil {
				t.Fatal(err)
			}
			p.Close()
			wantLag(ctx, t, o, 40)
			consume(ctx, t, o, "g", 25, true)
			wantLag(ctx, t, o, 15)
			if err := ResetGroup(ctx, o, "g"); err != nil {
				t.Fatal(err)
			}
			wantLag(ctx, t, o, 40)
			if got := consume(ctx, t, o, "g", 40, true); len(got) != 40 {
				t.Fatalf("replayed %d, want 40", len(got))
			}
			wantLag(ctx, t, o, 0)
		})
	}
}

func wantLag(ctx context.Context, t *testing.T, o Options, want int64) {
	t.Helper()
	// A member that left may still be committing its last offsets for a moment.
	deadline := time.Now().Add(15 * time.Second)
	for {
		lag, err := GroupLag(ctx, o, "g")
		if err == nil && lag == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("lag %d, %v; want %d", lag, err, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
