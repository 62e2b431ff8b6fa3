package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/trustwatch/trustwatch/crawler"
	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

// TestPrivateAddressGuard: 127.0.0.1 stands for a public site (AllowAddrs),
// 127.0.0.2 for the internal address an attacker aims at. Every way there
// that issue #9 found open — a redirect, robots.txt fetched before any
// callback, a host name that resolves to loopback, IPv6 and IPv4-mapped
// IPv6 — must be refused, and the internal server must see no request.
func TestPrivateAddressGuard(t *testing.T) {
	var internalHits atomic.Int64
	internal := listenOn(t, "127.0.0.2:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internalHits.Add(1)
		fmt.Fprint(w, `<html><body><h1>内部</h1><div class="info">2026-10-09</div><div class="content">机密</div></body></html>`)
	}))
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(internal, "http://"))
	mux := http.NewServeMux()
	mux.HandleFunc("/redirect.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal+"/secret.html", http.StatusFound)
	})
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<html><body><ul class="list"><li><a href="redirect.html">a</a></li><li><a href="%s/page.html">b</a></li>
<li><a href="http://[::ffff:127.0.0.2]:%s/page.html">d</a></li>
<li><a href="http://[::1]:%s/page.html">e</a></li></ul></body></html>`, internal, port, port)
	})
	public := listenOn(t, "127.0.0.1:0", mux)
	src := source.Source{ID: "guard", Name: "guard", Kind: source.KindNews, StartURLs: []string{public + "/index.html"},
		List: source.List{Item: "ul.list li a"}, Detail: source.Detail{Title: "h1", Body: "div.content", PublishedAt: "div.info"}}
	out := &sink{docs: map[string]document.Document{}}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: out.publish, Retries: -1,
		AllowAddrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	rep, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sr := rep.Sources[0]
	refused := 0
	for _, f := range sr.Failures {
		if strings.Contains(f.Reason, "private address refused") {
			refused++
		}
	}
	if internalHits.Load() != 0 || out.n != 0 || refused != 4 {
		t.Fatalf("internal server saw %d requests, %d documents published, %d refusals; want 0, 0 and all 4 links refused:\n%s",
			internalHits.Load(), out.n, refused, failures(sr))
	}
}

// TestPrivateHostName: a name that is not "localhost" but resolves to a
// loopback address (this machine's own name, from /etc/hosts) is refused at
// the dial, where the address is known.
func TestPrivateHostName(t *testing.T) {
	name, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	addrs, err := net.LookupHost(name)
	if err != nil || len(addrs) == 0 || !netip.MustParseAddr(addrs[0]).IsLoopback() {
		t.Skipf("host name %q does not resolve to loopback here (%v, %v)", name, addrs, err)
	}
	var hits atomic.Int64
	srv := listenOn(t, addrs[0]+":0", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv, "http://"))
	src := source.Source{ID: "name", Name: "name", Kind: source.KindNews, StartURLs: []string{"http://" + name + ":" + port + "/index.html"},
		List: source.List{Item: "a"}, Detail: source.Detail{Title: "h1", Body: "div", PublishedAt: "p"}}
	c, _ := crawler.New(crawler.Options{Sources: []source.Source{src}, Publish: (&sink{docs: map[string]document.Document{}}).publish, Retries: -1})
	rep, _ := c.Run(context.Background())
	if hits.Load() != 0 || !strings.Contains(failures(rep.Sources[0]), "private address refused") {
		t.Fatalf("%d requests reached the server; failures: %s", hits.Load(), failures(rep.Sources[0]))
	}
}

func listenOn(t *testing.T, addr string, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestGuardRanges(t *testing.T) {
	for _, a := range []string{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
		"::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "fe80::1", "fc00::1", "::", "64:ff9b::a9fe:a9fe", "224.0.0.1"} {
		if err := crawler.CheckAddr(netip.MustParseAddr(a)); !errors.Is(err, crawler.ErrPrivateAddress) {
			t.Errorf("%s: got %v, want refused", a, err)
		}
	}
	for _, a := range []string{"8.8.8.8", "202.102.224.68", "2400:3200::1"} {
		if err := crawler.CheckAddr(netip.MustParseAddr(a)); err != nil {
			t.Errorf("%s: got %v, want allowed", a, err)
		}
	}
}
