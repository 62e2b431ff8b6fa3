package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as the main configuration file: Load must
// never panic, and every problem it reports names its file.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"good.yaml", "bad-values.yaml", "unknown-fields.yaml", "not-yaml.yaml"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("alerts: {rules: [{name: a, threshold: .nan}]}"))
	f.Add([]byte("kafka: {partitions: [1, 2]}\nsources: ['[']"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "trustwatch.yaml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(file, noEnv)
		ps, ok := err.(Problems)
		if err != nil && !ok {
			t.Fatalf("error of type %T, want Problems: %v", err, err)
		}
		for _, p := range ps {
			if p.File == "" || strings.TrimSpace(p.Msg) == "" {
				t.Fatalf("problem without a file or message: %+v", p)
			}
		}
	})
}

// FuzzAlertFiles feeds arbitrary bytes as the rules file and as the routing
// file: loading must never panic, and every problem names its file.
func FuzzAlertFiles(f *testing.F) {
	for _, p := range []string{"../configs/alerts.yaml", "../configs/recipients.yaml", "testdata/alerts-bad/policy-bad.yaml", "testdata/recipients-bad/names.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	ix, _ := loadIndex("../configs/index.yaml")
	reg, _ := loadUnits("../configs/units.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "x.yaml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, aps := loadAlerts(file, ix, noEnv, &Loaded{})
		_, rps := loadRecipients(file, reg)
		for _, p := range append(aps, rps...) {
			if p.File != file || strings.TrimSpace(p.Msg) == "" {
				t.Fatalf("problem without its file or a message: %+v", p)
			}
		}
	})
}
