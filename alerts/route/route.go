// Package route is who receives warnings (configs/recipients.yaml): per
// unit and level the responsible officials and those in copy, a default
// route for the rest, the operators who hear of broken sources, the
// supervisors warnings escalate to, and the evaluators who hear of
// objections overdue for review. It owns the nouns, their checks and
// the matching; package config reads the file, package alerts sends.
package route

import (
	"fmt"
	"net/mail"
	"slices"

	"github.com/trustwatch/trustwatch/alerts/rule"
)

// Reserved route names: the default route, the operators' and the
// supervisors'. Routes in the file may not use them.
const (
	Default     = "default"
	Operators   = "operators"
	Supervisors = "supervisors"
	Evaluators  = "evaluators"
)

// File is configs/recipients.yaml.
type File struct {
	// Default receives the warnings of units no route names: the
	// evaluation office, say.
	Default Route `yaml:"default"`
	// Operators receive source-health warnings, which are never a unit's.
	Operators []string `yaml:"operators"`
	// Supervisors (e.g. 市政府督查室) receive escalations.
	Supervisors []string `yaml:"supervisors"`
	// Evaluators hear of objections overdue for review; default the
	// default route's addresses.
	Evaluators []string `yaml:"evaluators"`
	Routes     []Route  `yaml:"routes"`
}

// Route sends the warnings of some units, at some levels, to officials.
type Route struct {
	Name   string       `yaml:"name"`   // unique; it keys what was sent to whom
	Units  []string     `yaml:"units"`  // unit ids
	Levels []rule.Level `yaml:"levels"` // default every level
	To     []string     `yaml:"to"`
	Cc     []string     `yaml:"cc"`
	// Digest sends the route one mail a day (policy.digest_at) listing its
	// warnings new, still firing and resolved, instead of a mail per
	// warning; 红 warnings are mailed at once all the same.
	Digest bool `yaml:"digest"`
}

// Problem is one thing wrong with the file, at a field path.
type Problem struct{ Field, Msg string }

// Defaults names the reserved routes.
func (f *File) Defaults() {
	f.Default.Name = Default
	for i := range f.Routes {
		if len(f.Routes[i].Levels) == 0 {
			f.Routes[i].Levels = slices.Clone(rule.Levels)
		}
	}
}

// Check returns what is wrong; known says whether a unit id exists.
func (f *File) Check(known func(id string) bool) []Problem {
	var ps []Problem
	add := func(field, format string, a ...any) { ps = append(ps, Problem{field, fmt.Sprintf(format, a...)}) }
	addrs := func(field string, as []string, required bool) {
		if required && len(as) == 0 {
			add(field, "at least one address required")
		}
		for i, a := range as {
			if _, err := mail.ParseAddress(a); err != nil {
				add(fmt.Sprintf("%s[%d]", field, i), "bad address %q: %v", a, err)
			}
		}
	}
	addrs("default.to", f.Default.To, true)
	addrs("default.cc", f.Default.Cc, false)
	if len(f.Default.Units) > 0 {
		add("default.units", "the default route takes every unit no route names; list none")
	}
	addrs("operators", f.Operators, true)
	addrs("supervisors", f.Supervisors, true)
	addrs("evaluators", f.Evaluators, false)
	names := map[string]bool{}
	for i, r := range f.Routes {
		at := fmt.Sprintf("routes[%d]", i)
		switch {
		case r.Name == "":
			add(at+".name", "required")
		case r.Name == Default || r.Name == Operators || r.Name == Supervisors || r.Name == Evaluators:
			add(at+".name", "%q is reserved", r.Name)
		case names[r.Name]:
			add(at+".name", "route name %q used twice", r.Name)
		}
		names[r.Name] = true
		if len(r.Units) == 0 {
			add(at+".units", "at least one unit id required")
		}
		for j, u := range r.Units {
			if !known(u) {
				add(fmt.Sprintf("%s.units[%d]", at, j), "unknown unit id %q (see units.yaml)", u)
			}
		}
		for j, l := range r.Levels {
			if !slices.Contains(rule.Levels, l) {
				add(fmt.Sprintf("%s.levels[%d]", at, j), "unknown level %q", l)
			}
		}
		addrs(at+".to", r.To, true)
		addrs(at+".cc", r.Cc, false)
	}
	return ps
}

// For returns the routes of a unit's warning at a level: every route
// naming the unit and level, else the default route.
func (f *File) For(unitID string, level rule.Level) []Route {
	var out []Route
	for _, r := range f.Routes {
		if slices.Contains(r.Units, unitID) && slices.Contains(r.Levels, level) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		out = append(out, f.Default)
	}
	return out
}

// Named returns a route by name, the reserved ones included.
func (f *File) Named(name string) (Route, bool) {
	switch name {
	case Default:
		return f.Default, true
	case Operators:
		return Route{Name: Operators, To: f.Operators}, true
	case Supervisors:
		return Route{Name: Supervisors, To: f.Supervisors}, true
	case Evaluators:
		if len(f.Evaluators) == 0 {
			return Route{Name: Evaluators, To: f.Default.To}, true
		}
		return Route{Name: Evaluators, To: f.Evaluators}, true
	}
	for _, r := range f.Routes {
		if r.Name == name {
			return r, true
		}
	}
	return Route{}, false
}
