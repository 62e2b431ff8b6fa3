package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/text"
)

// analyzeInput is one line of `trustwatch analyze` input: any JSON object
// with at least a text or a title; other fields go to Fields as strings.
type analyzeInput struct {
	ID          string            `json:"id"`
	Source      string            `json:"source"` // a configured source id makes the document 郑州's as a whole
	Title       string            `json:"title"`
	Text        string            `json:"text"`
	Kind        string            `json:"kind"`
	URL         string            `json:"url"`
	PublishedAt string            `json:"published_at"`
	DefaultUnit string            `json:"default_unit"`
	Fields      map[string]string `json:"fields"`
}

// analyzeOutput is one line of output: the document's id and its analysis.
type analyzeOutput struct {
	ID string `json:"id"`
	document.Analysis
}

// cmdAnalyze reads JSON lines of documents on stdin and writes JSON lines of
// their analysis on stdout — the code ingest runs — so analysts can try the
// rules on their own data. A bad line is reported with its number and skipped.
func cmdAnalyze(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("analyze")
	if err := g.parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	a, err := g.analyzer()
	if err != nil {
		return err
	}
	g.log.Info("dictionaries loaded", "seconds", a.Loaded.Seconds())
	return analyzeLines(ctx, a, g.stdin, g.stdout, g.stderr)
}

// maxLine is the longest input line analyze reads; a longer one is reported
// and skipped, and the lines after it are still read.
const maxLine = 16 << 20

func analyzeLines(ctx context.Context, a *text.Analyzer, in io.Reader, out, errOut io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	bad := 0
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(r, maxLine)
		if errors.Is(err, io.EOF) && line == nil {
			break
		}
		var tooLong lineTooLongError
		if errors.As(err, &tooLong) {
			bad++
			fmt.Fprintf(errOut, "stdin:%d: %v, skipped\n", n, err)
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read stdin line %d: %w", n, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		d, perr := parseLine(line)
		if perr != nil {
			bad++
			fmt.Fprintf(errOut, "stdin:%d: %v\n", n, perr)
			continue
		}
		if err := enc.Encode(output(d.ID, a.Analyze(d))); err != nil {
			return err
		}
		if err := w.Flush(); err != nil { // each result as soon as it is known: analyze may sit in a pipe
			return err
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d input lines skipped", bad)
	}
	return nil
}

// output writes empty lists as [] rather than null, for readers in any language.
func output(id string, an document.Analysis) analyzeOutput {
	if an.Units == nil {
		an.Units = []string{}
	}
	if an.Signals == nil {
		an.Signals = []document.Signal{}
	}
	return analyzeOutput{ID: id, Analysis: an}
}

type lineTooLongError struct{ n int }

func (e lineTooLongError) Error() string {
	return fmt.Sprintf("line of more than %d bytes", e.n)
}

// readLine returns the next line without its newline; a line longer than
// limit is read to its end and discarded, with lineTooLongError.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) <= limit {
			line = append(line, chunk...)
		} else {
			line = line[:0:0]
			limit = -1 // already too long: keep discarding to the newline
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if limit < 0 && (err == nil || errors.Is(err, io.EOF)) {
			return []byte{}, lineTooLongError{maxLine}
		}
		if err != nil && len(line) == 0 {
			return nil, err
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

func parseLine(line []byte) (document.Document, error) {
	var x analyzeInput
	if err := json.Unmarshal(line, &x); err != nil {
		return document.Document{}, fmt.Errorf("not a JSON object: %v", err)
	}
	if x.Title == "" && x.Text == "" {
		return document.Document{}, fmt.Errorf("no title or text")
	}
	var published time.Time
	if x.PublishedAt != "" {
		t, err := time.Parse(time.RFC3339, x.PublishedAt)
		if err != nil {
			if t, err = time.Parse("2006-01-02", x.PublishedAt); err != nil {
				return document.Document{}, fmt.Errorf("published_at %q: want RFC 3339 or YYYY-MM-DD", x.PublishedAt)
			}
		}
		published = t
	}
	d := document.New(cmp.Or(x.Source, "analyze"), x.Kind, x.URL, x.Title, x.Text, published, time.Now(), x.Fields)
	if x.ID != "" {
		d.ID = x.ID
	}
	d.DefaultUnit = x.DefaultUnit
	return d, nil
}
