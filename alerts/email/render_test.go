package email

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sampleWarning() alerts.Warning {
	return alerts.Warning{
		Fingerprint: "失信信号偏多|zhongmou|2026-10", RunID: "20261101T020000-abcdef", Rule: "失信信号偏多",
		Level: "橙", UnitID: "zhongmou", UnitName: "中牟县", Period: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Metric: "negatives", MetricName: "失信信号数", Value: 12, Op: ">=", Threshold: 10, Rank: 16, Of: 16,
		Evidence: []alerts.Evidence{{Category: "政府债务与拖欠", Severity: 3, Date: "2026-10-12",
			Text: "总包单位自2026年5月起一直拖欠我们的工资，共计120万元。", Title: "白沙镇安置房建设项目拖欠农民工工资3个月",
			URL: "http://127.0.0.1:8080/12345/detail?mid=100123"}},
	}
}

func TestRenderGolden(t *testing.T) {
	subject, body := Render(sampleWarning())
	got := "Subject: " + subject + "\n\n" + body
	golden := filepath.Join("testdata", "warning.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./alerts/email -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("rendered warning differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

func TestOutbox(t *testing.T) {
	dir := t.TempDir()
	s, err := New(Options{From: "TrustWatch <tw@localhost>", To: []string{"督查室 <dc@localhost>"}, OutboxDir: dir,
		Now: func() time.Time { return time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Notify(t.Context(), sampleWarning(), "督查室 <dc@localhost>")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(d.Location)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	wantSubject, wantBody := Render(sampleWarning())
	if d.Channel != "outbox" || msg.Subject != wantSubject || msg.Body != wantBody {
		t.Fatalf("outbox message: channel %s, subject %q, body ok %v; want outbox, %q", d.Channel, msg.Subject, msg.Body == wantBody, wantSubject)
	}
}
