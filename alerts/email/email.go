// Package email renders warning notices as multipart mail (plain text and
// HTML, UTF-8 Chinese) and sends stored messages with go-mail: over SMTP
// (STARTTLS or implicit TLS, AUTH, timeouts) when a server is configured,
// else as .eml files in an outbox directory that any mail client opens.
//
// It owns rendering and the wire; what to send, when, and to whom is
// alerts'.
package email

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/trustwatch/trustwatch/alerts"
	"github.com/trustwatch/trustwatch/document"
)

var cst = document.Shanghai

// Options configure the sender.
type Options struct {
	From      string // required, e.g. "TrustWatch <trustwatch@example.gov.cn>"
	SMTPAddr  string // host:port; empty means write to OutboxDir
	Username  string // SMTP AUTH when set
	Password  string
	StartTLS  bool          // require STARTTLS (else it is used when offered)
	TLS       bool          // implicit TLS
	Timeout   time.Duration // one SMTP session; default 30s
	OutboxDir string        // required without SMTPAddr
}

// Sender renders notices and sends messages.
type Sender struct {
	o    Options
	from *mail.Address
}

// New checks the options.
func New(o Options) (*Sender, error) {
	from, err := mail.ParseAddress(o.From)
	if err != nil {
		return nil, fmt.Errorf("email: from address %q: %w", o.From, err)
	}
	if o.SMTPAddr == "" && o.OutboxDir == "" {
		return nil, errors.New("email: an SMTP server or an outbox directory is required")
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	return &Sender{o: o, from: from}, nil
}

// Render returns a notice's subject, plain text and HTML.
func (s *Sender) Render(n alerts.Notice) (string, string, string, error) {
	html, err := HTML(n)
	return Subject(n), Text(n), html, err
}

// MessageID is the stable Message-ID of a stored message: every retry of
// it carries the same, so a recipient's server or client can tell a retry.
func MessageID(id string) string { return id + "@trustwatch" }

// build assembles the multipart message.
func (s *Sender) build(m alerts.Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64))
	if err := msg.From(s.from.String()); err != nil {
		return nil, fmt.Errorf("from %q: %w", s.o.From, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("to %q: %w", m.To, err)
	}
	if len(m.Cc) > 0 {
		if err := msg.Cc(m.Cc...); err != nil {
			return nil, fmt.Errorf("cc %q: %w", m.Cc, err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(MessageID(m.ID))
	msg.SetDateWithValue(m.Created)
	msg.SetGenHeader("X-TrustWatch-Notice", m.ID)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// Send delivers one stored message to all its recipients in one SMTP
// transaction, or writes it to the outbox directory.
func (s *Sender) Send(ctx context.Context, m alerts.Message) (alerts.Delivery, error) {
	msg, err := s.build(m)
	if err != nil {
		return alerts.Delivery{}, err
	}
	if s.o.SMTPAddr == "" {
		path := filepath.Join(s.o.OutboxDir, fileName(m))
		d := alerts.Delivery{Channel: "outbox", Location: path, Response: "written"}
		if err := os.MkdirAll(s.o.OutboxDir, 0o755); err != nil {
			return d, fmt.Errorf("create outbox: %w", err)
		}
		if err := msg.WriteToFile(path); err != nil {
			return d, fmt.Errorf("write outbox message: %w", err)
		}
		return d, nil
	}
	d := alerts.Delivery{Channel: "smtp", Location: s.o.SMTPAddr}
	c, err := s.client()
	if err != nil {
		return d, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.o.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return d, fmt.Errorf("smtp %s: %w", s.o.SMTPAddr, err)
	}
	d.Response = "250 accepted"
	return d, nil
}

func (s *Sender) client() (*gomail.Client, error) {
	host, port, err := net.SplitHostPort(s.o.SMTPAddr)
	if err != nil {
		return nil, fmt.Errorf("smtp addr %q: %w", s.o.SMTPAddr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, fmt.Errorf("smtp port %q: %w", port, err)
	}
	opts := []gomail.Option{gomail.WithPort(p), gomail.WithTimeout(s.o.Timeout), gomail.WithHELO("trustwatch")}
	switch {
	case s.o.TLS:
		opts = append(opts, gomail.WithSSL())
	case s.o.StartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.o.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.o.Username), gomail.WithPassword(s.o.Password))
	}
	return gomail.NewClient(host, opts...)
}

// fileName names an outbox file by creation time and a hash of the id:
// nothing from an address or unit can steer it out of the directory.
func fileName(m alerts.Message) string {
	sum := sha256.Sum256([]byte(m.ID))
	return m.Created.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(sum[:8]) + ".eml"
}
