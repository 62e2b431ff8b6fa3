package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/alerts/route"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/unit"
)

// MinAckKeyBytes is the shortest key that may sign acknowledgement links.
const MinAckKeyBytes = 32

// loadAlerts reads and validates the rules file; rules may name the
// index's dimensions and indicators. It reads the acknowledgement key into
// loaded's secrets, and notes when there is none.
func loadAlerts(file string, ix *index.System, env LookupEnv, loaded *Loaded) (rule.File, Problems) {
	c := &collector{file: file}
	var f rule.File
	if !readStrict(c, file, &f) {
		return f, c.ps
	}
	f.Defaults()
	names := map[string]string{}
	rix := ruleIndex(ix)
	for i, r := range f.Rules {
		at := fmt.Sprintf("rules[%d]", i)
		if prev, ok := names[r.Name]; ok && r.Name != "" {
			c.add(at+".name", "rule name %q is already used at %s", r.Name, prev)
		}
		names[r.Name] = at
		for _, p := range r.Check(rix) {
			c.add(at+"."+p.Field, "%s", p.Msg)
		}
	}
	for _, p := range f.Check() {
		c.add(p.Field, "%s", p.Msg)
	}
	readRuleQueries(c, filepath.Dir(file), f.Rules)
	key, ok := env(f.Policy.AckKeyEnv)
	switch {
	case !ok || key == "":
		loaded.Notes = append(loaded.Notes, fmt.Sprintf("%s is not set: warning mails carry no acknowledgement link, and 红/橙 warnings escalate after %s", f.Policy.AckKeyEnv, f.Policy.EscalateAfter))
	case len(key) < MinAckKeyBytes:
		c.add("policy.ack_key_env", "%s holds %d bytes; an acknowledgement key needs at least %d", f.Policy.AckKeyEnv, len(key), MinAckKeyBytes)
	default:
		loaded.Secrets.AckKey = key
	}
	return f, c.ps
}

// readRuleQueries reads the SQL files overdue rules name, relative to the
// rules file, and checks they use only the placeholders analytics fills.
func readRuleQueries(c *collector, dir string, rules []rule.Rule) {
	for i := range rules {
		r := &rules[i]
		if r.Query == "" {
			continue
		}
		at := fmt.Sprintf("rules[%d].query", i)
		b, err := os.ReadFile(filepath.Join(dir, r.Query))
		if err != nil {
			c.add(at, "cannot read %s: %v", r.Query, err)
			continue
		}
		r.SQL = string(b)
		for _, m := range placeholderRe.FindAllStringSubmatch(r.SQL, -1) {
			if !slices.Contains(IndexPlaceholders, m[1]) {
				c.add(at, "%s uses {{%s}}; a rule's query may use only %s", r.Query, m[1], strings.Join(IndexPlaceholders, ", "))
			}
		}
	}
}

// ruleIndex is what rules may name of the index: dimensions, indicators,
// and the indicators that count deadlines (those with a deadline param).
func ruleIndex(ix *index.System) rule.Index {
	var out rule.Index
	if ix == nil {
		return rule.Index{Unknown: true}
	}
	for _, d := range ix.Dimensions {
		out.Dimensions = append(out.Dimensions, d.ID)
	}
	for _, in := range ix.Indicators() {
		out.Indicators = append(out.Indicators, in.ID)
		if _, ok := in.Params["deadline"]; ok {
			out.Deadlines = append(out.Deadlines, in.ID)
		}
	}
	return out
}

// loadRecipients reads and validates the routing file against the units.
func loadRecipients(file string, reg *unit.Registry) (route.File, Problems) {
	c := &collector{file: file}
	var f route.File
	if !readStrict(c, file, &f) {
		return f, c.ps
	}
	f.Defaults()
	known := func(id string) bool {
		if reg == nil {
			return true // the units file's own problems are reported
		}
		_, ok := reg.Get(id)
		return ok
	}
	for _, p := range f.Check(known) {
		c.add(p.Field, "%s", p.Msg)
	}
	return f, c.ps
}
