package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/config"
)

// loadBeside copies configs/ to a directory as the image holds it in
// /etc/trustwatch, writes the deploy configuration beside them as name, and
// loads it with TrustWatch's own checks.
func loadBeside(t *testing.T, src, name string) *config.Config {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	return loadText(t, string(raw), name)
}

func loadText(t *testing.T, text, name string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../configs")); err != nil {
		t.Fatal(err)
	}
	text = strings.ReplaceAll(text, "/var/lib/trustwatch", filepath.Join(dir, "data"))
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, kv := range composeEnv {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	cfg, err := config.Load(path, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatalf("%s: %v", src(name), err)
	}
	return cfg
}

func src(name string) string { return name }
