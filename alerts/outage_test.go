package alerts_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/internal/mailpit"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/chdb"
)

// smtpProxy forwards TCP to the real SMTP server while up; while down its
// port refuses connections, as a server that is down does.
type smtpProxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func newProxy(t *testing.T, target string) *smtpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &smtpProxy{addr: ln.Addr().String(), target: target}
	ln.Close() // down until up()
	t.Cleanup(p.down)
	return p
}

func (p *smtpProxy) up(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
}

func (p *smtpProxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, c, s)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(s, c); s.Close() }()
	_, _ = io.Copy(c, s)
	c.Close()
}

func (p *smtpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestOutageKillRestart: warnings are raised while the SMTP server is down;
// TrustWatch is killed (-9) mid-outage and restarted once the server is
// back. Every mail arrives, none twice, and a third start sends nothing.
// Each TrustWatch is a child process (this test binary in child mode) on
// the same embedded store.
func TestOutageKillRestart(t *testing.T) {
	smtp, api := mailpit.Env(t)
	if testing.Short() {
		t.Skip("starts child processes")
	}
	storetest := t.TempDir()
	proxy := newProxy(t, smtp)
	suffix := fmt.Sprint(time.Now().UnixNano())
	child := func(raise bool) (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildAlerter$", "-test.v")
		cmd.Env = append(os.Environ(), "TW_CHILD_DIR="+storetest, "TW_CHILD_SMTP="+proxy.addr, "TW_CHILD_SUFFIX="+suffix,
			fmt.Sprintf("TW_CHILD_RAISE=%v", raise))
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd, bufio.NewScanner(out)
	}
	waitLine := func(sc *bufio.Scanner, ok func(sent, failed int) bool) {
		t.Helper()
		for sc.Scan() {
			var sent, failed int
			if _, err := fmt.Sscanf(sc.Text(), "tick sent=%d failed=%d", &sent, &failed); err == nil && ok(sent, failed) {
				return
			}
		}
		t.Fatal("child ended before the expected tick")
	}
	kill := func(cmd *exec.Cmd) {
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
	}
	// 1. The server is down: the warnings are raised and their mails stored;
	// attempts fail. Kill -9 after the second failure.
	c1, out1 := child(true)
	failures := 0
	waitLine(out1, func(sent, failed int) bool { failures += failed; return failures >= 2 })
	kill(c1)
	if n := len(mailpit.For(t, api, "zm-"+suffix+"@localhost")); n != 0 {
		t.Fatalf("%d mails arrived while the server was down", n)
	}
	// 2. The server is back; a new TrustWatch sends what was stored.
	proxy.up(t)
	c2, out2 := child(false)
	total := 0
	waitLine(out2, func(sent, failed int) bool { total += sent; return total >= 3 })
	waitLine(out2, func(int, int) bool { return true }) // one more tick: nothing else
	kill(c2)
	// 3. Another restart sends nothing again.
	c3, out3 := child(false)
	waitLine(out3, func(sent, _ int) bool {
		if sent > 0 {
			t.Fatalf("the third start sent %d mails", sent)
		}
		return true
	})
	kill(c3)
	for _, who := range []string{"zm", "js", "cxb"} {
		ms := mailpit.For(t, api, who+"-"+suffix+"@localhost")
		if len(ms) != 1 {
			t.Fatalf("%s received %d mails (%s), want exactly 1", who, len(ms), subjects(ms))
		}
	}
	// The store recorded every attempt.
	b, err := chdb.OpenBackend(storetest)
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(b)
	defer s.Close()
	for q, check := range map[string]func(int64) bool{
		"SELECT count() AS n FROM trustwatch.send_attempts WHERE ok":     func(n int64) bool { return n == 3 },
		"SELECT count() AS n FROM trustwatch.send_attempts WHERE NOT ok": func(n int64) bool { return n >= 2 },
		"SELECT count() AS n FROM trustwatch.v_notifications WHERE sent": func(n int64) bool { return n == 3 },
	} {
		n, err := s.Count(context.Background(), q)
		if err != nil || !check(n) {
			t.Fatalf("%s = %d, %v", q, n, err)
		}
	}
}

// TestChildAlerter is the child process of TestOutageKillRestart: an
// alerter on the store in TW_CHILD_DIR, with real time, ticking until
// killed and printing what each tick sent.
func TestChildAlerter(t *testing.T) {
	dir := os.Getenv("TW_CHILD_DIR")
	if dir == "" {
		t.Skip("the child of TestOutageKillRestart")
	}
	b, err := chdb.OpenBackend(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(b)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := newHarnessAt(t, s, lifecycleRules()[:1], time.Now(), os.Getenv("TW_CHILD_SMTP"), "", func(o *alerts.Options) {
		o.Now = time.Now
		o.Rules.Policy.GroupWait = 0
		o.Recipients = testRoutes(os.Getenv("TW_CHILD_SUFFIX"))
	})
	if os.Getenv("TW_CHILD_RAISE") == "true" {
		h.evaluate(h.monthRun(map[string]float64{"zhongmou": 35, "jinshui": 30, "xinmi": 20}, nil))
	}
	for {
		res, err := h.a.Tick(context.Background(), false)
		if err != nil && !strings.Contains(err.Error(), "smtp") {
			t.Fatal(err)
		}
		fmt.Printf("tick sent=%d failed=%d\n", res.Sent, res.Failed)
		time.Sleep(200 * time.Millisecond)
	}
}
