package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trustwatch/trustwatch/alerts/route"
	"github.com/trustwatch/trustwatch/app"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/internal/mailpit"
)

// TestRunWarnsWithinAMinute runs `trustwatch run` on the sample web with
// the shipped rules (evaluate_every 30s, group_wait 10s) and mailpit: the
// severe records it ingests are mailed within 60 s of being stored (issue
// #12's latency goal, measured per warning from the signal's ingested_at to
// SMTP acceptance), and the acknowledgement link in a mail, served by `run`
// itself, records who acknowledged.
func TestRunWarnsWithinAMinute(t *testing.T) {
	smtp, api := mailpit.Env(t)
	if testing.Short() {
		t.Skip("runs the whole engine for a minute or two")
	}
	t.Setenv("TRUSTWATCH_ACK_KEY", "latency-test-key-0123456789abcdef0123")
	cfgPath, addrs := runConfig(t, smtp)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), io.Discard, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	msg := waitForMail(t, api, addrs, "重大失信记录", 3*time.Minute)
	ackLink(t, api, msg)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	done <- nil // for the deferred cleanup
	cfg, err := config.Load(cfgPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := app.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// Per severe warning: its first mail's acceptance minus its signal's storage.
	var rows []struct {
		Fingerprint string  `json:"fingerprint"`
		Seconds     float64 `json:"seconds"`
		AckedBy     string  `json:"acked_by"`
	}
	q := `SELECT w.fingerprint AS fingerprint, w.acked_by AS acked_by,
  dateDiff('millisecond', max(s.ingested_at), min(n.sent_at)) / 1000 AS seconds
FROM trustwatch.v_warnings AS w
INNER JOIN trustwatch.v_signals AS s ON s.doc_id = splitByChar('/', w.key)[1] AND s.unit_id = w.unit_id
INNER JOIN (SELECT arrayJoin(items) AS item, sent_at FROM trustwatch.v_notifications WHERE sent AND kind = 'firing') AS n
  ON n.item = concat(w.fingerprint, '@', toString(toUnixTimestamp64Milli(w.starts_at)))
WHERE w.kind = 'severe'
GROUP BY w.fingerprint, w.acked_by`
	if err := e.Store.SelectInto(context.Background(), q, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no severe warning was mailed")
	}
	var secs []float64
	acked := 0
	for _, r := range rows {
		secs = append(secs, r.Seconds)
		if r.AckedBy != "" {
			acked++
		}
	}
	slices.Sort(secs)
	t.Logf("latency from a severe signal stored to SMTP accepted, %d warnings: min %.1f s, median %.1f s, max %.1f s",
		len(secs), secs[0], secs[len(secs)/2], secs[len(secs)-1])
	if secs[len(secs)-1] > 60 {
		t.Fatalf("latency %.1f s > 60 s", secs[len(secs)-1])
	}
	if acked == 0 {
		t.Fatal("the acknowledgement through the link was not recorded")
	}
}

// runConfig writes a config for `run`: the shipped rules and units, a data
// directory of the test's own, mail to mailpit, routes with the test's own
// addresses, and the acknowledgement endpoint on a free port.
func runConfig(t *testing.T, smtp string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	root, _ := filepath.Abs("../../configs")
	suffix := fmt.Sprint(time.Now().UnixNano())
	rf := route.File{Default: route.Route{To: []string{"cxb-" + suffix + "@localhost"}},
		Operators: []string{"ops-" + suffix + "@localhost"}, Supervisors: []string{"dcs-" + suffix + "@localhost"}}
	raw, _ := os.ReadFile(filepath.Join(root, "recipients.yaml"))
	var shipped route.File
	if err := yaml.Unmarshal(raw, &shipped); err != nil {
		t.Fatal(err)
	}
	addrs := []string{rf.Default.To[0]}
	for i, r := range shipped.Routes {
		r.To, r.Cc = []string{fmt.Sprintf("r%d-%s@localhost", i, suffix)}, nil
		rf.Routes = append(rf.Routes, r)
		addrs = append(addrs, r.To[0])
	}
	out, _ := yaml.Marshal(rf)
	if err := os.WriteFile(filepath.Join(dir, "recipients.yaml"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serveAddr := ln.Addr().String()
	ln.Close()
	body := fmt.Sprintf(`data_dir: %[1]s/data
units: %[2]s/units.yaml
sources: [%[2]s/sources/*.yaml]
lexicon: %[2]s/lexicon/integrity.yaml
index: %[2]s/index.yaml
alerts: %[2]s/alerts.yaml
recipients: %[1]s/recipients.yaml
email: {from: "TrustWatch <tw@localhost>", smtp: {addr: "%[3]s"}}
serve: {addr: "%[4]s"}
`, dir, root, smtp, serveAddr)
	path := filepath.Join(dir, "trustwatch.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, addrs
}

// waitForMail polls mailpit until one of addrs has a mail whose subject
// contains want.
func waitForMail(t *testing.T, api string, addrs []string, want string, within time.Duration) mailpit.Message {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, a := range addrs {
			for _, m := range mailpit.For(t, api, a) {
				if strings.Contains(m.Subject, want) {
					return m
				}
			}
		}
		time.Sleep(2 * time.Second)
	}
	t.Fatalf("no mail about %s within %s", want, within)
	return mailpit.Message{}
}

var ackLinkRe = regexp.MustCompile(`http://\S+/alerts/ack\?\S+`)

// ackLink follows the first acknowledgement link of a mail as an official
// would: GET shows the form, POST records the acknowledgement.
func ackLink(t *testing.T, api string, m mailpit.Message) {
	t.Helper()
	resp, err := http.Get(api + "/api/v1/message/" + m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var full struct{ Text string }
	err = json.NewDecoder(resp.Body).Decode(&full)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	link := ackLinkRe.FindString(full.Text)
	if link == "" {
		t.Fatalf("no acknowledgement link in:\n%s", full.Text)
	}
	get, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(get.Body)
	get.Body.Close()
	if get.StatusCode != http.StatusOK || !strings.Contains(string(page), "确认人") {
		t.Fatalf("GET %s: %d\n%s", link, get.StatusCode, page)
	}
	u, _ := url.Parse(link)
	form := u.Query()
	form.Set("by", "测试员")
	post, err := http.PostForm(u.Scheme+"://"+u.Host+u.Path, form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(post.Body)
	post.Body.Close()
	if post.StatusCode != http.StatusOK || !strings.Contains(string(body), "已记录") {
		t.Fatalf("POST: %d\n%s", post.StatusCode, body)
	}
}
