// Package mailpit reads what a real SMTP server (mailpit, started by make
// test: deploy/local/mailpit.sh) received, for tests that send mail.
package mailpit

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// Env returns the SMTP address and the API of the test mail server; a test
// skips without them unless TRUSTWATCH_REQUIRE_MAILPIT says they must be there.
func Env(t testing.TB) (smtp, api string) {
	t.Helper()
	smtp, api = os.Getenv("TRUSTWATCH_SMTP_ADDR"), os.Getenv("TRUSTWATCH_MAILPIT_URL")
	if smtp == "" || api == "" {
		if os.Getenv("TRUSTWATCH_REQUIRE_MAILPIT") != "" {
			t.Fatal("TRUSTWATCH_REQUIRE_MAILPIT is set but TRUSTWATCH_SMTP_ADDR or TRUSTWATCH_MAILPIT_URL is not")
		}
		t.Skip("no SMTP server (make test starts mailpit)")
	}
	return smtp, api
}

// Message is a message as mailpit lists it.
type Message struct {
	ID, MessageID, Subject string
	To, Cc                 []struct{ Address string }
}

// For returns the messages addressed to addr (in To or Cc); addr may be
// written "Name <a@b>".
func For(t testing.TB, api, addr string) []Message {
	t.Helper()
	if i := strings.Index(addr, "<"); i >= 0 {
		addr = strings.TrimSuffix(addr[i+1:], ">")
	}
	resp, err := http.Get(api + "/api/v1/search?limit=500&query=" + url.QueryEscape("addressed:"+addr))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Messages []Message }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	var out []Message
	for _, m := range body.Messages {
		for _, a := range append(m.To, m.Cc...) {
			if a.Address == addr {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Subjects lists the messages' subjects.
func Subjects(ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}
