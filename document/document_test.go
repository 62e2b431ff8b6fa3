package document

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestIdentity(t *testing.T) {
	pub := time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)
	a := New("s", "complaint", "HTTP://Example.org/a?b=2&a=1#top", "标题", "正文", pub, pub, map[string]string{"答复单位": "金水区"})
	b := New("s", "complaint", "http://example.org/a?a=1&b=2", "标题", "正文", pub, pub.Add(time.Hour), map[string]string{"答复单位": "金水区"})
	c := New("s", "complaint", "http://example.org/a?a=1&b=2", "标题", "正文已更新", pub, pub, nil)
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"same page, other URL spelling: same id", a.ID == b.ID},
		{"fetch time is not content: same version", a.Version == b.Version},
		{"changed text: same id", a.ID == c.ID},
		{"changed text: new version", a.Version != c.Version},
		{"other source: other id", ID("t", "http://example.org/a?a=1&b=2") != a.ID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok {
				t.Fatal("does not hold")
			}
		})
	}
}

func TestDecode(t *testing.T) {
	good, _ := New("s", "news", "http://x/1", "t", "b", time.Now(), time.Now(), nil).Encode()
	for _, tc := range []struct {
		name    string
		in      string
		wantErr error
		anyErr  bool
	}{
		{name: "good", in: string(good)},
		{name: "not json", in: "{", anyErr: true},
		{name: "other schema", in: `{"schema":2,"id":"a","version":"b","source":"s"}`, wantErr: ErrSchema},
		{name: "missing id", in: `{"schema":1,"version":"b","source":"s"}`, anyErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Fatalf("got %v, want %v", err, tc.wantErr)
			case tc.anyErr && err == nil:
				t.Fatal("got nil error, want one")
			case !tc.anyErr && tc.wantErr == nil && err != nil:
				t.Fatalf("got %v, want nil", err)
			}
		})
	}
}

// BenchmarkDecode decodes one pre-enriched complaint as ingest receives it.
func BenchmarkDecode(b *testing.B) {
	d := New("s", "complaint", "http://x/1", "中牟县拖欠工程款迟迟不付",
		"河南建业建筑工程有限公司承建的中牟县安置房建设项目已于去年竣工验收，中牟县政府一直拖欠工程款300万元未支付，企业多次催要。",
		time.Now(), time.Now(), map[string]string{"留言对象": "中牟县人民政府", "答复单位": "中牟县财政局"})
	d.Analysis = &Analysis{Tokens: 80, Units: []string{"zhongmou"},
		Signals: []Signal{{Unit: "zhongmou", Category: "政府债务与拖欠", Polarity: -1, Severity: 3, Evidence: "中牟县政府一直拖欠工程款"}}}
	raw, _ := d.Encode()
	b.SetBytes(int64(len(raw)))
	for i := 0; i < b.N; i++ {
		if _, err := Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFit(t *testing.T) {
	pub := time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		text    string
		max     int
		cut     bool
		wantErr bool
	}{
		{"small stays", "拖欠工程款", 1 << 20, false, false},
		{"chinese cut at a character", strings.Repeat("拖欠工程款。", 200000), 900_000, true, false},
		{"html-ish text that JSON escapes", strings.Repeat("<a>&", 500000), 900_000, true, false},
		{"title alone too big", "正文", 200, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := New("s", "news", "http://example.org/a", strings.Repeat("标题", 100), tc.text, pub, pub, nil)
			version := d.Version
			cut, err := d.Fit(tc.max)
			if (err != nil) != tc.wantErr || cut != tc.cut {
				t.Fatalf("Fit = %v, %v; want cut %v, error %v", cut, err, tc.cut, tc.wantErr)
			}
			enc, _ := d.Encode()
			switch {
			case !tc.wantErr && len(enc) > tc.max:
				t.Fatalf("encoded %d bytes, over %d", len(enc), tc.max)
			case !utf8.ValidString(d.Text):
				t.Fatal("cut inside a character")
			case cut && (!strings.HasSuffix(d.Text, TruncationMark) || d.Truncated != len(tc.text) || len(enc) < tc.max*3/4):
				t.Fatalf("cut text: mark %v, truncated %d of %d, %d bytes of %d used", strings.HasSuffix(d.Text, TruncationMark), d.Truncated, len(tc.text), len(enc), tc.max)
			case d.Version != version:
				t.Fatal("the version changed: it must stay that of the whole text")
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	pub := time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)
	good, _ := New("s", "news", "http://example.org/a", "标题", "正文", pub, pub, map[string]string{"决定日期": "2026-10-01"}).Encode()
	for _, s := range []string{string(good), `{"schema":1}`, `{"schema":2,"id":"a","version":"b","source":"c"}`, `[]`, `{"schema":1,"id":"a","version":"b","source":"c","published_at":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(b)
		if err != nil {
			return
		}
		// What Decode accepts has what consumers rely on, and survives a round trip.
		if d.ID == "" || d.Version == "" || d.Source == "" || d.Schema != SchemaVersion {
			t.Fatalf("accepted %q without id, version, source or schema", b)
		}
		enc, err := d.Encode()
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if _, err := Decode(enc); err != nil {
			t.Fatalf("round trip of %q: %v", b, err)
		}
	})
}
