package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/unit"
)

// gazetteer maps names — a unit's names, aliases and its 街道/乡镇 — to the
// unit they belong to, and knows the places outside 郑州 that share some of
// those names.
type gazetteer struct {
	byName map[string]string
	dept   map[string]bool
	trie   *nameTrie
}

func newGazetteer(units *unit.Registry, places Places) *gazetteer {
	g := &gazetteer{byName: map[string]string{}, dept: map[string]bool{}}
	for _, u := range units.All() {
		for _, n := range u.Names() {
			g.byName[n] = u.ID
		}
		g.addPlaces(u)
		if u.Kind == unit.KindDepartment {
			g.dept[u.ID] = true
		}
	}
	g.trie = g.buildTrie(units, places)
	return g
}

// zoneWords mark the names of functional zones that most Chinese cities have
// (高新区, 经开区, 航空港区): such a name means 郑州's only when anchored.
var zoneWords = []string{"高新", "经开区", "开发区", "港区", "航空港", "综合实验区", "保税区"}

// buildTrie puts every name in one trie: the units' names, the bare stems of
// counties and county-level cities (中牟, 新郑), the anchors (郑州, 河南) and
// the places outside 郑州.
func (g *gazetteer) buildTrie(units *unit.Registry, places Places) *nameTrie {
	t := newNameTrie()
	for _, o := range places.Other {
		if _, ours := g.byName[o]; !ours {
			t.add(o, nameEntry{kind: nameOther})
		}
	}
	for _, a := range anchors {
		t.add(a, nameEntry{kind: nameAnchor})
	}
	for name, id := range g.byName {
		if id != "" {
			t.add(name, nameEntry{kind: nameUnit, unit: id, generic: g.generic(name, id, places)})
		}
	}
	for _, u := range units.Ranked() {
		if u.Kind != unit.KindCounty && u.Kind != unit.KindCity {
			continue
		}
		stem := strings.TrimSuffix(strings.TrimSuffix(u.Short, "县"), "市")
		if utf8.RuneCountInString(stem) >= 2 && stem != u.Short {
			t.add(stem, nameEntry{kind: nameUnit, unit: u.ID, generic: true, stem: true})
			// The stem with 县 or 市 is the unit's name, or its name before it
			// became a city (荥阳县委): as sure as the official name.
			t.add(stem+"县", nameEntry{kind: nameUnit, unit: u.ID})
			t.add(stem+"市", nameEntry{kind: nameUnit, unit: u.ID})
		}
	}
	return t
}

// generic reports whether other cities have a unit of this name too: a
// department's short form (市公安局), a functional zone's name without 郑州
// (高新区), or the tail of a place's name elsewhere (经济技术开发区).
func (g *gazetteer) generic(name, id string, places Places) bool {
	if strings.Contains(name, "郑州") {
		return false
	}
	if g.dept[id] && strings.HasPrefix(name, "市") {
		return true
	}
	for _, z := range zoneWords {
		if strings.Contains(name, z) {
			return true
		}
	}
	for _, o := range places.Other {
		if len(o) > len(name) && strings.HasSuffix(o, name) {
			return true
		}
	}
	return false
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

// mentions returns the units named in raw (found by hits, cut at limit),
// in order of first mention, with where each was first named. A generic name
// counts only when anchored to 郑州 (anchored); fallback is whether the
// document as a whole is.
func (g *gazetteer) mentions(raw, where string, hits []nameHit, limit int, fallback bool) ([]string, []document.Mention) {
	var out []string
	var ms []document.Mention
	seen := map[string]bool{}
	for i, h := range hits {
		if h.kind != nameUnit || h.end > limit {
			continue
		}
		if h.generic && !anchored(raw, hits, i, fallback) {
			continue
		}
		// 新密市城市管理局 is 新密市's own bureau, not 市城市管理局: the trie's
		// leftmost-longest match reads 新密市 first, so the department's short
		// form is never matched there.
		id := h.unit
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
		ms = append(ms, document.Mention{Unit: id, Word: h.word, Where: where, Start: h.start, End: h.end})
	}
	return out, ms
}

// anchored decides whether the generic name hits[i] is 郑州's: the nearest
// place named before it in its sentence decides — 郑州, 河南 or a 郑州 unit's
// own name yes, any other place no; with none, fallback decides.
func anchored(raw string, hits []nameHit, i int, fallback bool) bool {
	for j := i - 1; j >= 0; j-- {
		if strings.ContainsAny(raw[hits[j].end:hits[i].start], sentenceEnds) {
			break
		}
		switch h := hits[j]; {
		case h.kind == nameAnchor, h.kind == nameUnit && !h.generic:
			return true
		case h.kind == nameOther:
			return false
		}
	}
	return fallback
}

// docAnchored says whether a document is 郑州's as a whole: it comes from a
// 郑州 source, or it names 郑州, 河南 or a 郑州 unit by its own name and no
// place elsewhere.
func docAnchored(local bool, parts ...[]nameHit) bool {
	if local {
		return true
	}
	ours := false
	for _, hits := range parts {
		for _, h := range hits {
			switch {
			case h.kind == nameOther:
				return false
			case h.kind == nameAnchor, h.kind == nameUnit && !h.generic:
				ours = true
			}
		}
	}
	return ours
}

// signatureWords may stand in a signature line besides unit names and a date.
var signatureWords = map[string]bool{"办公室": true, "人民政府": true, "政府": true, "管委会": true, "管理委员会": true, "年": true, "月": true, "日": true}

// signatureStart returns the byte offset where a closing signature begins
// (len(text) when there is none).
func signatureStart(text string, tokens []token, g *gazetteer) int {
	if n := len(beforeSignature(text, tokens, g)); n < len(tokens) {
		return tokens[n].start
	}
	return len(text)
}

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
		case w == "" || strings.Trim(strings.TrimRightFunc(w, unicode.IsDigit), "0123456789０１２３４５６７８９。！？\n　 年月日") == "":
		case t.info != nil && t.info.unit != "":
			named = true
		case !signatureWords[w]:
			return false
		}
	}
	return named
}
