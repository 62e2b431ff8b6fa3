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

// Rejected reports whether messages were refused for what they are — larger
// than the producer's batch or the topic's max.message.bytes, or invalid —
// so that sending them unchanged can never succeed, while other messages can.
func Rejected(err error) bool {
	var tooLarge kafka.MessageTooLargeError
	if errors.As(err, &tooLarge) {
		return true
	}
	var we kafka.WriteErrors
	if errors.As(err, &we) {
		for _, e := range we {
			if e != nil && Rejected(e) {
				return true
			}
		}
		return false
	}
	var ke kafka.Error
	return errors.As(err, &ke) && (ke == kafka.MessageSizeTooLarge || ke == kafka.InvalidMessage ||
		ke == kafka.InvalidRecord || ke == kafka.RecordListTooLarge)
}
