// Package config reads and validates TrustWatch's configuration:
// configs/trustwatch.yaml and the files it names (the units file and the
// source files). Decoding is strict — an unknown key is an error — and every
// problem is reported at once with its file and field path.
//
// It owns the file formats and their defaults, not the behaviour they
// configure. Secrets are never in the files: the config names environment
// variables, and Load reads them.
package config

import (
	"time"
)

// Config is the whole configuration, with defaults applied and the files it
// names loaded.
type Config struct {
	// DataDir holds the embedded store, the email outbox and crawl state.
	// Default "../data" relative to the config file's directory.
	DataDir string `yaml:"data_dir"`
	// Units is the units file. Default "units.yaml".
	Units string `yaml:"units"`
	// Sources are glob patterns of source files. Default ["sources/*.yaml"].
	Sources []string `yaml:"sources"`
	// Lexicon is the 政务失信 lexicon file. Default "lexicon/integrity.yaml".
	Lexicon string `yaml:"lexicon"`
	// Index is the indicator system (configs/index.yaml): dimensions,
	// indicators and their queries, grades, shrinkage, bootstrap and
	// coverage. Default "index.yaml".
	Index string `yaml:"index"`
	// Divisions is a directory of China's divisions in the NBS format of
	// shared/data/china-divisions (provinces.csv, cities.csv, areas.csv):
	// places outside 郑州, so 大连高新区 is not taken for 郑州's 高新区. Optional:
	// without it (or when it is absent, a note) only the provinces are known.
	Divisions  string     `yaml:"divisions"`
	SampleWeb  SampleWeb  `yaml:"sampleweb"`
	Kafka      Kafka      `yaml:"kafka"`
	ClickHouse ClickHouse `yaml:"clickhouse"`
	// Store configures `trustwatch store serve`.
	Store StoreService `yaml:"store"`
	// Schedule configures the scheduler's leadership among `schedule` processes.
	Schedule  Schedule  `yaml:"schedule"`
	Ingest    Ingest    `yaml:"ingest"`
	Analytics Analytics `yaml:"analytics"`
	// Alerts is the rules file (configs/alerts.yaml): rules, the warnings'
	// lifecycle, inhibitions. Default "alerts.yaml".
	Alerts string `yaml:"alerts"`
	// Recipients is the routing file (configs/recipients.yaml): who receives
	// which unit's warnings. Default "recipients.yaml".
	Recipients string `yaml:"recipients"`
	// Users is the desk's accounts file (configs/users.yaml): names, roles,
	// officials' units, bcrypt password hashes. Optional: without it the
	// desk serves only acknowledgement links.
	Users      string     `yaml:"users"`
	Email      Email      `yaml:"email"`
	Serve      Serve      `yaml:"serve"`
	Metrics    Metrics    `yaml:"metrics"`
	Classifier Classifier `yaml:"classifier"`
	Crawl      Crawl      `yaml:"crawl"`

	Loaded Loaded `yaml:"-"`
}

// SampleWeb configures the offline sample web served on loopback.
type SampleWeb struct {
	Addr   string `yaml:"addr"`   // listen address, default "127.0.0.1:0" (any free port)
	Seed   int64  `yaml:"seed"`   // generator seed, default 2017 (the plan's year)
	Months int    `yaml:"months"` // months of records ending with the latest, default 3
	Latest string `yaml:"latest"` // latest month YYYY-MM, default 2026-10
}

// Kafka configures the bus. With no brokers, an embedded broker runs in-process.
type Kafka struct {
	Brokers     []string `yaml:"brokers"`     // host:port; empty means embedded
	Topic       string   `yaml:"topic"`       // default "trustwatch.documents"
	Partitions  int      `yaml:"partitions"`  // for topic creation, default 3
	Replication int      `yaml:"replication"` // for topic creation, default 1
	Group       string   `yaml:"group"`       // ingest consumer group, default "trustwatch-ingest"
	DLQTopic    string   `yaml:"dlq_topic"`   // dead-letter topic, default Topic + ".dlq"
	TLS         bool     `yaml:"tls"`
	SASL        SASL     `yaml:"sasl"`
	// MaxMessageBytes is the size budget of one document on the topic, from
	// crawl to ingest: longer texts are cut to fit, with a mark. Default
	// 1,000,000 (a broker's default limit is 1,048,588); raise it together
	// with the topic's max.message.bytes.
	MaxMessageBytes int `yaml:"max_message_bytes"`
}

// SASL authenticates to Kafka; the password comes from PasswordEnv.
type SASL struct {
	Mechanism   string `yaml:"mechanism"` // "", plain, scram-sha-256, scram-sha-512
	Username    string `yaml:"username"`
	PasswordEnv string `yaml:"password_env"`
}

// ClickHouse configures the store. With no addrs, the embedded chDB engine
// keeps its data in DataDir/chdb.
type ClickHouse struct {
	Addrs       []string `yaml:"addrs"`        // host:port (native, or HTTP with protocol: http); empty means embedded
	Database    string   `yaml:"database"`     // connection default database, default "default"
	User        string   `yaml:"user"`         // default "default"
	PasswordEnv string   `yaml:"password_env"` // environment variable with the password
	TLS         bool     `yaml:"tls"`
	// Protocol is native (default, port 9000) or http (port 8123, or
	// another TrustWatch's desk, read-only).
	Protocol string `yaml:"protocol"`
	// Cluster is the ClickHouse cluster (remote_servers) to create a
	// replicated, sharded schema on: each table T_local replicated through
	// Keeper on every node, T distributed over the shards; default none.
	Cluster string `yaml:"cluster"`
}

