package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gocolly/colly/v2"

	"github.com/trustwatch/trustwatch/document"
)

// listRecords is the callback of a JSON API's list pages: each page's records
// become documents, and a page with records asks for the next one.
func (r *sourceRun) listRecords(ctx context.Context, lists *colly.Collector) colly.ResponseCallback {
	return func(resp *colly.Response) {
		recs, err := ParseRecords(resp.Body, "json", r.src.Records)
		if err != nil {
			r.failed(resp.Request.URL.String(), resp.StatusCode, err)
			return
		}
		r.addRecords(ctx, resp, recs, nil)
		if len(recs) > 0 {
			r.nextPage(lists, resp)
		}
	}
}

// fileRecords is the callback of attachment files (xlsx, csv, json): every
// row becomes a document. The file's validators and row count are kept, so
// an unchanged file answers 304 and counts its rows as unchanged.
func (r *sourceRun) fileRecords(ctx context.Context) colly.ResponseCallback {
	return func(resp *colly.Response) {
		u := resp.Request.URL.String()
		if truncated(resp) { // half a file: its rows cannot be trusted
			r.failed(u, resp.StatusCode, r.errTruncated())
			return
		}
		recs, err := ParseRecords(resp.Body, tableFormat(r.src.Detail.Format, resp.Body), r.src.Records)
		if err != nil {
			r.failed(u, resp.StatusCode, err)
			return
		}
		// Each row's version is kept under its record id; the file keeps only
		// what a conditional GET needs and its row count, recorded once every
		// new row of it is published: a 304 must never hide an unpublished row.
		file := &fileJob{key: r.c.stableURL(u), state: PageState{ETag: resp.Headers.Get("ETag"),
			LastModified: resp.Headers.Get("Last-Modified"), Records: len(recs)}}
		r.addRecords(ctx, resp, recs, file)
		r.fileQueued(file)
	}
}

// addRecords publishes the new or changed records of one response.
func (r *sourceRun) addRecords(ctx context.Context, resp *colly.Response, recs []Record, file *fileJob) {
	for i, rec := range recs {
		r.count(func(rep *SourceReport) { rep.Details++ })
		doc, id, err := r.recordDoc(resp, rec)
		if err != nil {
			r.count(func(rep *SourceReport) { rep.NoContent++ })
			r.failed(fmt.Sprintf("%s (record %d)", resp.Request.URL, i+1), resp.StatusCode, err)
			continue
		}
		if r.unchanged("record:"+id, doc.Version) {
			r.count(func(rep *SourceReport) { rep.Unchanged++ })
			continue
		}
		file.expect()
		r.add(ctx, pending{doc: doc, key: "record:" + id, state: PageState{Version: doc.Version}, file: file})
	}
}

// errNoRecordContent means a record lacks its id or title: the columns were
// renamed, or the rules do not fit the file.
var errNoRecordContent = errors.New("record has no id or title: columns renamed or records rules wrong?")

// recordDoc builds the document of one record by the source's records rules.
// It returns the record's id too: the key of its crawl state.
func (r *sourceRun) recordDoc(resp *colly.Response, rec Record) (document.Document, string, error) {
	rc := r.src.Records
	id, title := strings.TrimSpace(rec.Fill(rc.ID)), strings.TrimSpace(rec.Fill(rc.Title))
	if id == "" || title == "" {
		return document.Document{}, "", errNoRecordContent
	}
	body := rec.Text()
	if rc.Body != "" {
		body = rec.Fill(rc.Body)
	}
	published, err := RecordDate(rec.Fill(rc.PublishedAt))
	if err == nil {
		err = r.c.o.Dates.Check(published, r.c.o.Now())
	}
	if err != nil {
		return document.Document{}, "", fmt.Errorf("record %s: %w", id, err)
	}
	u := resp.Request.URL.String() + "#" + url.PathEscape(id)
	if rc.Link != "" {
		u = resp.Request.AbsoluteURL(rec.Fill(rc.Link))
	}
	doc := document.New(r.src.ID, r.src.Kind, u, title, body, published, r.c.o.Now(), recordFields(rec, rc.Fields))
	doc.ID = document.RecordID(r.src.ID, id)
	doc.DefaultUnit = r.src.DefaultUnit
	return doc, id, nil
}

// recordFields maps the source's named fields, or, when it names none, keeps
// every column.
func recordFields(rec Record, rules map[string]string) map[string]string {
	out := map[string]string{}
	if len(rules) == 0 {
		for k, v := range rec.Values {
			if v != "" && k != "" {
				out[k] = v
			}
		}
		return out
	}
	for name, rule := range rules {
		if v := rec.Fill(rule); v != "" {
			out[name] = v
		}
	}
	return out
}

// tableFormat lets one list link both xlsx and csv attachments, as ledgers
// often do: an xlsx file is a zip archive; any other table is read as csv.
func tableFormat(configured string, body []byte) string {
	if configured != "xlsx" && configured != "csv" {
		return configured
	}
	if bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		return "xlsx"
	}
	return "csv"
}
