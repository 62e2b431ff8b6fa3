// Package unit defines the units TrustWatch evaluates — the 16 district-level
// units of 郑州 (区, 县, 县级市, 功能区) and the municipal departments (市直部门) —
// and a registry to look them up by id and name.
//
// It owns the noun, not the file: package config reads configs/units.yaml.
// Finding units in text is package text's job.
package unit

import "fmt"

// Kinds of unit, as written in configs/units.yaml.
const (
	KindDistrict   = "区"
	KindCounty     = "县"
	KindCity       = "县级市"
	KindZone       = "功能区"
	KindDepartment = "市直部门"
)

// Kinds lists the valid kinds.
var Kinds = []string{KindDistrict, KindCounty, KindCity, KindZone, KindDepartment}

// Unit is a district-level unit or a department.
type Unit struct {
	ID      string   `yaml:"id" json:"id"`           // stable, never reused
	Name    string   `yaml:"name" json:"name"`       // official name, e.g. 郑州市金水区
	Short   string   `yaml:"short" json:"short"`     // name used in running text, e.g. 金水区
	Kind    string   `yaml:"kind" json:"kind"`       // one of Kinds
	Code    string   `yaml:"code" json:"code"`       // 统计用区划代码, when it has one
	Aliases []string `yaml:"aliases" json:"aliases"` // other names of the same unit
	Places  []string `yaml:"places" json:"places"`   // 街道/乡镇 within a district-level unit
}

// Ranked reports whether the unit is one of the district-level units ranked
// against each other.
func (u Unit) Ranked() bool { return u.Kind != KindDepartment }

// Names returns every name that means the unit itself (not its places).
func (u Unit) Names() []string {
	return append([]string{u.Name, u.Short}, u.Aliases...)
}

// Registry holds the configured units.
type Registry struct {
	units []Unit
	byID  map[string]int
}

// NewRegistry indexes units; ids must be unique (config validates that first).
func NewRegistry(units []Unit) (*Registry, error) {
	r := &Registry{units: units, byID: make(map[string]int, len(units))}
	for i, u := range units {
		if _, dup := r.byID[u.ID]; dup {
			return nil, fmt.Errorf("unit id %q used twice", u.ID)
		}
		r.byID[u.ID] = i
	}
	return r, nil
}

// All returns every unit in configuration order.
func (r *Registry) All() []Unit { return r.units }

// Ranked returns the district-level units in configuration order.
func (r *Registry) Ranked() []Unit {
	var out []Unit
	for _, u := range r.units {
		if u.Ranked() {
			out = append(out, u)
		}
	}
	return out
}

// Departments returns the municipal departments in configuration order.
func (r *Registry) Departments() []Unit {
	var out []Unit
	for _, u := range r.units {
		if !u.Ranked() {
			out = append(out, u)
		}
	}
	return out
}

// Get returns the unit with the given id.
func (r *Registry) Get(id string) (Unit, bool) {
	i, ok := r.byID[id]
	if !ok {
		return Unit{}, false
	}
	return r.units[i], true
}