// StoreService configures `trustwatch store serve`: the one process that
// owns the embedded engine (DataDir/chdb) and serves it over ClickHouse's
// HTTP interface to the others, whose clickhouse section names it (addrs:
// [this addr], protocol: http). Its writer account is the services' own:
// clickhouse.user with the password of clickhouse.password_env (required);
// the desk's analysts and admins may read.
type StoreService struct {
	Addr string `yaml:"addr"` // listen host:port, default 127.0.0.1:8123
}

// Schedule configures which of several `schedule` processes runs the jobs:
// the one member of a Kafka consumer group that holds the group's single
// partition of Topic (the lease). A killed leader's jobs pass to another
// within SessionTimeout.
type Schedule struct {
	Topic          string        `yaml:"topic"`           // default "trustwatch.schedule"
	Group          string        `yaml:"group"`           // default "trustwatch-schedule"
	SessionTimeout time.Duration `yaml:"session_timeout"` // default 10s; the broker's group.min.session.timeout.ms bounds it (6s by default)
}

// Ingest configures batching from the topic into the store.
type Ingest struct {
	BatchSize    int           `yaml:"batch_size"`    // documents per insert, default 2000
	BatchTimeout time.Duration `yaml:"batch_timeout"` // flush a partial batch after, default 1s
	Workers      int           `yaml:"workers"`       // concurrent analyses, default the number of CPUs
	// MaxMessageBytes: larger messages go to the dead-letter topic, default
	// 4 MiB; at least kafka.max_message_bytes.
	MaxMessageBytes int `yaml:"max_message_bytes"`
}

// Crawl holds the crawler's politeness and plausibility defaults.
type Crawl struct {
	// MinDelay is the least pause between a request slot's requests to a
	// public site, default 200ms (sources with allow_private are not slowed).
	MinDelay time.Duration `yaml:"min_delay"`
	// EarliestDate: a publication date before it is an extraction error (and
	// a dead letter in ingest), default 1990-01-01.
	EarliestDate string `yaml:"earliest_date"`
	// DaysAhead is how far past today a publication date may be, default 7.
	DaysAhead int `yaml:"days_ahead"`
	// AllowAddrs are internal address ranges (CIDR) crawled as if public — an
	// evaluator inside a government network; default none.
	AllowAddrs []string `yaml:"allow_addrs"`
	// TasksTopic carries crawl tasks, keyed by site, from the scheduler to
	// `crawl -worker` processes; default "trustwatch.crawl-tasks".
	TasksTopic string `yaml:"tasks_topic"`
	// Group is the workers' consumer group; default "trustwatch-crawl".
	Group string `yaml:"group"`
}

// Classifier names a model trained with `trustwatch classify train`; ingest
// and analyze then label every document with it.
type Classifier struct {
	Model string `yaml:"model"` // path relative to the config file; empty: no model
}

// Metrics configures the Prometheus endpoint of long-running commands.
type Metrics struct {
	Addr string `yaml:"addr"` // host:port serving /metrics; empty: no endpoint
}

// Analytics configures the ranking job.
type Analytics struct {
	// Schedule refreshes the periods in progress (the month, quarter,
	// half-year and year to date). Cron spec (robfig/cron, with
	// descriptors), in Asia/Shanghai; default "0 2 * * *".
	Schedule string `yaml:"schedule"`
	// Close computes the periods that ended with the last month: every month,
	// the quarter after March, June, September and December, the half-year
	// before its due date 7月5日 and the year before 1月5日 (plan item 4).
	// Default "0 3 1 * *": 03:00 on the 1st. Periods whose run was missed
	// while TrustWatch was down are caught up when `run` starts.
	Close string `yaml:"close"`
}

// Email configures how mail leaves; who receives it is the routing file's.
// Without SMTP, messages go to DataDir/outbox as .eml files.
type Email struct {
	From string `yaml:"from"` // default "TrustWatch <trustwatch@localhost>"
	SMTP SMTP   `yaml:"smtp"`
}

// Serve is the HTTP endpoint of `serve` (and of `run` when Addr is set):
// acknowledgement links point at BaseURL.
type Serve struct {
	Addr    string `yaml:"addr"`     // host:port to listen on; empty: `run` serves nothing
	BaseURL string `yaml:"base_url"` // how officials reach it, default http://<addr>
	// SessionKeyEnv names the variable holding the key (≥ 32 bytes) that
	// signs login sessions; default TRUSTWATCH_SESSION_KEY. Unset: a random
	// key, so logins end when the process does.
	SessionKeyEnv string `yaml:"session_key_env"`
	// Secure marks cookies Secure (HTTPS only); set it behind TLS.
	Secure bool `yaml:"secure"`
}

// SMTP is the mail server; empty Addr means the outbox.
type SMTP struct {
	Addr        string `yaml:"addr"` // host:port
	Username    string `yaml:"username"`
	PasswordEnv string `yaml:"password_env"`
	StartTLS    bool   `yaml:"starttls"` // require STARTTLS (else it is used when offered)
	TLS         bool   `yaml:"tls"`      // implicit TLS (port 465)
	// Timeout bounds one SMTP session, default 30s.
	Timeout time.Duration `yaml:"timeout"`
}
