package crawler

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// charsetTransport names the charset of HTML responses whose Content-Type
// does not, so colly converts them to UTF-8. Many government sites declare
// GBK or GB2312 only in a <meta> tag, or not at all. The order: the header,
// a BOM or <meta> in the first 1024 bytes, valid UTF-8, else GB18030 (a
// superset of GBK and GB2312, and what an undeclared Chinese page most
// likely is).
type charsetTransport struct {
	next     http.RoundTripper
	maxBytes int64
}

func (t charsetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || !isHTML(resp.Header.Get("Content-Type")) || hasCharset(resp.Header.Get("Content-Type")) {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, t.maxBytes))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.Header.Set("Content-Type", "text/html; charset="+detectCharset(body, resp.Header.Get("Content-Type")))
	return resp, nil
}

func isHTML(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return ct == "" || mt == "text/html" || mt == "application/xhtml+xml"
}

func hasCharset(ct string) bool {
	_, params, err := mime.ParseMediaType(ct)
	return err == nil && params["charset"] != ""
}

// detectCharset returns the charset name to decode body with.
func detectCharset(body []byte, contentType string) string {
	head := body[:min(len(body), 1024)]
	if _, name, certain := charset.DetermineEncoding(head, contentType); certain {
		return normalizeCharset(name)
	}
	if utf8.Valid(body) {
		return "utf-8"
	}
	return "gb18030"
}

// normalizeCharset maps the WHATWG names the detector returns to names the
// decoder knows; GB2312 pages are decoded as GBK, which contains it.
func normalizeCharset(name string) string {
	switch n := strings.ToLower(name); n {
	case "gb2312", "gbk", "x-gbk":
		return "gbk"
	default:
		return n
	}
}
