package text

import (
	"encoding/csv"
	"os"
	"slices"
	"testing"

	"github.com/go-ego/gse"
)

// TestNoSearchSegmentsKeepsSegmentation checks the one behaviour TrustWatch
// changed in its copy of gse (third_party/gse): loading without search-mode
// sub-words segments every text of the dev set exactly as a full load does.
func TestNoSearchSegmentsKeepsSegmentation(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the dictionary twice")
	}
	f, err := os.Open("testdata/devset.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var full, lean gse.Segmenter
	full.SkipLog, lean.SkipLog, lean.NoSearchSegments = true, true, true
	for _, s := range []*gse.Segmenter{&full, &lean} {
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			t.Fatal(err)
		}
	}
	words := func(s *gse.Segmenter, text string) []string {
		var out []string
		for _, seg := range s.Segment([]byte(text)) {
			out = append(out, seg.Token().Text())
		}
		return out
	}
	n := 0
	for _, r := range rows[1:] {
		for _, text := range r[2:4] { // title, text
			a, b := words(&full, text), words(&lean, text)
			if !slices.Equal(a, b) {
				t.Fatalf("%s: segmented\n%v\nwithout search segments, and\n%v\nwith them", r[0], b, a)
			}
			n += len(a)
		}
	}
	if n < 5000 {
		t.Fatalf("only %d words compared", n)
	}
}
