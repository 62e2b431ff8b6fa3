package email

import (
	"bytes"
	"flag"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/alerts/rule"
)

var update = flag.Bool("update", false, "rewrite golden files")

var t0 = time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)

func sampleNotice(kind alerts.NoticeKind) alerts.Notice {
	ws := []alerts.Warning{{
		Fingerprint: "5cf29e6092aa01bb02cc", Rule: "政务诚信指数过低", Kind: rule.Threshold, Level: rule.Red,
		UnitID: "huiji", UnitName: "郑州市惠济区", Key: "2026-10", Description: "本月政务诚信指数低于 40 分",
		Summary: "郑州市惠济区 政务诚信指数 35.54 < 40（2026年10月）", Value: 35.54, StartsAt: t0,
		Figures: []alerts.Figure{{Name: "政务诚信指数", Value: 35.54, Format: "%.1f", Period: "2026年10月"},
			{Name: "排名（共16个）", Value: 16, Format: "第%.0f名", Period: "2026年10月"}},
	}, {
		Fingerprint: "bab58a5b82dd03ee04ff", Rule: "重大失信记录", Kind: rule.Severe, Level: rule.Red,
		UnitID: "huiji", UnitName: "郑州市惠济区", Key: "doc1/行政诉讼败诉", Summary: "郑州市惠济区 新增行政诉讼败诉记录（严重程度4）：某公司诉惠济区政府行政协议案",
		Value: 4, StartsAt: t0.Add(time.Minute),
		Evidence: []alerts.Evidence{{Category: "行政诉讼败诉", Severity: 4, Date: "2026-10-12", Text: "判决撤销被告作出的行政行为",
			Title: "某公司诉惠济区政府行政协议案", URL: "http://127.0.0.1:8080/wenshu/doc1.html"}},
	}}
	n := alerts.Notice{ID: "0a1b2c3d4e5f60718293a4b5", Kind: kind, Route: "红色预警抄送", To: []string{"督查室 <duchashi@localhost>"},
		UnitID: "huiji", UnitName: "郑州市惠济区", Warnings: ws, Created: t0.Add(10 * time.Minute)}
	switch kind {
	case alerts.NoticeDigest:
		n.UnitID, n.UnitName = "", ""
		n.Fresh = map[string]bool{ws[1].Fingerprint: true}
		n.Warnings[0].Status = alerts.Resolved
		n.Warnings[0].EndsAt = t0.Add(12 * time.Hour)
	case alerts.NoticeResolved:
		n.Warnings = ws[:1]
		n.Warnings[0].EndsAt = t0.Add(24 * time.Hour)
	case alerts.NoticeFiring, alerts.NoticeRepeat, alerts.NoticeEscalation:
		n.AckLinks = map[string]string{ws[0].Fingerprint: "http://127.0.0.1:8088/alerts/ack?exp=1&r=x&sig=ab&w=5cf29e6092aa01bb02cc%401793498400000"}
	}
	return n
}

// TestRenderGolden pins the subject, plain text and HTML of each kind of mail.
func TestRenderGolden(t *testing.T) {
	s, err := New(Options{From: "TrustWatch <tw@localhost>", OutboxDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []alerts.NoticeKind{alerts.NoticeFiring, alerts.NoticeRepeat, alerts.NoticeResolved, alerts.NoticeEscalation, alerts.NoticeDigest} {
		subject, text, html, err := s.Render(sampleNotice(kind))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, string(kind)+".txt.golden", "Subject: "+subject+"\n\n"+text)
		golden(t, string(kind)+".html.golden", html)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./alerts/email -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestOutboxMessage writes a message to the outbox directory and reads it
// back as a mail client would: multipart/alternative with a plain-text and
// an HTML part, UTF-8 subject, the stable Message-ID, To and Cc.
func TestOutboxMessage(t *testing.T) {
	dir := t.TempDir()
	s, err := New(Options{From: "TrustWatch 政务诚信监测 <tw@localhost>", OutboxDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	n := sampleNotice(alerts.NoticeFiring)
	subject, text, html, _ := s.Render(n)
	d, err := s.Send(t.Context(), alerts.Message{ID: n.ID, To: n.To, Cc: []string{"诚信办 <cxb@localhost>"}, Subject: subject, Text: text, HTML: html, Created: n.Created})
	if err != nil || d.Channel != "outbox" {
		t.Fatal(d, err)
	}
	raw, err := os.ReadFile(d.Location)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	gotSubject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if gotSubject != subject || m.Header.Get("Message-Id") != "<"+MessageID(n.ID)+">" ||
		!strings.Contains(m.Header.Get("To"), "duchashi@localhost") || !strings.Contains(m.Header.Get("Cc"), "cxb@localhost") {
		t.Fatalf("headers: %v", m.Header)
	}
	mt, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if mt != "multipart/alternative" {
		t.Fatalf("content type %s", mt)
	}
	parts := map[string]string{}
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p) // multipart.Reader decodes quoted-printable; base64 is decoded below
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if p.Header.Get("Content-Transfer-Encoding") == "base64" {
			body = decodeB64(t, body)
		}
		parts[pt] = string(body)
	}
	if parts["text/plain"] != text || parts["text/html"] != html {
		t.Fatalf("parts differ from the rendering: %d text bytes, %d html bytes", len(parts["text/plain"]), len(parts["text/html"]))
	}
}
