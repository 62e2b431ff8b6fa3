package rule

import (
	"fmt"
	"slices"
	"time"

	"github.com/trustwatch/trustwatch/document"
)

// File is configs/alerts.yaml: the rules, how their warnings live, and
// which warnings silence others.
type File struct {
	Rules   []Rule    `yaml:"rules"`
	Policy  Policy    `yaml:"policy"`
	Inhibit []Inhibit `yaml:"inhibit"`
}

// Policy is the warnings' lifecycle.
type Policy struct {
	// EvaluateEvery is how often `run` evaluates the rules that need no
	// ranking (spike, severe, overdue, hot, source) and sends what is due;
	// default 30s, so a severe record is mailed within a minute of ingest.
	EvaluateEvery time.Duration `yaml:"evaluate_every"`
	// GroupWait holds a new warning this long, so the unit's other warnings
	// raised with it go in the same mail; default 10s.
	GroupWait time.Duration `yaml:"group_wait"`
	// RepeatInterval re-sends a warning still firing and not acknowledged;
	// default 24h.
	RepeatInterval time.Duration `yaml:"repeat_interval"`
	// SendResolved mails a resolution notice when a warning clears; default true.
	SendResolved *bool `yaml:"send_resolved"`
	// EscalateAfter sends a warning of EscalateLevels to the supervisors when
	// nobody has acknowledged it this long after its first mail; default 4h.
	EscalateAfter  time.Duration `yaml:"escalate_after"`
	EscalateLevels []Level       `yaml:"escalate_levels"` // default 红, 橙
	// AckTTL is how long an acknowledgement link stays valid; default 168h.
	AckTTL time.Duration `yaml:"ack_ttl"`
	// AckKeyEnv names the environment variable holding the key that signs
	// acknowledgement links (at least 32 bytes); default TRUSTWATCH_ACK_KEY.
	// Unset: mails carry no link, and a note says so.
	AckKeyEnv string `yaml:"ack_key_env"`
	// RetryMin and RetryMax bound the exponential backoff between attempts
	// to send one mail; defaults 10s and 5m.
	RetryMin time.Duration `yaml:"retry_min"`
	RetryMax time.Duration `yaml:"retry_max"`
	// DigestAt is when digest routes get their daily mail, HH:MM in 郑州
	// time; default 08:00.
	DigestAt string `yaml:"digest_at"`
}

// DigestTime is the digest's time on t's day in 郑州, in UTC (DigestAt checked).
func (p Policy) DigestTime(t time.Time) time.Time {
	hm, _ := time.Parse("15:04", p.DigestAt)
	y, m, d := t.In(document.Shanghai).Date()
	return time.Date(y, m, d, hm.Hour(), hm.Minute(), 0, 0, document.Shanghai).UTC()
}

// Inhibit: a firing warning of level Source on a unit suppresses the unit's
// warnings of the Targets levels with the same cause.
type Inhibit struct {
	Source  Level   `yaml:"source"`
	Targets []Level `yaml:"targets"`
}

// Defaults fills what the file leaves unset, rules included.
func (f *File) Defaults() {
	for i := range f.Rules {
		f.Rules[i].Defaults()
	}
	p := &f.Policy
	setDur := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	setDur(&p.EvaluateEvery, 30*time.Second)
	setDur(&p.GroupWait, 10*time.Second)
	setDur(&p.RepeatInterval, 24*time.Hour)
	setDur(&p.EscalateAfter, 4*time.Hour)
	setDur(&p.AckTTL, 7*24*time.Hour)
	setDur(&p.RetryMin, 10*time.Second)
	setDur(&p.RetryMax, 5*time.Minute)
	if p.SendResolved == nil {
		yes := true
		p.SendResolved = &yes
	}
	if p.EscalateLevels == nil {
		p.EscalateLevels = []Level{Red, Orange}
	}
	if p.AckKeyEnv == "" {
		p.AckKeyEnv = "TRUSTWATCH_ACK_KEY"
	}
	if p.DigestAt == "" {
		p.DigestAt = "08:00"
	}
}

// Check returns the policy's and inhibitions' problems by field path.
func (f *File) Check() []Problem {
	var ps []Problem
	add := func(field, format string, a ...any) { ps = append(ps, Problem{field, fmt.Sprintf(format, a...)}) }
	p := f.Policy
	atLeast := func(field string, d, min time.Duration) {
		if d < min {
			add("policy."+field, "want %s or longer, got %s", min, d)
		}
	}
	atLeast("evaluate_every", p.EvaluateEvery, time.Second)
	atLeast("repeat_interval", p.RepeatInterval, time.Minute)
	atLeast("escalate_after", p.EscalateAfter, time.Minute)
	atLeast("ack_ttl", p.AckTTL, time.Hour)
	atLeast("retry_min", p.RetryMin, 100*time.Millisecond)
	if p.GroupWait < 0 || p.GroupWait > time.Hour {
		add("policy.group_wait", "want 0 to 1h, got %s", p.GroupWait)
	}
	if _, err := time.Parse("15:04", p.DigestAt); err != nil {
		add("policy.digest_at", "want HH:MM (郑州 time), got %q", p.DigestAt)
	}
	if p.RetryMax < p.RetryMin {
		add("policy.retry_max", "%s is shorter than retry_min %s", p.RetryMax, p.RetryMin)
	}
	for i, l := range p.EscalateLevels {
		if !slices.Contains(Levels, l) {
			add(fmt.Sprintf("policy.escalate_levels[%d]", i), "unknown level %q (want %s)", l, joinAny(Levels))
		}
	}
	for i, in := range f.Inhibit {
		at := fmt.Sprintf("inhibit[%d]", i)
		if !slices.Contains(Levels, in.Source) {
			add(at+".source", "unknown level %q (want %s)", in.Source, joinAny(Levels))
		}
		if len(in.Targets) == 0 {
			add(at+".targets", "at least one level required")
		}
		for j, l := range in.Targets {
			switch {
			case !slices.Contains(Levels, l):
				add(fmt.Sprintf("%s.targets[%d]", at, j), "unknown level %q (want %s)", l, joinAny(Levels))
			case l == in.Source:
				add(fmt.Sprintf("%s.targets[%d]", at, j), "a level cannot inhibit itself")
			}
		}
	}
	return ps
}

// Inhibits reports whether a firing warning of level src suppresses one of
// level dst with the same unit and cause.
func (f *File) Inhibits(src, dst Level) bool {
	for _, in := range f.Inhibit {
		if in.Source == src && slices.Contains(in.Targets, dst) {
			return true
		}
	}
	return false
}

// Named returns the rule called name.
func (f *File) Named(name string) (Rule, bool) {
	for _, r := range f.Rules {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}
