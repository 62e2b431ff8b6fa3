package text

import (
	"strings"

	"github.com/trustwatch/trustwatch/unit"
)

// gazetteer maps names — a unit's names, aliases and its 街道/乡镇 — to the
// unit they belong to.
type gazetteer struct {
	byName map[string]string
	// cityStems are county-level cities without their final 市 (新密, 巩义): in
	// "新密市城市管理局" the 市城市管理局 a segmenter may see is 新密市's own bureau.
	cityStems map[string]string // stem → unit id
	dept      map[string]bool
}

func newGazetteer(units *unit.Registry) *gazetteer {
	g := &gazetteer{byName: map[string]string{}, dept: map[string]bool{}, cityStems: map[string]string{}}
	for _, u := range units.All() {
		for _, n := range u.Names() {
			g.byName[n] = u.ID
		}
		g.addPlaces(u)
		if u.Kind == unit.KindDepartment {
			g.dept[u.ID] = true
		}
		if stem, ok := strings.CutSuffix(u.Short, "市"); ok && u.Ranked() {
			g.cityStems[stem] = u.ID
		}
	}
	return g
}

// addPlaces maps a unit's 街道/乡镇, with and without their suffix (须水街道,
// 须水), but drops a name two units share (三官庙, 东风路街道): it is ambiguous.
func (g *gazetteer) addPlaces(u unit.Unit) {
	for _, p := range u.Places {
		names := []string{p}
		for _, suf := range []string{"街道", "镇", "乡"} {
			if stem, ok := strings.CutSuffix(p, suf); ok && len([]rune(stem)) >= 2 {
				names = append(names, stem+"街道办", stem+"办事处")
			}
		}
		for _, n := range names {
			if prev, ok := g.byName[n]; ok && prev != u.ID {
				g.byName[n] = ""
				continue
			}
			g.byName[n] = u.ID
		}
	}
}

func (g *gazetteer) words() []string {
	out := make([]string, 0, len(g.byName))
	for n := range g.byName {
		out = append(out, n)
	}
	return out
}

// find returns the units named in words (the segmentation of raw), in order
// of first mention.
func (g *gazetteer) find(raw string, words []token) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range words {
		w := t.text
		id := g.byName[w]
		if g.dept[id] {
			if city := g.cityBureau(raw, w); city != "" {
				id = city
			}
		}
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// cityBureau returns the county-level city whose own bureau a department's
// short name (市X局) is, when its first occurrence in raw follows that city's
// stem ("新密" + "市城市管理局"); else "".
func (g *gazetteer) cityBureau(raw, name string) string {
	i := strings.Index(raw, name)
	if !strings.HasPrefix(name, "市") || i < 0 {
		return ""
	}
	for stem, id := range g.cityStems {
		if strings.HasSuffix(raw[:i], stem) {
			return id
		}
	}
	return ""
}
