package config

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"

	"github.com/trustwatch/trustwatch/alerts/route"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/auth"
	"github.com/trustwatch/trustwatch/index"
	"github.com/trustwatch/trustwatch/source"
	"github.com/trustwatch/trustwatch/text/classifier"
	"github.com/trustwatch/trustwatch/unit"
)

// Loaded is what Load derives from the files: resolved paths, the units and
// sources they name, and the secrets read from the environment.
type Loaded struct {
	File    string // the main config file
	Model   string // absolute path of classifier.model, or ""
	DataDir string // absolute
	Units   *unit.Registry
	Sources []source.Source
	Lexicon Lexicon
	Index   *index.System
	// IndexHash identifies the index file and its queries: runs record it, so
	// a run can be traced to the method that made it.
	IndexHash string
	Secrets   Secrets
	// Alerts are the rules and the warnings' lifecycle (alerts.yaml).
	Alerts rule.File
	// Recipients is the routing of warnings (recipients.yaml).
	Recipients route.File
	// Users are the desk's accounts (users.yaml), if named.
	Users []auth.User
	// Divisions is the absolute path of divisions when it exists, else "".
	Divisions string
	// Notes are things a reader should know that are not problems.
	Notes []string
}

// Secrets read from the environment variables the config names.
type Secrets struct {
	KafkaPassword, ClickHousePassword, SMTPPassword string
	// AckKey signs acknowledgement links; empty when its variable is unset.
	AckKey string
	// SessionKey signs the desk's login sessions; empty: a random key.
	SessionKey string
}

// LookupEnv reads an environment variable; os.LookupEnv in production.
type LookupEnv func(string) (string, bool)

// Load reads the config file and everything it names. Its error, if any, is
// Problems listing every problem found, in a stable order.
func Load(file string, env LookupEnv) (*Config, error) {
	if env == nil {
		env = os.LookupEnv
	}
	c := &collector{file: file}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, Problems{{File: file, Msg: fmt.Sprintf("read: %v", err)}}
	}
	cfg := &Config{}
	if !decodeStrict(c, data, cfg) {
		return nil, c.ps // what it names is unknown: checking the defaults' files would only add noise
	}
	cfg.setDefaults()
	cfg.validate(c, env)
	dir := filepath.Dir(file)
	cfg.Loaded.File = file
	cfg.Loaded.DataDir = resolve(dir, cfg.DataDir)
	checkDataDir(c, cfg.Loaded.DataDir)
	if cfg.Classifier.Model != "" {
		cfg.Loaded.Model = resolve(dir, cfg.Classifier.Model)
		checkModel(c, cfg.Loaded.Model)
	}
	if cfg.Divisions != "" {
		cfg.Loaded.Divisions = resolve(dir, cfg.Divisions)
		if st, err := os.Stat(cfg.Loaded.Divisions); err != nil || !st.IsDir() {
			cfg.Loaded.Notes = append(cfg.Loaded.Notes, fmt.Sprintf("divisions %s not found: places outside 郑州 are limited to the provinces", cfg.Loaded.Divisions))
			cfg.Loaded.Divisions = ""
		}
	}
	reg, ups := loadUnits(resolve(dir, cfg.Units))
	cfg.Loaded.Units = reg
	srcs, sps := loadSources(c, dir, cfg.Sources, reg)
	cfg.Loaded.Sources = srcs
	lx, lps := loadLexicon(resolve(dir, cfg.Lexicon))
	cfg.Loaded.Lexicon = lx
	ix, ips := loadIndex(resolve(dir, cfg.Index))
	cfg.Loaded.Index, cfg.Loaded.IndexHash = ix, indexHash(ix)
	af, aps := loadAlerts(resolve(dir, cfg.Alerts), ix, env, &cfg.Loaded)
	cfg.Loaded.Alerts = af
	if cfg.Loaded.Secrets.AckKey != "" && cfg.Serve.BaseURL == "" {
		c.add("serve.base_url", "required when %s is set: acknowledgement links point there (or set serve.addr)", af.Policy.AckKeyEnv)
	}
	rf, rps := loadRecipients(resolve(dir, cfg.Recipients), reg)
	cfg.Loaded.Recipients = rf
	var uaps Problems
	if cfg.Users != "" {
		cfg.Loaded.Users, uaps = loadUsers(resolve(dir, cfg.Users), reg)
	}
	if cfg.Serve.SessionKeyEnv == "" {
		cfg.Serve.SessionKeyEnv = "TRUSTWATCH_SESSION_KEY"
	}
	cfg.Loaded.Secrets.SessionKey, _ = env(cfg.Serve.SessionKeyEnv) // unset: a random key per process
	if k := cfg.Loaded.Secrets.SessionKey; k != "" && len(k) < 32 {
		c.add("serve.session_key_env", "%s holds %d bytes; a session key needs at least 32", cfg.Serve.SessionKeyEnv, len(k))
	}
	// The main file's problems last of all: loadSources adds to them.
	ps := slices.Concat(c.ps, ups, sps, lps, ips, aps, rps, uaps)
	if len(ps) > 0 {
		return nil, ps.sorted()
	}
	return cfg, nil
}

