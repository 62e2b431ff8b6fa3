package bus

import (
	"context"
	"errors"
	"io"
	"net"

	"github.com/segmentio/kafka-go"
)

// Transient reports whether a failed produce or commit may succeed if tried
// again: Kafka's own temporary errors (leader elections, coordinator moves,
// timeouts), network errors and a broker going away. Kafka errors it marks as
// permanent — a commit refused after a rebalance (IllegalGeneration,
// UnknownMemberId), a message too large, missing authorisation — are not:
// retrying them cannot help.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var ke kafka.Error
	if errors.As(err, &ke) {
		return ke.Temporary()
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	return true // unknown: keep trying rather than lose the batch
}
