package text_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-ego/gse"
)

// TestNoSearchSegmentsKeepsSegmentation checks what TrustWatch changed in
// its copy of gse (third_party/gse): loading without search-mode sub-words,
// and loading the built dictionary from its cache, segment every text of the
// dev set exactly as a full load from the text does.
func TestNoSearchSegmentsKeepsSegmentation(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the dictionary twice")
	}
	examples := loadDevSet(t)
	var full, lean, cached gse.Segmenter
	full.SkipLog, lean.SkipLog, lean.NoSearchSegments = true, true, true
	for _, s := range []*gse.Segmenter{&full, &lean} {
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	for i, want := range []bool{false, true} { // built and saved, then read back
		cached = gse.Segmenter{SkipLog: true, NoSearchSegments: true}
		used, err := cached.LoadDictEmbedCached("zh_s", dir)
		if err != nil || used != want {
			t.Fatalf("load %d: cache used %v, %v; want %v", i+1, used, err, want)
		}
	}
	damage(t, dir)
	var again gse.Segmenter
	again.SkipLog, again.NoSearchSegments = true, true
	if used, err := again.LoadDictEmbedCached("zh_s", dir); err != nil || used {
		t.Fatalf("a damaged cache: used %v, %v; want it rebuilt from the text", used, err)
	}
	words := func(s *gse.Segmenter, text string) []string {
		var out []string
		for _, seg := range s.Segment([]byte(text)) {
			out = append(out, seg.Token().Text())
		}
		return out
	}
	n := 0
	for _, e := range examples {
		for _, text := range []string{e.doc.Title, e.doc.Text} {
			a, b, c := words(&full, text), words(&lean, text), words(&cached, text)
			if !slices.Equal(a, b) || !slices.Equal(a, c) {
				t.Fatalf("%s: segmented\n%v\nwithout search segments,\n%v\nfrom the cache, and\n%v\nfrom the text with them", e.doc.ID, b, c, a)
			}
			n += len(a)
		}
	}
	if n < 5000 {
		t.Fatalf("only %d words compared", n)
	}
}

// damage flips a byte in the middle of every cache file in dir.
func damage(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "gse-*.bin"))
	if len(files) != 1 {
		t.Fatalf("cache files %v, want one", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(files[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzReadDictBinary: a cache file is read back by every process; whatever
// its bytes (the checksum aside), reading them errs, it does not panic.
func FuzzReadDictBinary(f *testing.F) {
	var seg gse.Segmenter
	seg.SkipLog, seg.NotLoadHMM = true, true
	seg.Dict = gse.NewDict()
	for _, w := range []string{"中牟县", "拖欠", "工程款", "郑州"} {
		if err := seg.AddToken(w, 100, "n"); err != nil {
			f.Fatal(err)
		}
	}
	seg.CalcToken()
	good, err := seg.Dict.AppendBinary(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		dict, err := gse.ReadDictBinary(b)
		if err == nil && dict == nil {
			t.Fatal("no error and no dictionary")
		}
	})
}
