package config

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var regexpTwin = regexp.MustCompile(`twin crawled by the tests: configs/sources/(\S+)`)

// TestRealSourcesValid keeps the real-site definitions loadable: each is
// validated like any source, names its offline twin, and says it is not
// verified until someone checks it online.
func TestRealSourcesValid(t *testing.T) {
	files, _ := filepath.Glob("../configs/sources/real/*.yaml")
	if len(files) < 6 {
		t.Fatalf("%d real source definitions, want at least 6", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, ps := loadSource(f, nil)
			if len(ps) > 0 {
				t.Fatal(ps)
			}
			raw, _ := os.ReadFile(f)
			twin := regexpTwin.FindStringSubmatch(string(raw))
			if s.Verified != "no" || twin == nil {
				t.Fatalf("verified %q, twin %v: want \"no\" and a named offline twin", s.Verified, twin)
			}
			if _, err := os.Stat(filepath.Join("../configs/sources", twin[1])); err != nil {
				t.Fatalf("twin %s: %v", twin[1], err)
			}
		})
	}
}
