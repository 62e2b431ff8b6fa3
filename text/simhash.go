package text

import (
	"math/bits"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fingerprint is the 64-bit simhash of a document's title and text, over
// 3-character shingles of its letters and digits (punctuation and spaces
// dropped, so re-typesetting changes nothing). Texts that share most of their
// shingles get fingerprints a few bits apart: a repost with its own lead-in
// and editor's line stays close to the original. It uses characters, not gse
// words, so it costs no segmentation and does not change with the dictionary.
//
// A repost's own lines — 转载：/转自 before the title, 据…消息， before the text,
// （来源：…，编辑：…） and 责任编辑：… after it — are removed first: they say who
// reposted, not what happened.
func Fingerprint(title, body string) uint64 {
	title, body = repostTitleRe.ReplaceAllString(title, ""), stripRepost(body)
	var c bitCounter
	c.add(title, 2) // a title says what the item is about: it counts twice
	c.add(body, 1)
	return c.sum()
}

// bitCounter counts, for each of the 64 bits, the shingles whose hash has it
// set. It counts in byte lanes — eight bits at once per uint64 addition —
// and flushes the lanes before a byte could overflow.
type bitCounter struct {
	lanes   [8]uint64 // lanes[j] byte k counts bit 8k+j
	pending int       // additions since the last flush, at most 255
	ones    [64]int
	total   int
}

func (c *bitCounter) add(s string, weight int) {
	rs := normalized(s)
	for i := 0; i+shingle <= len(rs); i++ {
		// Three runes (21 bits each) are one 63-bit key; mixing it costs no
		// allocation, where hashing a string per shingle would.
		x := mix(uint64(rs[i]) | uint64(rs[i+1])<<21 | uint64(rs[i+2])<<42)
		for w := 0; w < weight; w++ {
			for j := range c.lanes {
				c.lanes[j] += x >> j & 0x0101010101010101
			}
			c.total++
			if c.pending++; c.pending == 255 {
				c.flush()
			}
		}
	}
}

func (c *bitCounter) flush() {
	for j, lane := range c.lanes {
		for k := 0; k < 8; k++ {
			c.ones[8*k+j] += int(lane >> (8 * k) & 0xff)
		}
		c.lanes[j] = 0
	}
	c.pending = 0
}

func (c *bitCounter) sum() uint64 {
	c.flush()
	var out uint64
	for b, n := range c.ones {
		if 2*n > c.total {
			out |= 1 << b
		}
	}
	return out
}

// mix is splitmix64's finaliser: every input bit moves about half the output
// bits, which simhash needs of its feature hashes.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

const shingle = 3

var (
	repostTitleRe = regexp.MustCompile(`^\s*(?:转载|转自|转发|来源)\s*[:：]\s*`)
	repostLeadRe  = regexp.MustCompile(`^\s*据[^，,。]{1,30}(?:消息|报道|讯)\s*[，,]`)
)

// stripRepost removes a repost's lead-in and closing credit line. Only the
// first bytes are searched for the lead-in, and the credit is found from the
// end without a regexp: this runs on every document ingested.
func stripRepost(body string) string {
	if loc := repostLeadRe.FindStringIndex(body[:min(len(body), 120)]); loc != nil {
		body = body[loc[1]:]
	}
	return stripCredit(body)
}

var creditLabels = []string{"责任编辑", "编辑", "稿源", "来源"}

// stripCredit removes a closing （来源：…，编辑：…） or 责任编辑：xx.
func stripCredit(body string) string {
	t := strings.TrimRightFunc(body, unicode.IsSpace)
	if strings.HasSuffix(t, "）") || strings.HasSuffix(t, ")") {
		open, width := strings.LastIndex(t, "（"), len("（")
		if o := strings.LastIndex(t, "("); o > open {
			open, width = o, 1
		}
		if open >= 0 && len(t)-open <= 240 && isCredit(t[open+width:]) {
			return t[:open]
		}
	}
	for _, label := range creditLabels {
		i := strings.LastIndex(t, label)
		if i < 0 || len(t)-i > 80 {
			continue
		}
		rest := strings.TrimLeftFunc(t[i+len(label):], unicode.IsSpace)
		if after, ok := cutColon(rest); ok && after != "" && !strings.ContainsFunc(after, unicode.IsSpace) && utf8.RuneCountInString(after) <= 20 {
			return t[:i]
		}
	}
	return body
}

// isCredit says whether s starts with a credit label and a colon.
func isCredit(s string) bool {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for _, label := range creditLabels {
		if rest, ok := strings.CutPrefix(s, label); ok {
			if _, ok := cutColon(strings.TrimLeftFunc(rest, unicode.IsSpace)); ok {
				return true
			}
		}
	}
	return false
}

func cutColon(s string) (string, bool) {
	if rest, ok := strings.CutPrefix(s, "："); ok {
		return rest, true
	}
	return strings.CutPrefix(s, ":")
}

// normalized keeps letters and digits, lower-cased. Common Han characters
// and ASCII are decided without the unicode tables.
func normalized(s string) []rune {
	out := make([]rune, 0, len(s)/3)
	for _, r := range s {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF, r >= '0' && r <= '9', r >= 'a' && r <= 'z':
			out = append(out, r)
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case r < 0x80:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out = append(out, unicode.ToLower(r))
		}
	}
	return out
}

// MaxEventDistance is how many bits apart two fingerprints may be for the
// documents to report one event (when their sources differ, they share a unit
// and they are close in time). Reposts stripped of their own lines land at 0;
// the sample web's nearest distinct items of one unit are 5 bits apart
// (TestFingerprintOnSampleWeb).
const MaxEventDistance = 3

// Distance is the number of bits in which two fingerprints differ.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }
