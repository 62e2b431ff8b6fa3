package main

import (
	"bufio"
	"context"
	"encoding/json"
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

func analyzeLines(ctx context.Context, a *text.Analyzer, in io.Reader, out, errOut io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	w := bufio.NewWriter(out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	bad := 0
	for n := 1; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, err := parseLine(sc.Bytes())
		if err != nil {
			bad++
			fmt.Fprintf(errOut, "stdin:%d: %v\n", n, err)
			continue
		}
		if err := enc.Encode(analyzeOutput{ID: d.ID, Analysis: a.Analyze(d)}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if bad > 0 {
		return fmt.Errorf("%d input lines skipped", bad)
	}
	return nil
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
	d := document.New("analyze", x.Kind, x.URL, x.Title, x.Text, published, time.Now(), x.Fields)
	if x.ID != "" {
		d.ID = x.ID
	}
	d.DefaultUnit = x.DefaultUnit
	return d, nil
}
