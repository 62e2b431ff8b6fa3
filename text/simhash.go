package text

import (
	"hash/fnv"
	"math/bits"
	"regexp"
	"unicode"
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
	var v [64]int
	add := func(s string, weight int) {
		rs := normalized(s)
		for i := 0; i+shingle <= len(rs); i++ {
			h := fnv.New64a()
			h.Write([]byte(string(rs[i : i+shingle])))
			x := h.Sum64()
			for b := 0; b < 64; b++ {
				if x&(1<<b) != 0 {
					v[b] += weight
				} else {
					v[b] -= weight
				}
			}
		}
	}
	add(title, 2) // a title says what the item is about: it counts twice
	add(body, 1)
	var out uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

const shingle = 3

var (
	repostTitleRe = regexp.MustCompile(`^\s*(?:转载|转自|转发|来源)\s*[:：]\s*`)
	repostLeadRe  = regexp.MustCompile(`^\s*据[^，,。]{1,30}(?:消息|报道|讯)\s*[，,]`)
	repostTailRe  = regexp.MustCompile(`[（(]\s*(?:来源|稿源|编辑|责任编辑)\s*[:：][^）)]{0,60}[）)]\s*$|(?:责任编辑|编辑|来源)\s*[:：]\s*\S{1,20}\s*$`)
)

func stripRepost(body string) string {
	return repostTailRe.ReplaceAllString(repostLeadRe.ReplaceAllString(body, ""), "")
}

func normalized(s string) []rune {
	out := make([]rune, 0, len(s)/3)
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
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
