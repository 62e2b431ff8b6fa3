package gse

// TrustWatch: a loaded dictionary as bytes, so a process can load it again
// in a fraction of the time it takes to build it from its text (the trie's
// 350k insertions and the text's splitting). LoadDictEmbedCached keeps the
// bytes in a cache directory, named by the dictionary text's hash; search-
// mode sub-words are not kept (NoSearchSegments).

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"runtime"

	"github.com/vcaesar/cedar"
)

const dictBinaryVersion = 3

// AppendBinary appends the dictionary — trie, tokens with their
// frequencies, parts of speech and distances, totals — to b.
func (dict *Dictionary) AppendBinary(b []byte) ([]byte, error) {
	u64 := func(n uint64) { b = binary.LittleEndian.AppendUint64(b, n) }
	u64(dictBinaryVersion)
	u64(uint64(dict.maxTokenLen))
	u64(math.Float64bits(dict.totalFreq))
	u64(uint64(len(dict.Tokens)))
	words := 0
	for i := range dict.Tokens {
		words += len(dict.Tokens[i].text)
	}
	u64(uint64(words))
	b, err := dict.trie.AppendBinary(b)
	if err != nil {
		return nil, err
	}
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		b = binary.AppendUvarint(b, uint64(len(t.text)))
		for _, w := range t.text {
			b = binary.AppendUvarint(b, uint64(len(w)))
			b = append(b, w...)
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t.freq))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(t.distance))
		b = binary.AppendUvarint(b, uint64(len(t.pos)))
		b = append(b, t.pos...)
	}
	return b, nil
}

var errShort = errors.New("gse: short dictionary")

// ReadDictBinary reads a dictionary AppendBinary wrote. The words' bytes
// share one allocation.
func ReadDictBinary(b []byte) (*Dictionary, error) {
	if len(b) < 40 {
		return nil, errShort
	}
	u64 := func() uint64 { n := binary.LittleEndian.Uint64(b); b = b[8:]; return n }
	if u64() != dictBinaryVersion {
		return nil, errors.New("gse: unknown dictionary version")
	}
	dict := &Dictionary{maxTokenLen: int(u64()), totalFreq: math.Float64frombits(u64())}
	n, nWords := u64(), u64()
	trie, rest, err := cedar.ReadBinary(b)
	if err != nil {
		return nil, err
	}
	dict.trie, b = trie, rest
	if n > uint64(len(b)) || nWords > uint64(len(b)) {
		return nil, errShort
	}
	// One allocation each for the words' bytes, the tokens' word lists and
	// the tokens — with room for the words a caller adds, so its first
	// AddToken does not copy 350k tokens.
	words := make([]byte, 0, len(b))
	texts := make([]Text, nWords)
	dict.Tokens = make([]Token, n, n+n/8)
	uvarint := func() (int, error) {
		v, k := binary.Uvarint(b)
		if k <= 0 || v > uint64(len(b)) {
			return 0, errShort
		}
		b = b[k:]
		return int(v), nil
	}
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		nw, err := uvarint()
		if err != nil {
			return nil, err
		}
		if nw > len(texts) {
			return nil, errShort
		}
		t.text, texts = texts[:nw:nw], texts[nw:]
		for j := range t.text {
			l, err := uvarint()
			if err != nil || l > len(b) {
				return nil, errShort
			}
			start := len(words)
			words = append(words, b[:l]...)
			t.text[j] = words[start:len(words):len(words)]
			b = b[l:]
		}
		if len(b) < 12 {
			return nil, errShort
		}
		t.freq = math.Float64frombits(binary.LittleEndian.Uint64(b))
		t.distance = math.Float32frombits(binary.LittleEndian.Uint32(b[8:]))
		b = b[12:]
		l, err := uvarint()
		if err != nil || l > len(b) {
			return nil, errShort
		}
		t.pos, b = string(b[:l]), b[l:]
	}
	if len(b) != 0 {
		return nil, errors.New("gse: data after the dictionary")
	}
	return dict, nil
}

// LoadDictEmbedCached loads an embedded dictionary (zh_s) as LoadDictEmbed
// does, through a cache file in dir: read when its name — the hash of the
// dictionary's text, the machine kind and the format — and its checksum
// match, else built from the text and written for the next process. A
// cache that cannot be read or written is only slower. It returns whether
// the cache was used.
func (seg *Segmenter) LoadDictEmbedCached(name, dir string) (bool, error) {
	text := map[string]string{"zh_s": zhS}[name]
	if text == "" || dir == "" {
		return false, seg.LoadDictEmbed(name)
	}
	sum := sha256.Sum256([]byte(text))
	path := filepath.Join(dir, fmt.Sprintf("gse-%s-%s-%s-v%d-%t.bin", name, hex.EncodeToString(sum[:8]), runtime.GOARCH,
		dictBinaryVersion, seg.NoSearchSegments))
	if seg.loadCache(path) == nil {
		return true, nil
	}
	if err := seg.LoadDictEmbed(name); err != nil {
		return false, err
	}
	seg.saveCache(path)
	return false, nil
}

func (seg *Segmenter) loadCache(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil || len(raw) < 4 {
		return errShort
	}
	body := raw[:len(raw)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(raw[len(raw)-4:]) {
		return errors.New("gse: dictionary cache damaged")
	}
	dict, err := ReadDictBinary(body)
	if err != nil {
		return err
	}
	seg.Dict = dict
	seg.Init()
	return nil
}

// saveCache writes the dictionary through a temporary file and a rename, so
// a process never reads half a cache.
func (seg *Segmenter) saveCache(path string) {
	if !seg.NoSearchSegments {
		return // the sub-words are not in the bytes
	}
	b, err := seg.Dict.AppendBinary(nil)
	if err != nil {
		return
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".gse-*.tmp")
	if err != nil {
		return
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}
