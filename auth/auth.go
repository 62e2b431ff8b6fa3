// Package auth is who may use the desk (configs/users.yaml) and how they
// prove it: users with roles and, for officials, their units; bcrypt
// password hashes; signed session cookies carrying a CSRF token; and a
// limiter on failed logins. Package config reads the users file, package
// web enforces what each role may see.
package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do.
type Role string

// The roles of the desk.
const (
	Evaluator Role = "evaluator" // every unit: rankings, warnings (ack, silence), reports, exports
	Official  Role = "official"  // only the units listed: their pages, warnings, exports
	Analyst   Role = "analyst"   // every unit, read-only, and the SQL endpoint
	Admin     Role = "admin"     // everything
)

// Roles lists the roles.
var Roles = []Role{Evaluator, Official, Analyst, Admin}

// User is one account of configs/users.yaml.
type User struct {
	Name     string   `yaml:"name"`     // login name
	Display  string   `yaml:"display"`  // shown on pages and in the audit, e.g. 王主任（中牟县政府办）
	Role     Role     `yaml:"role"`     // evaluator, official, analyst, admin
	Units    []string `yaml:"units"`    // an official's units (required for officials, none for others)
	Email    string   `yaml:"email"`    // where the outcome of their objections goes; optional
	Password string   `yaml:"password"` // a bcrypt hash ($2a$…, $2b$…): `trustwatch users hash` makes one
}

// Sees reports whether u may see a unit's pages, warnings and exports.
func (u User) Sees(unitID string) bool {
	return u.Role != Official || slices.Contains(u.Units, unitID)
}

// Can reports whether u may change warnings (acknowledge, silence).
func (u User) Can() bool { return u.Role == Evaluator || u.Role == Official || u.Role == Admin }

// SQL reports whether u may use the SQL endpoint.
func (u User) SQL() bool { return u.Role == Analyst || u.Role == Admin }

// Hash makes a bcrypt hash of a password.
func Hash(password string) (string, error) {
	if len(password) < 8 {
		return "", errors.New("a password needs at least 8 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// CheckHash reports what is wrong with a stored hash.
func CheckHash(h string) error {
	if _, err := bcrypt.Cost([]byte(h)); err != nil {
		return fmt.Errorf("not a bcrypt hash (make one with `trustwatch users hash`): %v", err)
	}
	return nil
}

// Users is the set of accounts.
type Users struct {
	byName map[string]User
}

// NewUsers indexes the accounts by name.
func NewUsers(us []User) *Users {
	m := make(map[string]User, len(us))
	for _, u := range us {
		m[u.Name] = u
	}
	return &Users{byName: m}
}

// dummy is compared when the name is unknown, so an unknown name takes as
// long as a wrong password.
var dummy, _ = bcrypt.GenerateFromPassword([]byte("no such user"), bcrypt.DefaultCost)

// Login returns the user whose name and password these are.
func (us *Users) Login(name, password string) (User, bool) {
	u, ok := us.byName[name]
	h := []byte(u.Password)
	if !ok {
		h = dummy
	}
	if bcrypt.CompareHashAndPassword(h, []byte(password)) != nil || !ok {
		return User{}, false
	}
	return u, true
}

// Get returns a user by name.
func (us *Users) Get(name string) (User, bool) {
	u, ok := us.byName[name]
	return u, ok
}

// Session is a logged-in user's cookie: who, until when, and the CSRF
// token every state-changing form must carry.
type Session struct {
	User    string
	Expires time.Time
	CSRF    string
}

// Sessions signs and verifies session cookies.
type Sessions struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// NewSessions signs with key (≥ 32 bytes; nil: a random key, so sessions
// end with the process).
func NewSessions(key []byte, ttl time.Duration, now func() time.Time) (*Sessions, error) {
	if key == nil {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
	}
	if len(key) < 32 {
		return nil, errors.New("auth: a session key needs at least 32 bytes")
	}
	if now == nil {
		now = time.Now
	}
	return &Sessions{key: key, ttl: ttl, now: now}, nil
}

// New starts a session for a user and returns its cookie value.
func (s *Sessions) New(user string) (Session, string) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	ss := Session{User: user, Expires: s.now().Add(s.ttl).Truncate(time.Second), CSRF: hex.EncodeToString(b)}
	payload := base64.RawURLEncoding.EncodeToString([]byte(ss.User)) + "." + strconv.FormatInt(ss.Expires.Unix(), 10) + "." + ss.CSRF
	return ss, payload + "." + s.sign(payload)
}

func (s *Sessions) sign(payload string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Parse verifies a cookie value.
func (s *Sessions) Parse(v string) (Session, bool) {
	parts := strings.Split(v, ".")
	if len(parts) != 4 {
		return Session{}, false
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(s.sign(payload)), []byte(parts[3])) {
		return Session{}, false
	}
	name, err := base64.RawURLEncoding.DecodeString(parts[0])
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || err2 != nil || !s.now().Before(time.Unix(exp, 0)) {
		return Session{}, false
	}
	return Session{User: string(name), Expires: time.Unix(exp, 0), CSRF: parts[2]}, true
}

// Limiter refuses logins for a key (a name, an address) after too many
// failures within a window.
type Limiter struct {
	mu       sync.Mutex
	max      int
	window   time.Duration
	failures map[string][]time.Time
	now      func() time.Time
}

// NewLimiter allows max failures per key within window.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{max: max, window: window, failures: map[string][]time.Time{}, now: now}
}

// Allowed reports whether a key may try now.
func (l *Limiter) Allowed(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key)) < l.max
}

// Fail records a failure.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.recent(key), l.now())
}

// Reset forgets a key's failures after a success.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	fs := slices.DeleteFunc(l.failures[key], func(t time.Time) bool { return t.Before(cut) })
	if len(fs) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = fs
	return fs
}
