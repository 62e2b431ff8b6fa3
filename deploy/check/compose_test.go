package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
)

var composeEnv = []string{
	"TRUSTWATCH_CLICKHOUSE_PASSWORD=check-password",
	"TRUSTWATCH_SESSION_KEY=0123456789abcdef0123456789abcdef0123",
	"TRUSTWATCH_ACK_KEY=0123456789abcdef0123456789abcdef0123",
}

// TestComposeFile loads deploy/compose/compose.yaml as docker compose
// would — schema, interpolation, merges — and checks the topology.
func TestComposeFile(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"../compose/compose.yaml"}, cli.WithEnv(composeEnv),
		cli.WithWorkingDirectory("../compose"), cli.WithResolvedPaths(true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	replicas := map[string]int{"crawl": 2, "ingest": 2, "schedule": 2, "serve": 1}
	for _, name := range []string{"kafka", "clickhouse", "crawl", "ingest", "schedule", "serve", "smtp", "prometheus", "grafana"} {
		s, ok := p.Services[name]
		if !ok {
			t.Errorf("no service %s", name)
			continue
		}
		if want, ok := replicas[name]; ok {
			got := 1
			if s.Deploy != nil && s.Deploy.Replicas != nil {
				got = *s.Deploy.Replicas
			}
			if got != want {
				t.Errorf("%s: %d replicas, want %d", name, got, want)
			}
			if s.Image != "trustwatch:latest" || s.Build == nil || len(s.Command) == 0 || !strings.Contains(strings.Join(s.Command, " "), "-metrics :9464") {
				t.Errorf("%s: image %q, build %v, command %v", name, s.Image, s.Build, s.Command)
			}
		}
		for _, v := range s.Volumes {
			if v.Type == "bind" {
				if _, err := os.Stat(v.Source); err != nil {
					t.Errorf("%s mounts %s: %v", name, v.Source, err)
				}
			}
		}
	}
	if _, err := os.Stat(filepath.Join("../..", "deploy/Dockerfile")); err != nil {
		t.Error(err)
	}
	// The required secrets are required: without them compose refuses to start.
	opts, _ = cli.NewProjectOptions([]string{"../compose/compose.yaml"}, cli.WithEnv(nil), cli.WithWorkingDirectory("../compose"))
	if _, err := opts.LoadProject(context.Background()); err == nil || !strings.Contains(err.Error(), "TRUSTWATCH_CLICKHOUSE_PASSWORD") {
		t.Errorf("loaded without the ClickHouse password: %v", err)
	}
}

// TestComposeConfigLoads loads the TrustWatch configuration the compose
// services run with, beside the shipped files as in the image.
func TestComposeConfigLoads(t *testing.T) {
	loadBeside(t, "../compose/trustwatch.yaml", "compose.yaml")
}
