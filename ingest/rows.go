package ingest

import (
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/text"
)

// DocumentColumns are the columns of trustwatch.documents that ingest writes.
var DocumentColumns = []string{"id", "version", "source", "kind", "url", "title", "text",
	"published_at", "fetched_at", "fields", "units", "tokens", "label", "label_probability", "simhash", "ingested_at"}

func documentRow(d document.Document, res text.Result, now time.Time) []any {
	fields := d.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	units := res.Units
	if units == nil {
		units = []string{}
	}
	return []any{d.ID, d.Version, d.Source, d.Kind, d.URL, d.Title, d.Text,
		d.PublishedAt, d.FetchedAt, fields, units, uint32(res.Tokens), res.Label, float32(res.LabelProbability), res.Simhash, now}
}

// SignalColumns are the columns of trustwatch.signals that ingest writes.
var SignalColumns = []string{"doc_id", "doc_version", "unit_id", "category", "polarity", "severity",
	"evidence", "source", "kind", "event_date", "ingested_at"}

func signalRow(d document.Document, s text.Signal, now time.Time) []any {
	day := store.Day(d.PublishedAt.In(document.Shanghai))
	return []any{d.ID, d.Version, s.Unit, s.Category, int8(s.Polarity), uint8(s.Severity),
		s.Evidence, d.Source, d.Kind, day, now}
}

// Rows returns the rows ingest writes for one analysed document: its
// documents row and one signals row per signal.
func Rows(d document.Document, res text.Result, now time.Time) (doc []any, sigs [][]any) {
	for _, s := range res.Signals {
		sigs = append(sigs, signalRow(d, s, now))
	}
	return documentRow(d, res, now), sigs
}

// JudgmentColumns are the columns of trustwatch.judgments.
var JudgmentColumns = []string{"doc_id", "doc_version", "case_number", "court", "decided", "kind", "procedure",
	"party", "unit_id", "role", "outcome", "holding", "ingested_at"}

// JudgmentRow is a document's judgment record, if it is a court decision.
func JudgmentRow(d document.Document, res text.Result, now time.Time) ([]any, bool) {
	j := res.Judgment
	if j == nil {
		return nil, false
	}
	return []any{d.ID, d.Version, j.CaseNumber, j.Court, j.Date, j.Kind, j.Procedure, j.Party, j.Unit, j.Role, j.Outcome, j.Holding, now}, true
}
