package ingest

import "github.com/prometheus/client_golang/prometheus"

// Metrics are ingest's Prometheus metrics, named trustwatch_ingest_*.
type Metrics struct {
	Documents     *prometheus.CounterVec // stored, by source and kind
	DeadLetters   *prometheus.CounterVec // sent to the dead-letter topic, by reason
	Signals       prometheus.Counter
	BatchSize     prometheus.Histogram
	InsertSeconds prometheus.Histogram
	Retries       prometheus.Counter
	Lag           prometheus.Gauge
}

// NewMetrics creates the metrics and registers them with reg (nil: none).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Documents: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "trustwatch_ingest_documents_total",
			Help: "Documents stored in ClickHouse, by source and kind."}, []string{"source", "kind"}),
		DeadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "trustwatch_ingest_dead_letters_total",
			Help: "Messages sent to the dead-letter topic, by reason."}, []string{"reason"}),
		Signals: prometheus.NewCounter(prometheus.CounterOpts{Name: "trustwatch_ingest_signals_total",
			Help: "Signals stored in ClickHouse."}),
		BatchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "trustwatch_ingest_batch_size_messages",
			Help: "Messages per flushed batch.", Buckets: prometheus.ExponentialBuckets(1, 4, 8)}),
		InsertSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "trustwatch_ingest_insert_duration_seconds",
			Help: "Time to store one batch (documents and signals), retries included.", Buckets: prometheus.DefBuckets}),
		Retries: prometheus.NewCounter(prometheus.CounterOpts{Name: "trustwatch_ingest_retries_total",
			Help: "Store or commit attempts retried after a transient error."}),
		Lag: prometheus.NewGauge(prometheus.GaugeOpts{Name: "trustwatch_ingest_consumer_lag_messages",
			Help: "Messages of the documents topic the consumer group has yet to read, as last seen."}),
	}
	if reg != nil {
		reg.MustRegister(m.Documents, m.DeadLetters, m.Signals, m.BatchSize, m.InsertSeconds, m.Retries, m.Lag)
	}
	return m
}
