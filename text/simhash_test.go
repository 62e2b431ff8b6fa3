package text_test

import (
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/text"
)

func TestFingerprint(t *testing.T) {
	const title = "市政府督查室关于中牟县拖欠企业账款问题的通报"
	const body = "经查，中牟县存在拖欠河南建业建筑工程有限公司工程款300万元、承诺还款期限多次逾期等问题，严重损害政府公信力。"
	base := text.Fingerprint(title, body)
	for _, tc := range []struct {
		name        string
		title, body string
		maxDist     int // at most this far from base
		minDist     int // at least this far
	}{
		{"same text", title, body, 0, 0},
		{"re-typeset (spaces, punctuation)", title, " 经查,中牟县存在拖欠河南建业建筑工程有限公司工程款300万元 承诺还款期限多次逾期等问题;严重损害政府公信力 ", 0, 0},
		{"repost with lead-in and editor", "转载：" + title, "据郑州市人民政府网站消息，" + body + "（来源：郑州市人民政府网站，编辑：李明）", 0, 0},
		{"repost with 责任编辑 line", "转自：" + title, body + "责任编辑：王静", 0, 0},
		{"one figure changed", title, "经查，中牟县存在拖欠河南建业建筑工程有限公司工程款310万元、承诺还款期限多次逾期等问题，严重损害政府公信力。", 6, 0},
		{"another story", "中牟县召开政务公开工作推进会", "中牟县召开政务公开工作推进会，传达学习全市政务公开工作会议精神，部署下一阶段重点任务。", 64, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := text.Distance(base, text.Fingerprint(tc.title, tc.body))
			if d > tc.maxDist || d < tc.minDist {
				t.Fatalf("distance %d, want %d..%d", d, tc.minDist, tc.maxDist)
			}
		})
	}
}

// TestFingerprintOnSampleWeb: on the sample web, every repost is within
// MaxEventDistance of its original, and no two other items of one unit from
// different sites within a week are — the templated texts of one unit are the
// hard negatives.
func TestFingerprintOnSampleWeb(t *testing.T) {
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked()})
	if err != nil {
		t.Fatal(err)
	}
	items := site.Items()
	fp := make([]uint64, len(items))
	byPath := map[string]int{}
	for i, it := range items {
		fp[i] = text.Fingerprint(it.Title, it.Body)
		byPath[it.Path] = i
	}
	reposts, nearest := 0, 64
	for i, a := range items {
		if a.RepostOf != "" {
			reposts++
			if d := text.Distance(fp[i], fp[byPath[a.RepostOf]]); d > text.MaxEventDistance {
				t.Errorf("repost %s is %d bits from its original, want ≤ %d", a.Path, d, text.MaxEventDistance)
			}
		}
		for j := i + 1; j < len(items); j++ {
			b := items[j]
			if a.Site == b.Site || a.Unit != b.Unit || a.RepostOf == b.Path || b.RepostOf == a.Path || absDays(a.Date.Sub(b.Date)) > 7 {
				continue
			}
			nearest = min(nearest, text.Distance(fp[i], fp[j]))
		}
	}
	t.Logf("%d reposts; nearest distinct items of one unit, other site, within a week: %d bits", reposts, nearest)
	if reposts == 0 || nearest <= text.MaxEventDistance {
		t.Fatalf("%d reposts, nearest distinct pair %d bits; want reposts and distinct pairs over %d bits", reposts, nearest, text.MaxEventDistance)
	}
}

func absDays(d time.Duration) float64 {
	if d < 0 {
		d = -d
	}
	return d.Hours() / 24
}

// BenchmarkFingerprint: simhash of every sample-web item's title and text.
func BenchmarkFingerprint(b *testing.B) {
	docs, n := corpus(b)
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			_ = text.Fingerprint(d.Title, d.Text)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}
