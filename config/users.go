package config

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"

	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/unit"
)

var userNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// usersFile is configs/users.yaml.
type usersFile struct {
	Users []auth.User `yaml:"users"`
}

// loadUsers reads and validates the desk's accounts.
func loadUsers(file string, reg *unit.Registry) ([]auth.User, Problems) {
	c := &collector{file: file}
	var f usersFile
	if !readStrict(c, file, &f) {
		return nil, c.ps
	}
	seen := map[string]string{}
	for i, u := range f.Users {
		at := fmt.Sprintf("users[%d]", i)
		switch {
		case !userNameRe.MatchString(u.Name):
			c.add(at+".name", "%q: want 2–32 lower-case letters, digits, '.', '_' or '-'", u.Name)
		case seen[u.Name] != "":
			c.add(at+".name", "%q is already used at %s", u.Name, seen[u.Name])
		default:
			seen[u.Name] = at
		}
		if !slices.Contains(auth.Roles, u.Role) {
			c.add(at+".role", "unknown role %q (want evaluator, official, analyst, admin)", u.Role)
		}
		switch {
		case u.Role == auth.Official && len(u.Units) == 0:
			c.add(at+".units", "an official needs the ids of their units")
		case u.Role != auth.Official && len(u.Units) > 0:
			c.add(at+".units", "only officials are limited to units; a %s sees every unit", u.Role)
		}
		for j, id := range u.Units {
			if _, ok := reg.Get(id); reg != nil && !ok {
				c.add(fmt.Sprintf("%s.units[%d]", at, j), "unknown unit id %q (see units.yaml)", id)
			}
		}
		if _, err := mail.ParseAddress(u.Email); u.Email != "" && err != nil {
			c.add(at+".email", "bad address %q: %v", u.Email, err)
		}
		if err := auth.CheckHash(u.Password); err != nil {
			c.add(at+".password", "%v", err)
		}
	}
	return f.Users, c.ps
}
