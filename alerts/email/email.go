// Package email sends integrity warnings as email: over SMTP when a server is
// configured, else as .eml files in an outbox directory that any mail client
// opens. Messages are UTF-8 plain text with a Chinese subject.
//
// It owns rendering and delivery; deciding what to warn about is alerts'.
package email

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/alerts"
)

// Options configure the sender.
type Options struct {
	From      string   // required, e.g. "TrustWatch <trustwatch@example.gov.cn>"
	To        []string // required
	SMTPAddr  string   // host:port; empty means write to OutboxDir
	Username  string   // SMTP AUTH PLAIN when set
	Password  string
	StartTLS  bool   // require STARTTLS (else it is used when offered)
	OutboxDir string // required without SMTPAddr
	Now       func() time.Time
}

// Sender delivers warnings.
type Sender struct {
	o Options
}

// New checks the options.
func New(o Options) (*Sender, error) {
	if o.From == "" || len(o.To) == 0 {
		return nil, errors.New("email: from and at least one recipient are required")
	}
	if o.SMTPAddr == "" && o.OutboxDir == "" {
		return nil, errors.New("email: an SMTP server or an outbox directory is required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Sender{o: o}, nil
}

// Recipients are the addresses every warning goes to.
func (s *Sender) Recipients() []string { return s.o.To }

// Notify renders one warning and delivers it to one recipient, in an SMTP
// transaction of its own, so a recipient the server refuses does not stop
// the others. The Message-ID is the same for every recipient and attempt.
func (s *Sender) Notify(ctx context.Context, w alerts.Warning, to string) (alerts.Delivery, error) {
	subject, body := Render(w)
	msg, err := s.message(w, subject, body)
	if err != nil {
		return alerts.Delivery{}, err
	}
	d := alerts.Delivery{Recipient: to, Subject: subject}
	if s.o.SMTPAddr == "" {
		d.Channel = "outbox"
		d.Location, err = s.writeOutbox(w, to, msg)
		return d, err
	}
	d.Channel, d.Location = "smtp", s.o.SMTPAddr
	d.Response, err = s.send(ctx, msg, to)
	return d, err
}

// message assembles an RFC 5322 message with a base64 UTF-8 body.
func (s *Sender) message(w alerts.Warning, subject, body string) ([]byte, error) {
	from, err := mail.ParseAddress(s.o.From)
	if err != nil {
		return nil, fmt.Errorf("parse from address: %w", err)
	}
	var to []string
	for _, t := range s.o.To {
		a, err := mail.ParseAddress(t)
		if err != nil {
			return nil, fmt.Errorf("parse recipient %q: %w", t, err)
		}
		to = append(to, a.String())
	}
	var b strings.Builder
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", strings.Join(to, ", "))
	header("Subject", mime.BEncoding.Encode("UTF-8", subject))
	header("Date", s.o.Now().Format(time.RFC1123Z))
	header("Message-ID", "<"+fingerprintID(w.Fingerprint)+"@trustwatch>")
	header("X-TrustWatch-Fingerprint", mime.BEncoding.Encode("UTF-8", w.Fingerprint))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return []byte(b.String()), nil
}

func fingerprintID(f string) string {
	sum := sha256.Sum256([]byte(f))
	return hex.EncodeToString(sum[:12])
}

// writeOutbox writes one file per warning and recipient. Its name is built
// from hashes and the period only: no unit id or address can steer it out
// of the outbox.
func (s *Sender) writeOutbox(w alerts.Warning, to string, msg []byte) (string, error) {
	if err := os.MkdirAll(s.o.OutboxDir, 0o755); err != nil {
		return "", fmt.Errorf("create outbox: %w", err)
	}
	name := fmt.Sprintf("%s-%s-%s.eml", w.Period.Format("2006-01"), fingerprintID(w.Fingerprint), fingerprintID(to)[:8])
	path := filepath.Join(s.o.OutboxDir, name)
	if err := os.WriteFile(path, msg, 0o644); err != nil {
		return "", fmt.Errorf("write outbox message: %w", err)
	}
	return path, nil
}

// send delivers msg to one recipient over SMTP, with STARTTLS when offered
// or required, and returns the server's last reply.
func (s *Sender) send(ctx context.Context, msg []byte, to string) (string, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.o.SMTPAddr)
	if err != nil {
		return "", fmt.Errorf("dial smtp %s: %w", s.o.SMTPAddr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
	}
	host, _, _ := net.SplitHostPort(s.o.SMTPAddr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return "", fmt.Errorf("smtp greeting from %s: %w", s.o.SMTPAddr, err)
	}
	defer c.Close()
	if err := s.secure(c, host); err != nil {
		return "", err
	}
	if err := s.transmit(c, msg, to); err != nil {
		return err.Error(), err
	}
	_ = c.Quit() // the message was accepted at the end of DATA
	return "250 accepted", nil
}

func (s *Sender) secure(c *smtp.Client, host string) error {
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	} else if s.o.StartTLS {
		return fmt.Errorf("smtp server %s does not offer STARTTLS, which the config requires", s.o.SMTPAddr)
	}
	if s.o.Username == "" {
		return nil
	}
	if err := c.Auth(smtp.PlainAuth("", s.o.Username, s.o.Password, host)); err != nil {
		return fmt.Errorf("smtp auth as %s: %w", s.o.Username, err)
	}
	return nil
}

func (s *Sender) transmit(c *smtp.Client, msg []byte, to string) error {
	from, _ := mail.ParseAddress(s.o.From)
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp MAIL FROM: %w", err)
	}
	a, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("recipient %q: %w", to, err)
	}
	if err := c.Rcpt(a.Address); err != nil {
		return fmt.Errorf("smtp RCPT TO %s: %w", a.Address, err)
	}
	wc, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if _, err := wc.Write(msg); err != nil {
		return fmt.Errorf("smtp write message: %w", err)
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("smtp end of message: %w", err)
	}
	return nil
}
