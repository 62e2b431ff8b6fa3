package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int // -1: no error
		wantOut  string
		stdin    string
	}{
		{"help lists commands", []string{"help"}, -1, "config", ""},
		{"version", []string{"version"}, -1, "trustwatch dev", ""},
		{"unknown command", []string{"bogus"}, 2, "", ""},
		{"config check ok", []string{"config", "check", "-config", "../../configs/trustwatch.yaml"}, -1, "16 ranked", ""},
		{"config check reports problems", []string{"config", "check", "-config", "../../config/testdata/bad-values.yaml"}, 1, "", ""},
		{"config without check", []string{"config"}, 2, "", ""},
		{"bad flag", []string{"rank", "-nope"}, 2, "", ""},
		{"rank a 13th month", []string{"rank", "-period", "2026-13"}, 2, "", ""},
		{"rank a group that is none", []string{"rank", "-group", "counties"}, 2, "", ""},
		{"backfill backwards", []string{"rank", "-backfill", "2026-10..2026-01"}, 2, "", ""},
		{"backfill across kinds", []string{"rank", "-backfill", "2026-Q1..2026-10"}, 2, "", ""},
		{"run crawling every 0s", []string{"run", "-crawl-every", "0s"}, 2, "", ""},
		{"run crawling every millisecond", []string{"run", "-crawl-every", "1ms"}, 2, "", ""},
		{"sql without a query", []string{"sql", "-config", "../../configs/trustwatch.yaml"}, 2, "", ""},
		{"classify eval needs data", []string{"classify", "eval"}, 2, "", ""},
		{"classify without a verb", []string{"classify"}, 2, "", ""},
		{"analyze a complaint", []string{"analyze", "-config", "../../configs/trustwatch.yaml"}, -1,
			`"units":["zhongmou"],"mentions":[{"unit":"zhongmou","word":"中牟县","where":"title","start":0,"end":9}],"signals":[{"unit":"zhongmou","category":"政府债务与拖欠","polarity":-1,"severity":3,"evidence":"中牟县某工地拖欠农民工工资","where":"title","start":18,"end":24}]}`,
			`{"id":"m1","title":"中牟县某工地拖欠农民工工资","text":"至今未付。"}` + "\n"},
		{"analyze reports a bad line and goes on", []string{"analyze", "-config", "../../configs/trustwatch.yaml"}, 1,
			`{"id":"ok"`, "{not json\n" + `{"id":"ok","title":"金水区拖欠工程款"}` + "\n"},
		{"analyze skips a line over 16 MiB and reads on", []string{"analyze", "-config", "../../configs/trustwatch.yaml"}, 1,
			`{"id":"after"`, `{"id":"big","text":"` + strings.Repeat("拖欠", 3<<20) + `"}` + "\n" + `{"id":"after","title":"金水区拖欠工程款"}` + "\n"},
		{"analyze ignores blank lines and writes empty lists as []", []string{"analyze", "-config", "../../configs/trustwatch.yaml"}, -1,
			`{"id":"plain","tokens":1,"units":[],"signals":[]}`, "\n  \n" + `{"id":"plain","title":"天气晴好"}` + "\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, strings.NewReader(tc.stdin), &out, &errOut)
			switch {
			case tc.wantCode < 0 && err != nil:
				t.Fatalf("got error %v, want none", err)
			case tc.wantCode >= 0 && (err == nil || exitCode(err) != tc.wantCode):
				t.Fatalf("got %v, want exit code %d", err, tc.wantCode)
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Fatalf("stdout %q does not contain %q", out.String(), tc.wantOut)
			}
		})
	}
}

// TestHelpRunsNothing asks every command for its usage with a configuration
// that does not exist: a command that ran anyway would fail to load it.
func TestHelpRunsNothing(t *testing.T) {
	for name := range commands {
		for _, args := range [][]string{
			{name, "-config", "/nonexistent/trustwatch.yaml", "-h"},
			{"help", name},
			{"-config", "/nonexistent/trustwatch.yaml", name, "--help"},
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				var out, errOut bytes.Buffer
				if err := run(context.Background(), args, strings.NewReader(""), &out, &errOut); err != nil {
					t.Fatalf("got error %v, want usage and exit 0", err)
				}
				if !strings.Contains(out.String()+errOut.String(), "usage: trustwatch "+name) {
					t.Fatalf("no usage of %s in stdout %q / stderr %q", name, out.String(), errOut.String())
				}
			})
		}
	}
}

func TestGlobalFlagsBeforeCommand(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"-config", "../../configs/trustwatch.yaml", "config", "check"}, -1, "16 ranked"},
		{[]string{"-config=../../configs/trustwatch.yaml", "-v", "config", "check"}, -1, "16 ranked"},
		{[]string{"-config", "/nonexistent.yaml", "config", "check"}, 1, ""},
		{[]string{"-config"}, 2, ""},
		{[]string{"-period", "2026-10", "rank"}, 2, ""},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, strings.NewReader(""), &out, &errOut)
			if tc.wantCode < 0 && err != nil || tc.wantCode >= 0 && (err == nil || exitCode(err) != tc.wantCode) {
				t.Fatalf("got %v, want exit code %d", err, tc.wantCode)
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Fatalf("stdout %q does not contain %q", out.String(), tc.wantOut)
			}
		})
	}
}

// TestStoreCommands: operators write with store exec (one statement);
// analysts' sql refuses the same statement.
func TestStoreCommands(t *testing.T) {
	dir := t.TempDir()
	root, _ := filepath.Abs("../../configs")
	cfg := filepath.Join(dir, "tw.yaml")
	body := fmt.Sprintf("data_dir: %s/data\nunits: %s/units.yaml\nsources: [%s/sources/*.yaml]\nlexicon: %s/lexicon/integrity.yaml\nindex: %s/index.yaml\nalerts: %s/alerts.yaml\nrecipients: %s/recipients.yaml\n", dir, root, root, root, root, root, root)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"sql", "DROP TABLE trustwatch.job_runs"}, 2, ""},
		{[]string{"store", "exec", "SELECT 1; DROP TABLE trustwatch.job_runs"}, 2, ""},
		{[]string{"store", "exec", "TRUNCATE TABLE trustwatch.job_runs"}, -1, "ok"},
		{[]string{"store", "status"}, -1, "job_runs"},
		{[]string{"sql", "SELECT count() AS n FROM trustwatch.job_runs"}, -1, "n\n0\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"-config", cfg}, tc.args...), strings.NewReader(""), &out, &errOut)
			if tc.wantCode < 0 && err != nil || tc.wantCode >= 0 && (err == nil || exitCode(err) != tc.wantCode) {
				t.Fatalf("got %v, want exit code %d (stderr %s)", err, tc.wantCode, errOut.String())
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Fatalf("stdout %q does not contain %q", out.String(), tc.wantOut)
			}
		})
	}
}
