package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/schedule"
)

// setDefaults fills every field left empty; defaults are stated in the field
// comments of config.go.
func (c *Config) setDefaults() {
	def(&c.DataDir, "../data")
	def(&c.Units, "units.yaml")
	def(&c.Lexicon, "lexicon/integrity.yaml")
	if len(c.Sources) == 0 {
		c.Sources = []string{"sources/*.yaml"}
	}
	def(&c.SampleWeb.Addr, "127.0.0.1:0")
	def(&c.SampleWeb.Latest, "2026-10")
	if c.SampleWeb.Seed == 0 {
		c.SampleWeb.Seed = 2017
	}
	defInt(&c.SampleWeb.Months, 3)
	def(&c.Kafka.Topic, "trustwatch.documents")
	defInt(&c.Kafka.Partitions, 3)
	defInt(&c.Kafka.Replication, 1)
	def(&c.Kafka.Group, "trustwatch-ingest")
	def(&c.Kafka.DLQTopic, c.Kafka.Topic+".dlq")
	defInt(&c.Kafka.MaxMessageBytes, 1_000_000)
	defInt(&c.Ingest.MaxMessageBytes, 4<<20)
	def(&c.ClickHouse.Database, "default")
	def(&c.ClickHouse.User, "default")
	def(&c.Store.Addr, "127.0.0.1:8123")
	def(&c.Schedule.Topic, "trustwatch.schedule")
	def(&c.Schedule.Group, "trustwatch-schedule")
	if c.Schedule.SessionTimeout == 0 {
		c.Schedule.SessionTimeout = 10 * time.Second
	}
	defInt(&c.Ingest.BatchSize, 2000)
	if c.Ingest.BatchTimeout == 0 {
		c.Ingest.BatchTimeout = time.Second
	}
	def(&c.Analytics.Schedule, "0 2 * * *")
	def(&c.Analytics.Close, "0 3 1 * *")
	def(&c.Index, "index.yaml")
	def(&c.Alerts, "alerts.yaml")
	def(&c.Recipients, "recipients.yaml")
	def(&c.Email.From, "TrustWatch <trustwatch@localhost>")
	if c.Email.SMTP.Timeout == 0 {
		c.Email.SMTP.Timeout = 30 * time.Second
	}
	if c.Serve.BaseURL == "" && c.Serve.Addr != "" {
		c.Serve.BaseURL = "http://" + c.Serve.Addr
	}
	if c.Crawl.MinDelay == 0 {
		c.Crawl.MinDelay = 200 * time.Millisecond
	}
	def(&c.Crawl.EarliestDate, "1990-01-01")
	def(&c.Crawl.TasksTopic, "trustwatch.crawl-tasks")
	def(&c.Crawl.Group, "trustwatch-crawl")
	defInt(&c.Crawl.DaysAhead, 7)
}

func def(s *string, v string) {
	if *s == "" {
		*s = v
	}
}

func defInt(n *int, v int) {
	if *n == 0 {
		*n = v
	}
}

func (c *Config) validate(col *collector, env LookupEnv) {
	if _, err := time.Parse("2006-01", c.SampleWeb.Latest); err != nil {
		col.add("sampleweb.latest", "want a month as YYYY-MM, got %q", c.SampleWeb.Latest)
	}
	if c.SampleWeb.Months < 1 || c.SampleWeb.Months > 60 {
		col.add("sampleweb.months", "must be between 1 and 60, got %d", c.SampleWeb.Months)
	}
	checkLoopback(col, "sampleweb.addr", c.SampleWeb.Addr)
	c.validateKafka(col, env)
	c.validateClickHouse(col, env)
	if c.Ingest.BatchSize < 1 {
		col.add("ingest.batch_size", "must be at least 1, got %d", c.Ingest.BatchSize)
	}
	if c.Ingest.BatchTimeout < 0 {
		col.add("ingest.batch_timeout", "must not be negative")
	}
	if c.Ingest.Workers < 0 {
		col.add("ingest.workers", "must not be negative, got %d", c.Ingest.Workers)
	}
	if c.Ingest.MaxMessageBytes < c.Kafka.MaxMessageBytes {
		col.add("ingest.max_message_bytes", "%d is below kafka.max_message_bytes %d: ingest would dead-letter documents the crawler publishes", c.Ingest.MaxMessageBytes, c.Kafka.MaxMessageBytes)
	}
	if c.Metrics.Addr != "" {
		checkHostPort(col, "metrics.addr", c.Metrics.Addr)
	}
	if c.Kafka.DLQTopic == c.Kafka.Topic {
		col.add("kafka.dlq_topic", "must differ from kafka.topic %q", c.Kafka.Topic)
	}
	if _, err := schedule.Parse(c.Analytics.Schedule); err != nil {
		col.add("analytics.schedule", "%v", err)
	}
	if _, err := schedule.Parse(c.Analytics.Close); err != nil {
		col.add("analytics.close", "%v", err)
	}
	c.validateEmail(col, env)
	c.validateCrawl(col)
}

func (c *Config) validateCrawl(col *collector) {
	if c.Crawl.MinDelay < 0 {
		col.add("crawl.min_delay", "must not be negative")
	}
	if _, err := time.Parse("2006-01-02", c.Crawl.EarliestDate); err != nil {
		col.add("crawl.earliest_date", "want a date as YYYY-MM-DD, got %q", c.Crawl.EarliestDate)
	}
	if c.Crawl.DaysAhead < 0 || c.Crawl.DaysAhead > 366 {
		col.add("crawl.days_ahead", "must be between 0 and 366, got %d", c.Crawl.DaysAhead)
	}
	for i, a := range c.Crawl.AllowAddrs {
		if _, err := netip.ParsePrefix(a); err != nil {
			col.add(fmt.Sprintf("crawl.allow_addrs[%d]", i), "want an address range as CIDR (10.0.0.0/8), got %q", a)
		}
	}
}

