package email

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"net/mail"
)

type parsed struct{ Subject, Body string }

// parse reads back a message as a mail client would.
func parse(raw []byte) (parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return parsed{}, err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return parsed{}, err
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, m.Body))
	return parsed{subject, string(body)}, err
}