// checkDataDir refuses a data directory that is a file, or that cannot be
// created: every stage writes there.
func checkDataDir(c *collector, dir string) {
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		c.add("data_dir", "%s is a file, not a directory", dir)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		c.add("data_dir", "%v", err)
	case err != nil:
		if parent, perr := existingParent(dir); perr != nil || !parent.IsDir() {
			c.add("data_dir", "%s cannot be created: %v", dir, cmp.Or(perr, errors.New("a parent is a file")))
		}
	}
}

func existingParent(dir string) (os.FileInfo, error) {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err == nil || !errors.Is(err, os.ErrNotExist) || d == filepath.Dir(d) {
			return st, err
		}
	}
}

// checkModel reads the classifier model as ingest will, so a corrupt file
// is found by config check, not by the first document.
func checkModel(c *collector, path string) {
	f, err := os.Open(path)
	if err != nil {
		c.add("classifier.model", "%v (train one with: trustwatch classify train)", err)
		return
	}
	defer f.Close()
	if _, err := classifier.Load(f); err != nil {
		c.add("classifier.model", "%s: %v (train it again with: trustwatch classify train)", path, err)
	}
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	abs, err := filepath.Abs(filepath.Join(dir, p))
	if err != nil {
		return filepath.Join(dir, p)
	}
	return abs
}

// unitIDRe is what a unit id may be: ids become file names and URL paths,
// so nothing that could climb out of a directory.
var unitIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// loadUnits reads the units file.
func loadUnits(file string) (*unit.Registry, Problems) {
	c := &collector{file: file}
	data, err := os.ReadFile(file)
	if err != nil {
		c.add("", "read: %v", err)
		return nil, c.ps
	}
	var f struct {
		Districts   []unit.Unit `yaml:"districts"`
		Departments []unit.Unit `yaml:"departments"`
	}
	decodeStrict(c, data, &f)
	if len(f.Districts) == 0 {
		c.add("districts", "at least one district-level unit required: they are what is ranked")
	}
	validateUnits(c, "districts", f.Districts)
	validateUnits(c, "departments", f.Departments)
	checkUnique(c, append(append([]unit.Unit{}, f.Districts...), f.Departments...))
	if len(c.ps) > 0 {
		return nil, c.ps
	}
	reg, err := unit.NewRegistry(append(f.Districts, f.Departments...))
	if err != nil {
		c.add("", "%v", err)
		return nil, c.ps
	}
	return reg, nil
}

func validateUnits(c *collector, key string, us []unit.Unit) {
	for i, u := range us {
		p := fmt.Sprintf("%s[%d]", key, i)
		if u.ID == "" {
			c.add(p+".id", "required")
		} else if !unitIDRe.MatchString(u.ID) {
			c.add(p+".id", "%q: use lower-case letters, digits, - and _ only (ids name files and URLs)", u.ID)
		}
		if u.Name == "" {
			c.add(p+".name", "required")
		}
		if !slices.Contains(unit.Kinds, u.Kind) {
			c.add(p+".kind", "unknown kind %q (want %s)", u.Kind, joinWords(unit.Kinds))
		}
		if key == "departments" && u.Kind != unit.KindDepartment && u.Kind != "" {
			c.add(p+".kind", "a department's kind must be %s", unit.KindDepartment)
		}
	}
}

// checkUnique reports ids and names used by two units: attribution by name
// would be ambiguous.
func checkUnique(c *collector, us []unit.Unit) {
	ids := map[string]string{}
	names := map[string]string{}
	for _, u := range us {
		if prev, ok := ids[u.ID]; ok && u.ID != "" {
			c.add("", "unit id %q used by %s and %s", u.ID, prev, u.Name)
		}
		ids[u.ID] = u.Name
		for _, n := range u.Names() {
			if prev, ok := names[n]; ok && n != "" && prev != u.ID {
				c.add("", "name %q belongs to both %s and %s", n, prev, u.ID)
			}
			names[n] = u.ID
		}
	}
}

// loadSources reads each source file matched by the patterns.
func loadSources(main *collector, dir string, patterns []string, reg *unit.Registry) ([]source.Source, Problems) {
	var files []string
	for i, pat := range patterns {
		m, err := filepath.Glob(resolve(dir, pat))
		switch {
		case err != nil:
			main.add(fmt.Sprintf("sources[%d]", i), "bad pattern %q: %v", pat, err)
		case len(m) == 0:
			main.add(fmt.Sprintf("sources[%d]", i), "pattern %q matches no file", pat)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	var out []source.Source
	var ps Problems
	seen := map[string]string{}
	for _, f := range files {
		s, sps := loadSource(f, reg)
		ps = append(ps, sps...)
		if prev, dup := seen[s.ID]; dup && s.ID != "" {
			ps = append(ps, Problem{File: f, Path: "id", Msg: fmt.Sprintf("source id %q already used in %s", s.ID, prev)})
		}
		seen[s.ID] = f
		out = append(out, s)
	}
	return out, ps
}

func loadSource(file string, reg *unit.Registry) (source.Source, Problems) {
	c := &collector{file: file}
	var s source.Source
	data, err := os.ReadFile(file)
	if err != nil {
		c.add("", "read: %v", err)
		return s, c.ps
	}
	decodeStrict(c, data, &s)
	s.File = file
	known := func(id string) bool {
		if reg == nil {
			return true // the units file has its own problems
		}
		_, ok := reg.Get(id)
		return ok
	}
	for _, p := range s.Validate(known) {
		c.add(p.Path, "%s", p.Msg)
	}
	return s, c.ps
}
