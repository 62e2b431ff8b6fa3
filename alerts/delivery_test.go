package alerts_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/email"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestRefusedRecipientStopsNoOne sends two warnings to a recipient the real
// SMTP server accepts and one it refuses (550; mailpit.sh accepts only
// @localhost). Issue #9: the refused address stopped every warning, every
// run. Now the good recipient gets both, each failure is recorded, and the
// next evaluation retries only the refused recipient.
func TestRefusedRecipientStopsNoOne(t *testing.T) {
	smtp, api := os.Getenv("TRUSTWATCH_SMTP_ADDR"), os.Getenv("TRUSTWATCH_MAILPIT_URL")
	if smtp == "" || api == "" {
		if os.Getenv("TRUSTWATCH_REQUIRE_MAILPIT") != "" {
			t.Fatal("TRUSTWATCH_REQUIRE_MAILPIT is set but TRUSTWATCH_SMTP_ADDR or TRUSTWATCH_MAILPIT_URL is not")
		}
		t.Skip("no SMTP server (make test starts mailpit)")
	}
	good := fmt.Sprintf("good-%d@localhost", time.Now().UnixNano())
	s := storetest.Open(t)
	sender, err := email.New(email.Options{From: "tw@localhost", To: []string{good, "nobody@refused.invalid"}, SMTPAddr: smtp})
	if err != nil {
		t.Fatal(err)
	}
	a, err := alerts.New(alerts.Options{Store: s, Rules: []rule.Rule{{Name: "低分", Metric: "score", Op: "<", Threshold: ptr(50), Level: "红"}}, Notifier: sender})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := a.Evaluate(ctx, run)
	if err == nil || first.Failed != 2 || len(first.Notified) != 2 || !strings.Contains(err.Error(), "refused.invalid") {
		t.Fatalf("first: %d notified, %d failed, %v; want 2 notified, 2 failed, an error naming the refused address", len(first.Notified), first.Failed, err)
	}
	if n := countMail(t, api, good); n != 2 {
		t.Fatalf("%s received %d messages, want 2", good, n)
	}
	second, err := a.Evaluate(ctx, run)
	if err == nil || second.Failed != 2 || len(second.Notified) != 0 {
		t.Fatalf("second: %d notified, %d failed, %v; want the refused recipient retried (2 failures) and nothing resent", len(second.Notified), second.Failed, err)
	}
	if n := countMail(t, api, good); n != 2 {
		t.Fatalf("%s received %d messages after the retry, want still 2", good, n)
	}
	for q, want := range map[string]int64{
		"SELECT count() AS n FROM trustwatch.deliveries WHERE ok":                               2,
		"SELECT count() AS n FROM trustwatch.deliveries WHERE NOT ok AND response LIKE '%550%'": 4,
	} {
		if n, err := s.Count(ctx, q); err != nil || n != want {
			t.Errorf("%s: %d, %v; want %d", q, n, err, want)
		}
	}
}

func countMail(t *testing.T, api, addr string) int {
	t.Helper()
	resp, err := http.Get(api + "/api/v1/search?limit=50&query=" + url.QueryEscape("to:"+addr))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Messages []json.RawMessage `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return len(body.Messages)
}

var _ alerts.Notifier = (*email.Sender)(nil)
