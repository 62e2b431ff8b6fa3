package alerts_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
	"github.com/trustwatch/trustwatch/web"
)

var t0 = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)

// lifecycleRules: a 红 score rule and a 黄 rule of the same cause, which
// the 红 one inhibits.
func lifecycleRules() []rule.Rule {
	return []rule.Rule{
		{Name: "指数过低", Metric: rule.Score, Op: "<", Threshold: ptr(40), Level: rule.Red, Cause: "指数"},
		{Name: "指数偏低", Metric: rule.Score, Op: "<", Threshold: ptr(60), Level: rule.Yellow, Cause: "指数"},
		{Name: "双公示不及时", Metric: "indicator.sgs_timeliness", Op: "<", Threshold: ptr(0.8), Level: rule.Yellow},
	}
}

// TestGroupingRoutingInhibition: zhongmou's 红 and (other cause) 黄 warnings
// raised together reach its officials in one mail, with the 诚信办 in copy;
// its 黄 score warning is inhibited by the 红 one of the same cause;
// jinshui's warning reaches jinshui's officials only; a unit without a
// route goes to the default; nothing is mailed before the group wait.
func TestGroupingRoutingInhibition(t *testing.T) {
	h := newHarness(t, lifecycleRules(), t0)
	res := h.evaluate(h.monthRun(map[string]float64{"zhongmou": 35, "jinshui": 55, "xinmi": 50}, map[string]float64{"zhongmou": 0.5}))
	if len(res.Raised) != 5 || len(res.Planned) != 0 {
		t.Fatalf("raised %d, planned %d; want 5 raised (zhongmou 3, jinshui 1, xinmi 1) and nothing mailed within the group wait", len(res.Raised), len(res.Planned))
	}
	h.clock.Add(11 * time.Second)
	res = h.tick()
	if len(res.Planned) != 3 || res.Sent != 3 || res.Failed != 0 {
		t.Fatalf("planned %d, sent %d, failed %d; want one mail per route: zhongmou, jinshui, default", len(res.Planned), res.Sent, res.Failed)
	}
	zm := h.mail("zm")
	if len(zm) != 1 || zm[0].Subject != "【政务诚信预警·红】中牟县：指数过低等2项" {
		t.Fatalf("zhongmou's officials got %d mails: %s", len(zm), subjects(zm))
	}
	if len(zm[0].Cc) != 1 || zm[0].Cc[0].Address != "cxbcc-"+h.suffix+"@localhost" {
		t.Fatalf("zhongmou's mail is copied to %v, want the 诚信办", zm[0].Cc)
	}
	if js := h.mail("js"); len(js) != 1 || js[0].Subject != "【政务诚信预警·黄】郑州市金水区：指数偏低" {
		t.Fatalf("jinshui's officials got: %s", subjects(js))
	}
	if def := h.mail("cxb"); len(def) != 1 || !strings.Contains(def[0].Subject, "新密市") {
		t.Fatalf("the default route got: %s", subjects(def))
	}
	ws, err := h.a.Warnings(context.Background(), false, "指数偏低", "zhongmou", "")
	if err != nil || len(ws) != 1 || ws[0].InhibitedBy == "" {
		t.Fatalf("zhongmou's 黄 score warning: %+v, %v; want it inhibited", ws, err)
	}
	// Nothing more is due: a second tick mails nothing.
	if res = h.tick(); len(res.Planned) != 0 {
		t.Fatalf("second tick planned %d mails", len(res.Planned))
	}
}

// TestRepeatEscalateAckResolve walks one 红 warning through its life: a
// repeat after the repeat interval, an escalation to the supervisors when
// nobody acknowledges it, acknowledgement through the mail's link (no more
// repeats), and a resolution notice when the score recovers.
func TestRepeatEscalateAckResolve(t *testing.T) {
	h := newHarness(t, lifecycleRules()[:1], t0)
	h.evaluate(h.monthRun(map[string]float64{"zhongmou": 35, "jinshui": 30}, nil))
	h.clock.Add(11 * time.Second)
	first := h.tick()
	if len(first.Planned) != 2 {
		t.Fatalf("first mails: %d, want 2 (zhongmou, jinshui)", len(first.Planned))
	}
	// 31 minutes: both escalate to the supervisors (one mail per unit).
	h.clock.Add(31 * time.Minute)
	if res := h.tick(); len(res.Planned) != 2 || res.Planned[0].Kind != alerts.NoticeEscalation {
		t.Fatalf("after 31 min: %+v; want 2 escalations", kinds(res.Planned))
	}
	if sup := h.mail("dcs"); len(sup) != 2 || !strings.HasPrefix(sup[0].Subject, "【预警升级·红】") {
		t.Fatalf("supervisors got: %s", subjects(sup))
	}
	// zhongmou's official acknowledges through the link in the first mail.
	var link string
	for _, n := range first.Planned {
		if n.UnitID == "zhongmou" {
			link = n.AckLinks[n.Warnings[0].Fingerprint]
		}
	}
	ackThroughLink(t, h, link, "王主任")
	// One hour after the first mail: only jinshui's warning repeats.
	h.clock.Add(30 * time.Minute)
	res := h.tick()
	if len(res.Planned) != 1 || res.Planned[0].Kind != alerts.NoticeRepeat || res.Planned[0].UnitID != "jinshui" {
		t.Fatalf("after an hour: %v; want one repeat, for jinshui (zhongmou acknowledged)", kinds(res.Planned))
	}
	if js := h.mail("js"); len(js) != 2 || !strings.Contains(subjects(js), "再次提醒") {
		t.Fatalf("jinshui got: %s", subjects(js))
	}
	// The scores recover: both resolve, with a notice to each route.
	h.clock.Add(time.Minute)
	res = h.evaluate(h.monthRun(nil, nil))
	if len(res.Resolved) != 2 || len(res.Planned) != 2 || res.Planned[0].Kind != alerts.NoticeResolved {
		t.Fatalf("recovery: %d resolved, mails %v; want 2 resolved, 2 resolution notices", len(res.Resolved), kinds(res.Planned))
	}
	if zm := h.mail("zm"); len(zm) != 2 || !strings.HasPrefix(zm[1].Subject+zm[0].Subject, "【预警解除】") && !strings.Contains(subjects(zm), "【预警解除】中牟县：指数过低") {
		t.Fatalf("zhongmou got: %s", subjects(zm))
	}
	if sup := h.mail("dcs"); len(sup) != 2 {
		t.Fatalf("supervisors got %d mails, want still the 2 escalations", len(sup))
	}
}

