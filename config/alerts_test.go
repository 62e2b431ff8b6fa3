package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBadAlertFiles checks every problem of each bad rules or routing file
// is reported with its file, line and field path (issue #12).
func TestBadAlertFiles(t *testing.T) {
	ix, ps := loadIndex("../configs/index.yaml")
	reg, ups := loadUnits("../configs/units.yaml")
	if len(ps)+len(ups) > 0 {
		t.Fatal(ps, ups)
	}
	noEnv := func(string) (string, bool) { return "", false }
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"unknown-kind.yaml", []string{`:2: rules[0].kind: unknown kind "forecast" (want threshold, spike, severe, overdue, hot, source, review)`}},
		{"stray-param.yaml", []string{`:5: rules[0].metric: not a parameter of kind severe`, `:6: rules[0].threshold: not a parameter of kind severe`}},
		{"spike-bad.yaml", []string{`:4: rules[0].p_value: want a probability in (0, 0.5), got 0.9`, `:5: rules[0].baseline_days: want 7 to 366, got 3`, `:6: rules[0].min_count: want 1 to 1000000, got -1`}},
		{"severe-bad.yaml", []string{`:4: rules[0].min_severity: want 1 to 5, got 9`, `:5: rules[0].within_days: want 1 to 3660, got -3`}},
		{"overdue-not-deadline.yaml", []string{`:4: rules[0].indicator: "praise" is not an indicator that counts deadlines (want one of sgs_timeliness, complaint_timely, or a query)`}},
		{"hot-bad.yaml", []string{`:4: rules[0].window: want between 1m and 720h, got 10s`, `:5: rules[0].min_docs: want 2 to 1000000, got 1`}},
		{"bad-duration.yaml", []string{":4: rules[0].window: cannot unmarshal !!str `six hours` into time.Duration"}},
		{"duplicate-name.yaml", []string{`:3: rules[1].name: rule name "低分" is already used at rules[0]`}},
		{"unknown-dimension.yaml", []string{`:2: rules[0].metric: unknown dimension "nope" (want one of lawful, open, diligent, keep, oversight)`, `:3: rules[1].threshold: must be a finite number, got +Inf`}},
		{"policy-bad.yaml", []string{`:4: policy.evaluate_every: want 1s or longer, got 100ms`, `:5: policy.group_wait: want 0 to 1h, got 2h0m0s`,
			`:7: policy.retry_max: 10s is shorter than retry_min 1m0s`, `:8: policy.escalate_levels[1]: unknown level "紫" (want 红, 橙, 黄, 蓝)`, `:9: policy.ack_ttl: want 1h0m0s or longer, got 5m0s`, `:10: policy.digest_at: want HH:MM (郑州 time), got "25:00"`}},
		{"inhibit-bad.yaml", []string{`:4: inhibit[0].targets[0]: a level cannot inhibit itself`, `:4: inhibit[0].targets[1]: unknown level "绿" (want 红, 橙, 黄, 蓝)`,
			`:5: inhibit[1].source: unknown level "紫" (want 红, 橙, 黄, 蓝)`, `:5: inhibit[1].targets: at least one level required`}},
		{"not-a-list.yaml", []string{":2: cannot unmarshal !!map into []rule.Rule"}},
		{"overdue-query-bad.yaml", []string{`:5: rules[0].query: give an indicator or a query, not both`,
			`:5: rules[0].query: cannot read nosuch.sql: open testdata/alerts-bad/nosuch.sql: no such file or directory`}},
	} {
		file := filepath.Join("testdata", "alerts-bad", tc.file)
		_, ps := loadAlerts(file, ix, noEnv, &Loaded{})
		checkProblems(t, file, ps.sorted(), tc.want)
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"unknown-unit.yaml", []string{`:6: routes[0].units[1]: unknown unit id "atlantis" (see units.yaml)`}},
		{"bad-address.yaml", []string{`:1: default.to[0]: bad address "诚信办 cxb@localhost": mail: no angle-addr`,
			`:7: routes[0].levels[1]: unknown level "紫"`, `:9: routes[0].cc[0]: bad address "not an address": mail: no angle-addr`}},
		{"names.yaml", []string{`: operators: at least one address required`, `: supervisors: at least one address required`,
			`:1: default.units: the default route takes every unit no route names; list none`,
			`:3: routes[0].name: "operators" is reserved`, `:9: routes[2].name: route name "金水" used twice`,
			`:10: routes[2].units: at least one unit id required`, `:11: routes[2].to: at least one address required`}},
	} {
		file := filepath.Join("testdata", "recipients-bad", tc.file)
		_, ps := loadRecipients(file, reg)
		checkProblems(t, file, ps.sorted(), tc.want)
	}
}

func checkProblems(t *testing.T, file string, ps Problems, want []string) {
	t.Helper()
	if len(ps) != len(want) {
		t.Fatalf("%s: %d problems, want %d:\n%s", file, len(ps), len(want), ps.Error())
	}
	for i, p := range ps {
		if !strings.HasSuffix(p.String(), want[i]) || !strings.HasPrefix(p.String(), file) {
			t.Errorf("%s: problem %d is\n  %s\nwant it to start with the file and end with\n  %s", file, i, p, want[i])
		}
	}
}

// TestAckKey: a key shorter than 32 bytes is refused; a missing key is a note.
func TestAckKey(t *testing.T) {
	ix, _ := loadIndex("../configs/index.yaml")
	short := func(k string) (string, bool) { return "short", k == "TRUSTWATCH_ACK_KEY" }
	if _, ps := loadAlerts("../configs/alerts.yaml", ix, short, &Loaded{}); len(ps) != 1 || !strings.Contains(ps[0].String(), "policy.ack_key_env: TRUSTWATCH_ACK_KEY holds 5 bytes") {
		t.Fatalf("short key: %v", ps)
	}
	var l Loaded
	if _, ps := loadAlerts("../configs/alerts.yaml", ix, func(string) (string, bool) { return "", false }, &l); len(ps) != 0 || len(l.Notes) != 1 || l.Secrets.AckKey != "" {
		t.Fatalf("no key: problems %v, notes %v", ps, l.Notes)
	}
	long := strings.Repeat("k", 32)
	if _, ps := loadAlerts("../configs/alerts.yaml", ix, func(string) (string, bool) { return long, true }, &l); len(ps) != 0 || l.Secrets.AckKey != long {
		t.Fatalf("good key: %v", ps)
	}
}