// DateWindow is the span a publication date must fall in.
func (c *Config) DateWindow() document.DateWindow {
	earliest, _ := time.ParseInLocation("2006-01-02", c.Crawl.EarliestDate, document.Shanghai) // validated
	return document.DateWindow{Earliest: earliest, Ahead: time.Duration(c.Crawl.DaysAhead) * 24 * time.Hour}
}

// AllowAddrs are the parsed crawl.allow_addrs.
func (c *Config) AllowAddrs() []netip.Prefix {
	var out []netip.Prefix
	for _, a := range c.Crawl.AllowAddrs {
		if p, err := netip.ParsePrefix(a); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func (c *Config) validateKafka(col *collector, env LookupEnv) {
	for i, b := range c.Kafka.Brokers {
		checkHostPort(col, fmt.Sprintf("kafka.brokers[%d]", i), b)
	}
	if c.Kafka.Partitions < 1 {
		col.add("kafka.partitions", "must be at least 1, got %d", c.Kafka.Partitions)
	}
	if c.Kafka.MaxMessageBytes < 10_000 {
		col.add("kafka.max_message_bytes", "must be at least 10000, got %d", c.Kafka.MaxMessageBytes)
	}
	if c.Kafka.Replication < 1 {
		col.add("kafka.replication", "must be at least 1, got %d", c.Kafka.Replication)
	}
	mechs := []string{"plain", "scram-sha-256", "scram-sha-512"}
	if m := c.Kafka.SASL.Mechanism; m != "" && !slices.Contains(mechs, m) {
		col.add("kafka.sasl.mechanism", "unknown mechanism %q (want %s)", m, joinWords(mechs))
	}
	if c.Kafka.SASL.Mechanism != "" {
		c.Loaded.Secrets.KafkaPassword = secret(col, env, "kafka.sasl.password_env", c.Kafka.SASL.PasswordEnv, true)
	}
}

var clusterName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (c *Config) validateClickHouse(col *collector, env LookupEnv) {
	if p := c.ClickHouse.Protocol; p != "" && p != "native" && p != "http" {
		col.add("clickhouse.protocol", "want native or http, got %q", p)
	}
	for i, a := range c.ClickHouse.Addrs {
		checkHostPort(col, fmt.Sprintf("clickhouse.addrs[%d]", i), a)
	}
	c.Loaded.Secrets.ClickHousePassword = secret(col, env, "clickhouse.password_env", c.ClickHouse.PasswordEnv, false)
	checkHostPort(col, "store.addr", c.Store.Addr)
	if cl := c.ClickHouse.Cluster; cl != "" {
		if !clusterName.MatchString(cl) {
			col.add("clickhouse.cluster", "want a cluster name of letters, digits and _, got %q", cl)
		}
		if len(c.ClickHouse.Addrs) == 0 {
			col.add("clickhouse.cluster", "needs clickhouse.addrs: the embedded engine is one node")
		}
	}
	if c.Schedule.SessionTimeout < time.Second || c.Schedule.SessionTimeout > 5*time.Minute {
		col.add("schedule.session_timeout", "want between 1s and 5m, got %s", c.Schedule.SessionTimeout)
	}
}

func (c *Config) validateEmail(col *collector, env LookupEnv) {
	e := c.Email
	if _, err := mail.ParseAddress(e.From); err != nil {
		col.add("email.from", "bad address %q: %v", e.From, err)
	}
	if e.SMTP.Addr != "" {
		checkHostPort(col, "email.smtp.addr", e.SMTP.Addr)
	}
	if e.SMTP.TLS && e.SMTP.StartTLS {
		col.add("email.smtp.tls", "choose implicit TLS (tls) or STARTTLS (starttls), not both")
	}
	if e.SMTP.Timeout < time.Second {
		col.add("email.smtp.timeout", "want 1s or longer, got %s", e.SMTP.Timeout)
	}
	c.Loaded.Secrets.SMTPPassword = secret(col, env, "email.smtp.password_env", e.SMTP.PasswordEnv, false)
	if c.Serve.Addr != "" {
		checkHostPort(col, "serve.addr", c.Serve.Addr)
	}
	if c.Serve.BaseURL != "" {
		if u, err := url.Parse(c.Serve.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			col.add("serve.base_url", "want an http(s) URL, got %q", c.Serve.BaseURL)
		}
	}
}

// secret reads the environment variable named at path; naming one that is
// unset is a problem, since the operator clearly meant to provide it.
func secret(col *collector, env LookupEnv, path, name string, required bool) string {
	if name == "" {
		if required {
			col.add(path, "required: name the environment variable that holds the password")
		}
		return ""
	}
	v, ok := env(name)
	if !ok {
		col.add(path, "environment variable %s is not set", name)
	}
	return v
}

// checkLoopback wants host:port on a loopback address: the sample web is for
// this machine only.
func checkLoopback(col *collector, path, addr string) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		col.add(path, "want host:port, got %q", addr)
		return
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		col.add(path, "%q: serve the sample web on a loopback address (127.0.0.1), not on %q", addr, host)
	}
}

func checkHostPort(col *collector, path, addr string) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		col.add(path, "want host:port, got %q", addr)
	}
}

func joinWords(xs []string) string { return strings.Join(xs, ", ") }
