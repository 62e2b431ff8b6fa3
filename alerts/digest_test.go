package alerts_test

import (
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/internal/mailpit"
	"github.com/trustwatch/trustwatch/store/storetest"
)

// TestDigest: jinshui's route takes a daily digest. Its 红 warning is
// mailed at once all the same; its 黄 one waits for 08:00 and comes in the
// digest as new; a second digest the same day does not happen; the
// resolution comes in the next day's digest.
func TestDigest(t *testing.T) {
	start := time.Date(2026, 11, 1, 22, 0, 0, 0, time.UTC) // 06:00 in 郑州
	smtp, api := mailpit.Env(t)
	h := newHarnessAt(t, storetest.Open(t), lifecycleRules(), start, smtp, api, func(o *alerts.Options) {
		o.Recipients.Routes[1].Digest = true // 金水区
	})
	h.evaluate(h.monthRun(map[string]float64{"jinshui": 30}, map[string]float64{"jinshui": 0.5}))
	h.clock.Add(11 * time.Second)
	res := h.tick()
	if got := kinds(res.Planned); len(got) != 1 || got[0] != "firing:jinshui" || len(res.Planned[0].Warnings) != 1 {
		t.Fatalf("before 08:00: %v; want only the 红 warning, at once", got)
	}
	h.clock.Add(2*time.Hour + time.Minute) // 08:01
	res = h.tick()                         // the 红 one also repeats and escalates by now
	if d := find(res.Planned, alerts.NoticeDigest); d == nil || len(d.Warnings) != 1 || !d.Fresh[d.Warnings[0].Fingerprint] {
		t.Fatalf("at 08:01: %v; want a digest with the new 黄 warning", kinds(res.Planned))
	}
	js := h.mail("js")
	if !containsSubject(js, "【政务诚信预警日报】2026-11-02：新增1项，持续0项，解除0项") {
		t.Fatalf("jinshui got: %s", subjects(js))
	}
	h.clock.Add(time.Hour)
	if res = h.tick(); find(res.Planned, alerts.NoticeDigest) != nil {
		t.Fatalf("a second digest the same day: %v", kinds(res.Planned))
	}
	h.evaluate(h.monthRun(map[string]float64{"jinshui": 30}, nil)) // 双公示 recovers; the score does not
	h.clock.Add(23 * time.Hour)                                    // 08:01 the next day
	res = h.tick()
	if digest := find(res.Planned, alerts.NoticeDigest); digest == nil || len(digest.Warnings) != 1 || digest.Warnings[0].Status != alerts.Resolved {
		t.Fatalf("next day: %v; want a digest with the resolved 黄 warning", kinds(res.Planned))
	}
	if js = h.mail("js"); !containsSubject(js, "【政务诚信预警日报】2026-11-03：新增0项，持续0项，解除1项") {
		t.Fatalf("jinshui got: %s", subjects(js))
	}
}

func containsSubject(ms []mailpit.Message, s string) bool {
	for _, m := range ms {
		if m.Subject == s {
			return true
		}
	}
	return false
}

func find(ns []alerts.Notice, k alerts.NoticeKind) *alerts.Notice {
	for i := range ns {
		if ns[i].Kind == k {
			return &ns[i]
		}
	}
	return nil
}
