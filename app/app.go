// Package app wires TrustWatch's stages together from a configuration: the
// store (chDB or a ClickHouse server), the bus (embedded broker or a Kafka
// cluster), crawler, ingest, analytics and alerts — so the command line, the
// demo and the end-to-end tests run the same engine in one process.
//
// It owns construction and lifetimes; every behaviour belongs to the stage
// packages.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/ingest"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chdb"
	"github.com/trustwatch/trustwatch/store/server"
	"github.com/trustwatch/trustwatch/text"
	"github.com/trustwatch/trustwatch/text/classifier"
)

// Engine holds the shared resources of one process. In embedded mode the
// chDB engine allows one session per process, so every stage shares Store.
type Engine struct {
	Cfg    *config.Config
	Store  *store.Store
	Logger *slog.Logger

	// Metrics is the Prometheus registry of this process's stages.
	Metrics *prometheus.Registry

	mu       sync.Mutex
	embedded *bus.Embedded
	brokers  []string
	analyzer *text.Analyzer
	ingestM  *ingest.Metrics
	// tasksTopic: the crawl tasks topic is known to exist.
	tasksTopic bool
}

// Open opens the store and applies migrations.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Engine, error) {
	if log == nil {
		log = slog.Default()
	}
	b, err := openBackend(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := store.New(b)
	if len(cfg.ClickHouse.Addrs) > 0 {
		s.Cluster = cfg.ClickHouse.Cluster
	}
	n, err := s.Migrate(ctx)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("migrate store: %w", err)
	}
	if n > 0 {
		log.Info("schema migrated", "migrations", n, "store", b.Describe())
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &Engine{Cfg: cfg, Store: s, Logger: log, Metrics: reg}, nil
}

func openBackend(ctx context.Context, cfg *config.Config) (store.Backend, error) {
	ch := cfg.ClickHouse
	if len(ch.Addrs) == 0 {
		b, err := chdb.OpenBackend(filepath.Join(cfg.Loaded.DataDir, "chdb"))
		if err != nil {
			return nil, fmt.Errorf("open embedded store: %w", err)
		}
		return b, nil
	}
	return server.Open(ctx, server.Options{Addrs: ch.Addrs, Database: ch.Database, User: ch.User, HTTP: ch.Protocol == "http",
		Password: cfg.Loaded.Secrets.ClickHousePassword, TLS: ch.TLS})
}

// Bus returns the bus options, starting the embedded broker (persisting in
// the data directory) when no brokers are configured, and creating the topic.
func (e *Engine) Bus(ctx context.Context) (bus.Options, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	k := e.Cfg.Kafka
	o := bus.Options{Topic: k.Topic, Partitions: k.Partitions, Replication: k.Replication, TLS: k.TLS, MaxMessageBytes: k.MaxMessageBytes,
		SASL: bus.SASL{Mechanism: k.SASL.Mechanism, Username: k.SASL.Username, Password: e.Cfg.Loaded.Secrets.KafkaPassword}}
	if e.brokers == nil {
		if err := e.startBrokers(); err != nil {
			return o, err
		}
		o.Brokers = e.brokers
		for _, topic := range []string{k.Topic, k.DLQTopic} {
			o.Topic = topic
			if err := bus.EnsureTopic(ctx, o); err != nil {
				return o, err
			}
		}
		o.Topic = k.Topic
	}
	o.Brokers = e.brokers
	return o, nil
}

func (e *Engine) startBrokers() error {
	if len(e.Cfg.Kafka.Brokers) > 0 {
		e.brokers = e.Cfg.Kafka.Brokers
		return nil
	}
	emb, err := bus.StartEmbedded(filepath.Join(e.Cfg.Loaded.DataDir, "kafka"))
	if err != nil {
		return err
	}
	e.embedded, e.brokers = emb, emb.Brokers()
	return nil
}

// DescribeBus says which Kafka the engine uses.
func (e *Engine) DescribeBus() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.embedded != nil {
		return fmt.Sprintf("embedded Kafka-protocol broker (kfake) at %s, log in %s", e.brokers[0], filepath.Join(e.Cfg.Loaded.DataDir, "kafka"))
	}
	return fmt.Sprintf("Kafka cluster %v", e.brokers)
}

// Analyzer loads the text dictionaries once per process.
func (e *Engine) Analyzer() (*text.Analyzer, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.analyzer == nil {
		a, err := NewAnalyzer(e.Cfg)
		if err != nil {
			return nil, err
		}
		e.Logger.Info("text dictionaries loaded", "seconds", a.Loaded.Seconds(), "from_cache", a.DictCached)
		e.analyzer = a
	}
	return e.analyzer, nil
}

// NewAnalyzer loads the text dictionaries and, when classifier.model is
// configured, the trained model.
func NewAnalyzer(cfg *config.Config) (*text.Analyzer, error) {
	places, err := text.LoadPlaces(cfg.Loaded.Divisions)
	if err != nil {
		return nil, err
	}
	local := make([]string, len(cfg.Loaded.Sources))
	for i, s := range cfg.Loaded.Sources {
		local[i] = s.ID
	}
	a, err := text.NewWithOptions(text.Options{Units: cfg.Loaded.Units, Lexicon: cfg.Loaded.Lexicon, Places: places, Local: local})
	if err != nil {
		return nil, err
	}
	if cfg.Loaded.Model == "" {
		return a, nil
	}
	f, err := os.Open(cfg.Loaded.Model)
	if err != nil {
		return nil, fmt.Errorf("open classifier model: %w", err)
	}
	defer f.Close()
	m, err := classifier.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Loaded.Model, err)
	}
	a.UseModel(m)
	return a, nil
}

// Close stops the embedded broker and closes the store.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.embedded != nil {
		e.embedded.Close()
		e.embedded = nil
	}
	return e.Store.Close()
}
