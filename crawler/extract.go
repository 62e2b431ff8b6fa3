package crawler

import (
	"context"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/source"
)

// extract returns the detail-page callback: fields by selector, then a document.
func (r *sourceRun) extract(ctx context.Context) colly.HTMLCallback {
	return func(e *colly.HTMLElement) {
		p := ExtractPage(e.DOM, r.src.Detail)
		r.count(func(rep *SourceReport) { rep.Details++ })
		if p.Title == "" || p.Body == "" {
			if truncated(e.Response) { // not a layout change: the page was cut
				r.failed(e.Request.URL.String(), e.Response.StatusCode, r.errTruncated())
				return
			}
			r.count(func(rep *SourceReport) { rep.NoContent++ })
			r.failed(e.Request.URL.String(), e.Response.StatusCode, errNoContent(r.src.Detail.Title, r.src.Detail.Body))
			return
		}
		published, err := ParseDate(p.Published)
		if err == nil {
			err = r.c.o.Dates.Check(published, r.c.o.Now())
		}
		if err != nil {
			r.failed(e.Request.URL.String(), e.Response.StatusCode, err)
			return
		}
		u := e.Request.URL.String()
		doc := document.New(r.src.ID, r.src.Kind, u, p.Title, p.Body, published, r.c.o.Now(), p.Fields)
		doc.ID = document.ID(r.src.ID, r.c.stableURL(u))
		doc.DefaultUnit = r.src.DefaultUnit
		ps := PageState{Version: doc.Version, ETag: e.Response.Headers.Get("ETag"), LastModified: e.Response.Headers.Get("Last-Modified")}
		if r.unchanged(r.c.stableURL(u), doc.Version) {
			r.record(r.c.stableURL(u), ps) // fresh validators for the same version
			r.count(func(rep *SourceReport) { rep.Unchanged++ })
			return
		}
		r.add(ctx, pending{doc: doc, key: r.c.stableURL(u), state: ps})
	}
}

// Page is what a detail page's selectors found, before its date is parsed.
type Page struct {
	Title, Body, Published string
	Fields                 map[string]string
}

// ExtractPage applies a source's detail selectors to a parsed page.
func ExtractPage(doc *goquery.Selection, d source.Detail) Page {
	p := Page{Title: text(doc, d.Title), Body: text(doc, d.Body), Published: text(doc, d.PublishedAt), Fields: tableFields(doc, d.Table)}
	for name, sel := range d.Fields {
		if v := text(doc, sel); v != "" {
			p.Fields[name] = v
		}
	}
	return p
}

// tableFields reads a table of label/value rows: the first cell of each row
// (th or td) names the field, the next one holds its value. Labels lose
// their spaces and a trailing colon (答复单位：).
func tableFields(doc *goquery.Selection, sel string) map[string]string {
	out := map[string]string{}
	if sel == "" {
		return out
	}
	doc.Find(sel).First().Find("tr").Each(func(_ int, tr *goquery.Selection) {
		cells := tr.ChildrenFiltered("th, td")
		if cells.Length() < 2 {
			return
		}
		label := strings.TrimRight(strings.ReplaceAll(clean(cells.First().Text()), " ", ""), ":：")
		value := clean(cells.Eq(1).Text())
		if label != "" && value != "" {
			out[label] = value
		}
	})
	return out
}

// text is the cleaned text of the first match of sel.
func text(doc *goquery.Selection, sel string) string {
	if sel == "" {
		return ""
	}
	return clean(doc.Find(sel).First().Text())
}

// clean normalises whitespace. Bytes that are not UTF-8 (a page that lies
// about its charset) become U+FFFD here, as JSON would turn them later: the
// document's version hash must be of the text that is stored.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

type noContentError struct{ title, body string }

func (e noContentError) Error() string {
	return "no title (" + e.title + ") or body (" + e.body + ") on page: layout changed or not a detail page"
}

func errNoContent(title, body string) error { return noContentError{title, body} }

// errTruncated explains a page whose content was lost to max_bytes.
func (r *sourceRun) errTruncated() error {
	return fmt.Errorf("page truncated at max_bytes (%d bytes): its content lies beyond; raise max_bytes for source %s", r.c.limits(r.src).bytes, r.src.ID)
}

// stableURL puts the {sampleweb} placeholder back in place of the sample
// web's address, which changes with its port, so a page keeps its id.
func (c *Crawler) stableURL(u string) string {
	if base := c.o.SampleWebURL; base != "" && strings.HasPrefix(u, base) {
		return source.SampleWebPlaceholder + strings.TrimPrefix(u, base)
	}
	return u
}

// conditional adds the validators an earlier crawl saw to a detail request,
// so an unchanged page answers 304 and costs no download.
func (r *sourceRun) conditional(req *colly.Request) {
	if r.c.o.State == nil {
		return
	}
	p, ok := r.c.o.State.get(r.src.ID, r.c.stableURL(req.URL.String()))
	if !ok {
		return
	}
	if p.ETag != "" {
		req.Headers.Set("If-None-Match", p.ETag)
	}
	if p.LastModified != "" {
		req.Headers.Set("If-Modified-Since", p.LastModified)
	}
}
