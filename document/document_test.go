package document

import (
	"errors"
	"testing"
	"time"
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
