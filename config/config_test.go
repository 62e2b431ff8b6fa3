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
			`testdata/unknown-fields.yaml:5: kafka.broker: unknown field (want one of brokers, dlq_topic, group, max_message_bytes, partitions, replication, sasl, tls, topic)`,
			`testdata/unknown-fields.alerts.yaml:7: rules[0].colour: unknown field (want one of baseline_days, categories, cause, description, indicator, kind, level, metric, min_count, min_docs, min_severity, min_sources, name, op, p_value, query, silent_after, threshold, window, within_days)`,
		}},
		{"testdata/bad-values.yaml", []string{
			`testdata/bad-values.yaml:5: sampleweb.latest: want a month as YYYY-MM, got "2026/10"`,
			`testdata/bad-values.yaml:7: kafka.brokers[0]: want host:port, got "localhost"`,
			`testdata/bad-values.yaml:8: kafka.partitions: must be at least 1, got -1`,
			`testdata/bad-values.yaml:9: kafka.sasl.mechanism: unknown mechanism "gssapi" (want plain, scram-sha-256, scram-sha-512)`,
			`testdata/bad-values.yaml:9: kafka.sasl.password_env: required: name the environment variable that holds the password`,
			`testdata/bad-values.yaml:11: ingest.batch_size: must be at least 1, got -5`,
			`testdata/bad-values.yaml:13: analytics.schedule: bad schedule "every day": expected exactly 5 fields, found 2: [every day]`,
			`testdata/bad-values.yaml:15: email.from: bad address "not an address": mail: no angle-addr`,
			`testdata/bad-values.yaml:16: email.smtp.addr: want host:port, got "smtp.example.org"`,
			`testdata/bad-values.yaml:16: email.smtp.password_env: environment variable TW_TEST_SMTP_PASSWORD is not set`,
			`testdata/bad-values.yaml:16: email.smtp.tls: choose implicit TLS (tls) or STARTTLS (starttls), not both`,
			`testdata/bad-values.alerts.yaml:8: rules[1].metric: unknown metric "popularity" (want score, score_drop, rank_drop, complaints, negatives, severity_sum, documents, or dimension.<id> or indicator.<id> of the index)`,
			`testdata/bad-values.alerts.yaml:9: rules[1].op: unknown operator "==" (want >, >=, <, <=)`,
			`testdata/bad-values.alerts.yaml:11: rules[1].level: unknown level "紫" (want 红, 橙, 黄, 蓝)`,
		}},
		{"testdata/bad-units.yaml", []string{
			`testdata/units-bad.yaml: unit id "jinshui" used by 郑州市金水区 and 郑州市二七区`,
			`testdata/units-bad.yaml:9: districts[1].kind: unknown kind "街道" (want 区, 县, 县级市, 功能区, 市直部门)`,
			`testdata/units-bad.yaml:13: departments[0].kind: a department's kind must be 市直部门`,
			`testdata/sources-bad/broken.yaml:2: kind: unknown kind "blog" (want disclosure, complaint, judgment, procurement, commitment, news, proposal, powerlist, discipline)`,
			`testdata/sources-bad/broken.yaml:3: start_urls[0]: bad URL "ftp://example.org/list": scheme must be http or https`,
			`testdata/sources-bad/broken.yaml:5: list.item: required (CSS selector of links to detail pages)`,
			`testdata/sources-bad/broken.yaml:6: detail.body: required`,
			`testdata/sources-bad/broken.yaml:6: detail.title: bad CSS selector "h1[": expected identifier, found EOF instead`,
			`testdata/sources-bad/records.yaml:6: schedule: bad schedule "every 6 hours": expected exactly 5 fields, found 3: [every 6 hours] (want a cron spec such as "0 */6 * * *" or "@every 6h")`,
			`testdata/sources-bad/records.yaml:7: list.form: POST fields with {n} are required for pagination: form (e.g. pageNo: "{n}")`,
			`testdata/sources-bad/records.yaml:11: detail.format: unknown format "pdf" (want html, xlsx, csv or json)`,
			`testdata/sources-bad/records.yaml:12: records.id: required: the column that names a record, so a changed row stays one document`,
			`testdata/sources-bad/records.yaml:12: records.published_at: required: the column with the record's date`,
			`testdata/sources-bad/records.yaml:13: records.header_row: must not be negative, got -1`,
		}},
		{"testdata/bad-lexicon.yaml", []string{
			`testdata/lexicon-bad.yaml:3: categories[0].severity: must be 1–5, got 7`,
			`testdata/lexicon-bad.yaml:4: categories[0].failures[1]: empty cue`,
			`testdata/lexicon-bad.yaml:5: categories[1].name: category "政府债务与拖欠" listed twice`,
			`testdata/lexicon-bad.yaml:7: categories[1].failures[0]: "欠…款": a gap (…) is allowed in resolved patterns only`,
			`testdata/lexicon-bad.yaml:8: categories[2]: a category needs failures or topics`,
			`testdata/lexicon-bad.yaml:10: resolved[0]: "已于…结清…了": at most one gap (…)`,
			`testdata/lexicon-bad.yaml:10: resolved[1]: "…结清": a gap must stand between words`,
			`testdata/lexicon-bad.yaml:11: negation: unknown field (want one of categories, courtesy, criticism, failures, government, negations, neutral, oversight, praise, private, resolved)`,
		}},
		{"testdata/bad-index.yaml", []string{
			`testdata/index-bad.yaml: version: required: it is stored with every run, so a changed method is never mistaken for a changed unit`,
			`testdata/index-bad.yaml:2: dimensions: the dimensions' weights sum to 1.1, want 1`,
			`testdata/index-bad.yaml:6: dimensions[0].indicators: the weights of lawful's indicators sum to 0.9, want 1`,
			`testdata/index-bad.yaml:14: dimensions[0].indicators[1].id: "one" is already used at dimensions[0].indicators[0].id`,
			`testdata/index-bad.yaml:17: dimensions[0].indicators[1].groups[1]: unknown group "counties" (want districts, departments)`,
			`testdata/index-bad.yaml:19: dimensions[0].indicators[1].aggregate: want ratio, sum or median, got "mean"`,
			`testdata/index-bad.yaml:20: dimensions[0].indicators[1].direction: want higher_better or lower_better, got "up"`,
			`testdata/index-bad.yaml:23: dimensions[0].indicators[1].params: index-bad/unknown.sql uses {{limit}}, which is neither a param of the indicator nor one of offdays, workdays, units`,
			`testdata/index-bad.yaml:23: dimensions[0].indicators[1].params.bad: index-bad/unknown.sql does not use {{bad}}`,
			`testdata/index-bad.yaml:23: dimensions[0].indicators[1].params.bad: "1; DROP TABLE x": a param is a number or a word ([A-Za-z0-9_.-]): it is pasted into SQL`,
			`testdata/index-bad.yaml:23: dimensions[0].indicators[1].params.unused: index-bad/unknown.sql does not use {{unused}}`,
			`testdata/index-bad.yaml:24: dimensions[1].id: "Open": use lower-case letters, digits and _ (ids are column values and SQL names)`,
			`testdata/index-bad.yaml:27: dimensions[1].indicators: the weights of Open's indicators sum to 1.5, want 1`,
			`testdata/index-bad.yaml:31: dimensions[1].indicators[0].query: cannot read index-bad/none.sql: no such file or directory`,
			`testdata/index-bad.yaml:34: dimensions[1].indicators[0].normalise.method: want minmax, target or zscore, got "rank"`,
			`testdata/index-bad.yaml:35: dimensions[1].indicators[0].weight: want a weight in (0, 1], got 1.5`,
			`testdata/index-bad.yaml:36: dimensions[1].indicators[0].min_evidence: want ≥ 0, got -1`,
			`testdata/index-bad.yaml:39: grades[1].min: grades go from the best down: 85 is not below 60`,
			`testdata/index-bad.yaml:40: shrinkage.k: want a finite k ≥ 0, got -1`,
			`testdata/index-bad.yaml:40: shrinkage.method: want buhlmann or fixed, got "bayes"`,
			`testdata/index-bad.yaml:41: bootstrap.level: want a level in (0, 1), e.g. 0.90, got 1.5`,
			`testdata/index-bad.yaml:41: bootstrap.replicates: want 0 (no bands) to 100000, got -5`,
			`testdata/index-bad.yaml:42: coverage.min_documents: want ≥ 0, got -1`,
			`testdata/index-bad.yaml:42: coverage.min_indicator_share: want a share in [0, 1], got 2`,
			`testdata/index-bad.yaml:43: repair.weight: want a share in [0, 1] (0: a repaired record stops counting), got 1.5`,
		}},
		{"testdata/not-yaml.yaml", []string{
			`testdata/not-yaml.yaml:1: invalid YAML: did not find expected ',' or ']'`,
		}},
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
			// Every problem, and in this order: the order is stable.
			if n := len(ps); n != len(tc.want) && tc.file != "testdata/missing.yaml" {
				t.Errorf("%d problems, want %d", n, len(tc.want))
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Errorf("problem %q out of order", w)
					break
				}
				at += i + len(w)
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
	cfg.Email.SMTP.PasswordEnv = "TW_TEST_SMTP_PASSWORD"
	c := &collector{file: "x"}
	cfg.validateEmail(c, env)
	if len(c.ps) != 0 || cfg.Loaded.Secrets.SMTPPassword != "s3cret" {
		t.Fatalf("problems %v, password %q; want none and the env value", c.ps, cfg.Loaded.Secrets.SMTPPassword)
	}
}
