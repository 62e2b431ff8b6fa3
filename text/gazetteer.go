package text

import (
	"strings"

	"github.com/trustwatch/trustwatch/document"
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
		// NBS writes 经开区's streets with the zone's name in front
		// (郑州经济技术开发区明湖街道); texts say 明湖街道.
		if rest, ok := strings.CutPrefix(p, u.Name); ok && len([]rune(rest)) >= 3 {
			names = append(names, rest)
		}
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

// mentions returns the units named in words (the segmentation of raw), in
// order of first mention, with where each was first named.
func (g *gazetteer) mentions(raw, where string, words []token) ([]string, []document.Mention) {
	var out []string
	var ms []document.Mention
	seen := map[string]bool{}
	for _, t := range words {
		if t.info == nil || t.info.unit == "" {
			continue
		}
		w, id := t.text, t.info.unit
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
		ms = append(ms, document.Mention{Unit: id, Word: w, Where: where, Start: t.start, End: t.start + len(w)})
	}
	return out, ms
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

// signatureWords may stand in a signature line besides unit names and a date.
var signatureWords = map[string]bool{"办公室": true, "人民政府": true, "政府": true, "管委会": true, "管理委员会": true, "年": true, "月": true, "日": true}

// beforeSignature returns the tokens of text before a closing signature: the
// last lines or sentences (up to three) made only of unit names, office words
// and a date.
func beforeSignature(text string, tokens []token, g *gazetteer) []token {
	body := strings.TrimRight(text, " \n　")
	var cuts []int
	for end := len(body); len(cuts) < 3; {
		c := strings.LastIndexAny(body[:end], "。！？\n")
		if c < 0 {
			break
		}
		cuts = append(cuts, c)
		end = c
	}
	for i := len(cuts) - 1; i >= 0; i-- { // the longest tail first
		if n := firstAfter(tokens, cuts[i]); n < len(tokens) && isSignature(tokens[n:], g) {
			return tokens[:n]
		}
	}
	return tokens
}

func firstAfter(tokens []token, pos int) int {
	for i, t := range tokens {
		if t.start > pos {
			return i
		}
	}
	return len(tokens)
}

func isSignature(tail []token, g *gazetteer) bool {
	named := false
	for _, t := range tail {
		w := strings.TrimSpace(t.text)
		switch {
		case w == "" || strings.Trim(w, "0123456789。！？\n　 ") == "":
		case t.info != nil && t.info.unit != "":
			named = true
		case !signatureWords[w]:
			return false
		}
	}
	return named
}