func kinds(ns []alerts.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, string(n.Kind)+":"+n.UnitID)
	}
	return out
}

// ackThroughLink opens the link as the official's browser would (GET shows
// the form), then posts the form; a tampered link is refused.
func ackThroughLink(t *testing.T, h *harness, link, who string) {
	t.Helper()
	srv := httptest.NewServer(web.Handler(h.a, nil))
	defer srv.Close()
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("sig") == "" {
		t.Fatalf("link %q: %v", link, err)
	}
	get := func(q url.Values) (int, string) {
		resp, err := http.Get(srv.URL + u.Path + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	tampered := u.Query()
	tampered.Set("r", "金水区")
	if code, _ := get(tampered); code != http.StatusForbidden {
		t.Fatalf("tampered link: %d, want 403", code)
	}
	code, page := get(u.Query())
	if code != http.StatusOK || !strings.Contains(page, "<form method=\"post\">") {
		t.Fatalf("GET the link: %d\n%s", code, page)
	}
	form := u.Query()
	form.Set("by", who)
	resp, err := http.PostForm(srv.URL+u.Path, form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "已记录："+who) {
		t.Fatalf("POST the form: %d\n%s", resp.StatusCode, b)
	}
	fp := strings.SplitN(u.Query().Get("w"), "@", 2)[0]
	w, _, err := h.a.Warning(context.Background(), fp)
	if err != nil || !strings.HasPrefix(w.AckedBy, who) || w.AckedAt.IsZero() {
		t.Fatalf("after the ack: %+v, %v", w, err)
	}
}

// TestSilenceWithExpiry: a silence on a unit keeps its new warning from
// being mailed; when the silence expires the warning, still firing, is
// mailed; a revoked silence stops at once.
func TestSilenceWithExpiry(t *testing.T) {
	h := newHarness(t, lifecycleRules()[:1], t0)
	ctx := context.Background()
	s, err := h.a.Silence(ctx, alerts.Silence{UnitID: "zhongmou", Reason: "整改期内", Creator: "李科长", EndsAt: t0.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.a.Silence(ctx, alerts.Silence{Reason: "x", Creator: "y", EndsAt: t0.Add(time.Hour)}); err == nil || !strings.Contains(err.Error(), "at least one of") {
		t.Fatalf("a silence of everything: %v", err)
	}
	s2, err := h.a.Silence(ctx, alerts.Silence{UnitID: "jinshui", Level: rule.Red, Reason: "核实中", Creator: "李科长", EndsAt: t0.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h.evaluate(h.monthRun(map[string]float64{"zhongmou": 35, "jinshui": 30}, nil))
	h.clock.Add(time.Minute)
	if res := h.tick(); len(res.Planned) != 0 {
		t.Fatalf("silenced warnings mailed: %v", kinds(res.Planned))
	}
	ws, _ := h.a.Warnings(ctx, false, "", "zhongmou", "")
	if len(ws) != 1 || ws[0].SilencedBy != s.ID {
		t.Fatalf("zhongmou's warning: %+v; want it silenced by %s", ws, s.ID)
	}
	// jinshui's silence is revoked: its warning is mailed at the next tick.
	if _, err := h.a.Unsilence(ctx, s2.ID, "王处长"); err != nil {
		t.Fatal(err)
	}
	if res := h.tick(); len(res.Planned) != 1 || res.Planned[0].UnitID != "jinshui" {
		t.Fatalf("after the revocation: %v", kinds(res.Planned))
	}
	// zhongmou's silence expires after two hours: its first mail goes out
	// (and jinshui's, unacknowledged, repeats and escalates).
	h.clock.Add(2 * time.Hour)
	if res := h.tick(); strings.Join(kinds(res.Planned), " ") != "escalation:jinshui firing:zhongmou repeat:jinshui" {
		t.Fatalf("after the silence expired: %v", kinds(res.Planned))
	}
	if zm := h.mail("zm"); len(zm) != 1 {
		t.Fatalf("zhongmou got %d mails, want 1", len(zm))
	}
	active, _ := h.a.Silences(ctx, false)
	all, _ := h.a.Silences(ctx, true)
	if len(active) != 0 || len(all) != 2 {
		t.Fatalf("silences: %d active, %d in all; want 0 and 2", len(active), len(all))
	}
}
