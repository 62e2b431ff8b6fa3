package ingest

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestDashboardMetricsExist keeps deploy/grafana's dashboard in step with the
// metrics ingest registers.
func TestDashboardMetricsExist(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	m.Documents.WithLabelValues("s", "k").Inc() // vectors appear once they have a child
	m.DeadLetters.WithLabelValues("r").Inc()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range families {
		have[f.GetName()] = true
	}
	raw, err := os.ReadFile("../deploy/grafana/dashboards/trustwatch-ingest.json")
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`trustwatch_ingest_[a-z_]+`).FindAllString(string(raw), -1)
	if len(used) == 0 {
		t.Fatal("the dashboard queries no trustwatch_ingest metric")
	}
	for _, name := range used {
		base := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			base = strings.TrimSuffix(base, suf)
		}
		if !have[base] {
			t.Errorf("dashboard queries %s, which ingest does not register", name)
		}
	}
}
