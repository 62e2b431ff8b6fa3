package text

import (
	"strings"
	"unicode/utf8"
)

// nameKind says what a name found in text stands for.
type nameKind uint8

const (
	nameUnit   nameKind = iota // a 郑州 unit (its name, alias, place or stem)
	nameAnchor                 // 郑州 or 河南: ties nearby generic names to 郑州
	nameOther                  // a place outside 郑州
)

// nameEntry is what a name means.
type nameEntry struct {
	kind    nameKind
	unit    string // for nameUnit
	generic bool   // a name other cities have too (高新区, 市公安局) or a bare stem (中牟)
	stem    bool   // a county's name without 县/市: not before stemStops
}

// nameHit is a name found in text at [start, end).
type nameHit struct {
	nameEntry
	word       string
	start, end int
}

// nameTrie finds names in text by characters, not by the segmenter's words:
// gse splits 中牟|县委书记 and 新郑市委 in ways that hide the unit, while a
// trie over the characters sees every name wherever it stands.
type nameTrie struct {
	root  *trieNode
	first [1 << 16 / 64]uint64 // runes (of the BMP) that begin a name: most characters do not
}

type trieNode struct {
	next  map[rune]*trieNode
	entry *nameEntry
}

func newNameTrie() *nameTrie { return &nameTrie{root: &trieNode{}} }

// add inserts a name; a name added twice keeps its first meaning, except
// that a unit's name wins over a place elsewhere of the same spelling.
func (t *nameTrie) add(name string, e nameEntry) {
	if r, _ := utf8.DecodeRuneInString(name); r < 1<<16 {
		t.first[r/64] |= 1 << (r % 64)
	}
	n := t.root
	for _, r := range name {
		if n.next == nil {
			n.next = map[rune]*trieNode{}
		}
		c := n.next[r]
		if c == nil {
			c = &trieNode{}
			n.next[r] = c
		}
		n = c
	}
	if n.entry == nil || n.entry.kind != nameUnit && e.kind == nameUnit {
		n.entry = &e
	}
}

// find returns the names in s, leftmost-longest and not overlapping.
func (t *nameTrie) find(s string) []nameHit {
	var out []nameHit
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 1<<16 && t.first[r/64]&(1<<(r%64)) == 0 {
			i += size
			continue
		}
		if h, ok := t.longestAt(s, i); ok {
			out = append(out, h)
			i = h.end
			continue
		}
		i += size
	}
	return out
}

func (t *nameTrie) longestAt(s string, i int) (nameHit, bool) {
	var best nameHit
	found := false
	n := t.root
	for j := i; j < len(s) && n.next != nil; {
		r, size := utf8.DecodeRuneInString(s[j:])
		if n = n.next[r]; n == nil {
			break
		}
		j += size
		if n.entry != nil && !(n.entry.stem && stopsStem(s[j:])) {
			best, found = nameHit{nameEntry: *n.entry, word: s[i:j], start: i, end: j}, true
		}
	}
	return best, found
}

// stemStops are what may follow a county's stem in a name that is not the
// county's: 新郑州 (new 郑州), 新郑机场 (the airport, in 航空港区).
var stemStops = []string{"州", "机场"}

func stopsStem(rest string) bool {
	for _, w := range stemStops {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}
