package auth

import (
	"strings"
	"testing"
	"time"
)

func TestLoginAndSessions(t *testing.T) {
	h, err := Hash("correct horse")
	if err != nil || CheckHash(h) != nil {
		t.Fatal(h, err)
	}
	if _, err := Hash("short"); err == nil {
		t.Fatal("a 5-character password was hashed")
	}
	if CheckHash("plaintext") == nil {
		t.Fatal("a plain password passed as a hash")
	}
	us := NewUsers([]User{{Name: "zm", Role: Official, Units: []string{"zhongmou"}, Password: h}})
	if _, ok := us.Login("zm", "wrong"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, ok := us.Login("nobody", "correct horse"); ok {
		t.Fatal("unknown user accepted")
	}
	u, ok := us.Login("zm", "correct horse")
	if !ok || !u.Sees("zhongmou") || u.Sees("huiji") || u.SQL() || !u.Can() {
		t.Fatalf("official: %+v %v", u, ok)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ss, _ := NewSessions([]byte(strings.Repeat("k", 32)), time.Hour, clock)
	s, v := ss.New("zm")
	if got, ok := ss.Parse(v); !ok || got.User != s.User || got.CSRF != s.CSRF || !got.Expires.Equal(s.Expires) {
		t.Fatalf("parse: %+v %v", got, ok)
	}
	for _, bad := range []string{v + "x", strings.Replace(v, "em0", "YWRt", 1), "", "a.b.c.d"} {
		if _, ok := ss.Parse(bad); ok && bad != v {
			t.Fatalf("forged cookie %q accepted", bad)
		}
	}
	other, _ := NewSessions([]byte(strings.Repeat("o", 32)), time.Hour, clock)
	if _, ok := other.Parse(v); ok {
		t.Fatal("a cookie signed with another key accepted")
	}
	now = now.Add(2 * time.Hour)
	if _, ok := ss.Parse(v); ok {
		t.Fatal("an expired session accepted")
	}
	if _, err := NewSessions([]byte("short"), time.Hour, nil); err == nil {
		t.Fatal("a short key accepted")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(3, 15*time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if !l.Allowed("a") {
			t.Fatalf("refused after %d failures", i)
		}
		l.Fail("a")
	}
	if l.Allowed("a") || !l.Allowed("b") {
		t.Fatal("the limit is per key")
	}
	now = now.Add(16 * time.Minute)
	if !l.Allowed("a") {
		t.Fatal("failures older than the window still count")
	}
	l.Fail("a")
	l.Reset("a")
	if !l.Allowed("a") {
		t.Fatal("reset did not forget")
	}
}

// FuzzParseSession: a cookie is outside input; parsing never panics and
// accepts only what was signed.
func FuzzParseSession(f *testing.F) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ss, _ := NewSessions([]byte(strings.Repeat("k", 32)), time.Hour, func() time.Time { return now })
	payload := "cGluZ2ppYQ.1793500000.00112233445566778899aabbccddeeff" // pingjia, an hour on
	v := payload + "." + ss.sign(payload)
	f.Add(v)
	f.Add("..." + v)
	f.Add("x.y.z.w")
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := ss.Parse(s); ok && s != v {
			t.Fatalf("accepted %q as %+v", s, got)
		}
	})
}
