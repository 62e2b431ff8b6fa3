package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// ErrPrivateAddress is wrapped when a request would reach a loopback,
// private, link-local or otherwise internal address.
var ErrPrivateAddress = errors.New("private address refused (set allow_private on the source)")

// guard refuses internal addresses where it matters: in the dialer, on the
// address actually connected to. So a host name that resolves to 127.0.0.1,
// a redirect to 169.254.169.254 and the robots.txt colly fetches before any
// callback runs are all covered in one place.
type guard struct {
	allowPrivate bool           // the source crawls an internal site (the sample web)
	allow        []netip.Prefix // addresses treated as public (Options.AllowAddrs)
}

// internalPrefixes are the ranges a crawler of public sites never reaches,
// beyond what netip's predicates name: shared address space (CGNAT), the
// IETF protocol block, benchmarking, reserved and NAT64 ranges.
var internalPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// check returns an error for an address the crawler must not reach.
func (g guard) check(a netip.Addr) error {
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if g.allowPrivate {
		return nil
	}
	for _, p := range g.allow {
		if p.Contains(a) {
			return nil
		}
	}
	if internal(a) {
		return fmt.Errorf("%s: %w", a, ErrPrivateAddress)
	}
	return nil
}

func internal(a netip.Addr) bool {
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast() {
		return true
	}
	for _, p := range internalPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// dialer returns a dialer that checks each address it connects to.
func (g guard) dialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress) // not an IP: refuse rather than guess
		}
		return g.check(ap.Addr())
	}}
}

// checkHost refuses a literal internal address or localhost before a
// request is made, for a clearer report; the dialer is the real guard.
func (g guard) checkHost(host string) error {
	if a, err := netip.ParseAddr(host); err == nil {
		return g.check(a)
	}
	if g.allowPrivate {
		return nil
	}
	if h := strings.TrimSuffix(strings.ToLower(host), "."); h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return fmt.Errorf("%s: %w", host, ErrPrivateAddress)
	}
	return nil
}

// CheckAddr says whether a source without allow_private may reach a.
func CheckAddr(a netip.Addr) error { return guard{}.check(a) }
