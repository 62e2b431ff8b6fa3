package config

import (
	"errors"
	"strings"
	"testing"
)

func noEnv(string) (string, bool) { return "", false }

func TestLoadGood(t *testing.T) {
	for _, file := range []string{"testdata/good.yaml", "../configs/trustwatch.yaml"} {
		t.Run(file, func(t *testing.T) {
			cfg, err := Load(file, noEnv)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(cfg.Loaded.Units.Ranked()); got != 16 {
				t.Fatalf("ranked units = %d, want 16", got)
			}
			if cfg.Kafka.Topic != "trustwatch.documents" || cfg.Ingest.BatchSize != 2000 || cfg.SampleWeb.Seed != 2017 {
				t.Fatalf("defaults not applied: %+v", cfg)
			}
		})
	}
}

// TestLoadProblems checks that every problem in a file is reported at once,
// each naming the file and the field path.
func TestLoadProblems(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"testdata/unknown-fields.yaml", []string{
			"testdata/unknown-fields.yaml:5: kafka.broker: unknown field (want one of brokers, dlq_topic, group, max_message_bytes, partitions, replication, sasl, tls, topic)",
			"testdata/unknown-fields.yaml:13: alerts.rules[0].colour: unknown field",
		}},
		{"testdata/bad-values.yaml", []string{
			`testdata/bad-values.yaml: sampleweb.latest: want a month as YYYY-MM, got "2026/10"`,
			`testdata/bad-values.yaml: kafka.brokers[0]: want host:port, got "localhost"`,
			"testdata/bad-values.yaml: kafka.partitions: must be at least 1, got -1",
			`testdata/bad-values.yaml: kafka.sasl.mechanism: unknown mechanism "gssapi"`,
			"testdata/bad-values.yaml: kafka.sasl.password_env: required",
			"testdata/bad-values.yaml: ingest.batch_size: must be at least 1, got -5",
			`testdata/bad-values.yaml: analytics.schedule: bad cron spec "every day"`,
			`testdata/bad-values.yaml: alerts.rules[1].metric: unknown metric "popularity"`,
			`testdata/bad-values.yaml: alerts.rules[1].op: unknown operator "=="`,
			`testdata/bad-values.yaml: alerts.rules[1].level: unknown level "紫" (want 红, 橙, 黄, 蓝)`,
			`testdata/bad-values.yaml: alerts.email.from: bad address "not an address"`,
			"testdata/bad-values.yaml: alerts.email.to: at least one recipient required when smtp.addr is set",
			"testdata/bad-values.yaml: alerts.email.smtp.password_env: environment variable TW_TEST_SMTP_PASSWORD is not set",
		}},
		{"testdata/bad-units.yaml", []string{
			`testdata/units-bad.yaml: districts[1].kind: unknown kind "街道"`,
			"testdata/units-bad.yaml: departments[0].kind: a department's kind must be 市直部门",
			`testdata/units-bad.yaml: unit id "jinshui" used by 郑州市金水区 and 郑州市二七区`,
			`testdata/sources-bad/broken.yaml: kind: unknown kind "blog"`,
			`testdata/sources-bad/broken.yaml: start_urls[0]: bad URL "ftp://example.org/list": scheme must be http or https`,
			"testdata/sources-bad/broken.yaml: list.item: required",
			"testdata/sources-bad/broken.yaml: detail.body: required",
			`testdata/sources-bad/broken.yaml: detail.title: bad CSS selector "h1["`,
			`testdata/sources-bad/records.yaml: schedule: bad schedule "every 6 hours"`,
			`testdata/sources-bad/records.yaml: detail.format: unknown format "pdf" (want html, xlsx, csv or json)`,
			`testdata/sources-bad/records.yaml: list.form: POST fields with {n} are required for pagination: form`,
			"testdata/sources-bad/records.yaml: records.id: required: the column that names a record",
			"testdata/sources-bad/records.yaml: records.published_at: required",
			"testdata/sources-bad/records.yaml: records.header_row: must not be negative, got -1",
		}},
		{"testdata/bad-lexicon.yaml", []string{
			"testdata/lexicon-bad.yaml:11: negation: unknown field (want one of categories, criticism, failures, negations, praise, resolved)",
			"testdata/lexicon-bad.yaml: categories[0].severity: must be 1–5, got 7",
			"testdata/lexicon-bad.yaml: categories[0].failures[1]: empty cue",
			`testdata/lexicon-bad.yaml: categories[1].name: category "政府债务与拖欠" listed twice`,
			`testdata/lexicon-bad.yaml: categories[1].failures[0]: "欠…款": a gap (…) is allowed in resolved patterns only`,
			"testdata/lexicon-bad.yaml: categories[2]: a category needs failures or topics",
			`testdata/lexicon-bad.yaml: resolved[0]: "已于…结清…了": at most one gap (…)`,
			`testdata/lexicon-bad.yaml: resolved[1]: "…结清": a gap must stand between words`,
		}},
		{"testdata/not-yaml.yaml", []string{"testdata/not-yaml.yaml: invalid YAML"}},
		{"testdata/missing.yaml", []string{"testdata/missing.yaml: read: open testdata/missing.yaml: no such file or directory"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Load(tc.file, noEnv)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want Problems", err)
			}
			got := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing problem %q", w)
				}
			}
			if t.Failed() {
				t.Logf("all problems:\n%s", got)
			}
		})
	}
}

func TestSecretFromEnv(t *testing.T) {
	env := func(k string) (string, bool) {
		if k == "TW_TEST_SMTP_PASSWORD" {
			return "s3cret", true
		}
		return "", false
	}
	cfg, err := Load("testdata/good.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Alerts.Email.SMTP.PasswordEnv = "TW_TEST_SMTP_PASSWORD"
	c := &collector{file: "x"}
	cfg.validateAlerts(c, env)
	if len(c.ps) != 0 || cfg.Loaded.Secrets.SMTPPassword != "s3cret" {
		t.Fatalf("problems %v, password %q; want none and the env value", c.ps, cfg.Loaded.Secrets.SMTPPassword)
	}
}
