package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int // -1: no error
		wantOut  string
	}{
		{"help lists commands", []string{"help"}, -1, "config"},
		{"version", []string{"version"}, -1, "trustwatch dev"},
		{"unknown command", []string{"bogus"}, 2, ""},
		{"config check ok", []string{"config", "check", "-config", "../../configs/trustwatch.yaml"}, -1, "16 ranked"},
		{"config check reports problems", []string{"config", "check", "-config", "../../config/testdata/bad-values.yaml"}, 1, ""},
		{"config without check", []string{"config"}, 2, ""},
		{"bad flag", []string{"rank", "-nope"}, 2, ""},
		{"sql without a query", []string{"sql", "-config", "../../configs/trustwatch.yaml"}, 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, &out, &errOut)
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
