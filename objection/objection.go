// Package objection is 异议 and 信用修复 (plan item 8): a unit's official
// contests a record attributed to the unit — a signal of a document, or the
// document's place in an indicator's evidence — with a reason and
// supporting files; an evaluator accepts it (the record withdrawn,
// re-attributed, lowered, or repaired from a day) or rejects it, within a
// review deadline in working days; the affected periods are recomputed and
// the filer is told. Every filing, file, decision and recomputation is an
// append-only event (objection_events, objection_files; the trail in
// trail.go); v_signals and v_evidence_corrections apply the accepted
// decisions, so the index follows while the published runs stay as they
// were (analytics.LoadRunAsOf).
//
// It owns objections, their events, files, checks, the trail and the
// outcome's mail. Recomputing is analytics', sending alerts' outbox, pages
// web's: they come in as callbacks.
package objection

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/unit"
	"github.com/trustwatch/trustwatch/workday"
)

// Action is what the unit asks.
type Action string

// The actions an objection may ask for.
const (
	WrongUnit  Action = "wrong_unit" // the record is another unit's
	NotBreach  Action = "not_breach" // it is no breach of integrity
	Rectified  Action = "rectified"  // already rectified (整改)
	Outdated   Action = "outdated"   // no longer true
	Duplicate  Action = "duplicate"  // counted twice
	maxFiles          = 5
	maxFileLen        = 5 << 20
)

// Actions lists the actions with their Chinese names.
var Actions = map[Action]string{WrongUnit: "归属单位错误", NotBreach: "不构成失信", Rectified: "已整改", Outdated: "信息已过时", Duplicate: "重复计算"}

// Decision is what an evaluator decides.
type Decision string

// The decisions; Reject leaves the record as it is.
const (
	Withdraw Decision = "withdraw" // the record leaves the index
	Reassign Decision = "reassign" // it is another unit's
	Lower    Decision = "lower"    // it counts at a lower severity
	Repaired Decision = "rectified"
	Reject   Decision = "reject"
)

var decisionNames = map[Decision]string{Withdraw: "撤销记录", Reassign: "改归其他单位", Lower: "降低严重程度", Repaired: "已整改（信用修复）", Reject: "不予采纳"}

// Chinese names the decision for pages, reports and mail.
func (d Decision) Chinese() string { return decisionNames[d] }

// States of an objection.
const (
	Filed    = "filed"
	Accepted = "accepted"
	Rejected = "rejected"
)

// Objection is one objection's current state.
type Objection struct {
	ID             string    `json:"objection_id"`
	State          string    `json:"state"`
	UnitID         string    `json:"unit_id"`
	DocID          string    `json:"doc_id"`
	Category       string    `json:"category"`
	Indicator      string    `json:"indicator"` // instead of a category: the indicator whose evidence is contested
	Action         Action    `json:"action"`
	Reason         string    `json:"reason"`
	Decision       Decision  `json:"decision"`
	ToUnit         string    `json:"to_unit"`
	ToSeverity     int       `json:"to_severity"`
	RepairedFrom   string    `json:"repaired_from"` // decided rectified: the day its credit is repaired from
	DecisionReason string    `json:"decision_reason"`
	FiledBy        string    `json:"filed_by"`
	DecidedBy      string    `json:"decided_by"`
	Due            string    `json:"due"`
	Before         string    `json:"before"`
	After          string    `json:"after"` // the signal after the decision, or what recomputing changed (JSON)
	At             time.Time `json:"at"`
	Event          string    `json:"event"`
	Seq            int       `json:"seq"`
}

// Recomputation is one period ranked again after a decision: the run it
// replaced, the new one, and the units whose score, rank or grade moved.
type Recomputation struct {
	Period    string       `json:"period"`
	RunBefore string       `json:"run_before"`
	RunAfter  string       `json:"run_after"`
	Changes   []UnitChange `json:"changes"`
}

// UnitChange is one unit's move in a recomputed period (rank 0: unranked).
type UnitChange struct {
	UnitID      string  `json:"unit_id"`
	RankBefore  int     `json:"rank_before"`
	RankAfter   int     `json:"rank_after"`
	ScoreBefore float64 `json:"score_before"`
	ScoreAfter  float64 `json:"score_after"`
}

// Upload is a supporting file as received.
type Upload struct {
	Name    string
	Content []byte
}

// File is a stored supporting file.
type File struct {
	Name        string    `json:"name"`
	SHA256      string    `json:"sha256"`
	Size        int       `json:"size"`
	ContentType string    `json:"content_type"`
	UploadedBy  string    `json:"uploaded_by"`
	At          time.Time `json:"at"`
}

// allowedTypes are the file types accepted, as http.DetectContentType names
// them: documents and images, never markup or scripts.
var allowedTypes = []string{"application/pdf", "image/png", "image/jpeg", "text/plain; charset=utf-8"}

// Options configure the service.
type Options struct {
	Store    *store.Store      // required
	Units    *unit.Registry    // required
	Calendar *workday.Calendar // default workday.China()
	// ReviewDays is the review deadline in working days; default 10.
	ReviewDays int
	// Recompute recomputes the periods holding a day (the record's date)
	// and says what changed; it is recorded as the objection's event
	// recomputed.
	Recompute func(ctx context.Context, day time.Time) ([]Recomputation, error)
	// Notify tells the filer the outcome.
	Notify func(ctx context.Context, o Objection) error
	Now    func() time.Time
}

// Service files and decides objections.
type Service struct{ o Options }

// New checks the options.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Units == nil {
		return nil, errors.New("objection: store and units are required")
	}
	if o.Calendar == nil {
		o.Calendar = workday.China()
	}
	if o.ReviewDays == 0 {
		o.ReviewDays = 10
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{o: o}, nil
}

// record is what an objection is about, as it counts now: a signal of a
// document (category), or a document's row in an indicator's evidence.
type record struct {
	UnitID    string  `json:"unit_id"`
	Category  string  `json:"category,omitempty"`
	Severity  int     `json:"severity,omitempty"`
	Polarity  int     `json:"polarity,omitempty"`
	Evidence  string  `json:"evidence,omitempty"`
	Indicator string  `json:"indicator,omitempty"`
	Num       float64 `json:"num,omitempty"`
	Den       float64 `json:"den,omitempty"`
	EventDate string  `json:"event_date"`
	// RepairedFrom is set only in an event's after: credit repaired from.
	RepairedFrom string `json:"repaired_from,omitempty"`
}

// record reads what o is about: the signal of its category, or, when it
// names an indicator, the document's evidence row in the latest run of a
// period (the day is the one that puts it in a period).
func (s *Service) record(ctx context.Context, o Objection) (record, bool, error) {
	q := fmt.Sprintf(`SELECT toString(unit_id) AS unit_id, toString(category) AS category, toUInt8(severity) AS severity,
  toInt8(polarity) AS polarity, evidence, toString(event_date) AS event_date
FROM trustwatch.v_signals WHERE doc_id = %s AND unit_id = %s AND category = %s LIMIT 1`, store.Quote(o.DocID), store.Quote(o.UnitID), store.Quote(o.Category))
	if o.Indicator != "" {
		q = fmt.Sprintf(`SELECT toString(unit_id) AS unit_id, toString(indicator) AS indicator, num, den, toString(day) AS event_date
FROM trustwatch.v_index_evidence WHERE doc_id = %s AND unit_id = %s AND indicator = %s ORDER BY day DESC LIMIT 1`, store.Quote(o.DocID), store.Quote(o.UnitID), store.Quote(o.Indicator))
	}
	var rows []record
	if err := s.o.Store.SelectInto(ctx, q, &rows); err != nil || len(rows) == 0 {
		return record{}, false, err
	}
	return rows[0], true, nil
}

// File checks and stores a new objection with its files.
func (s *Service) File(ctx context.Context, o Objection, files []Upload) (Objection, error) {
	var errs []error
	if _, ok := s.o.Units.Get(o.UnitID); !ok {
		errs = append(errs, fmt.Errorf("unknown unit %q", o.UnitID))
	}
	if _, ok := Actions[o.Action]; !ok {
		errs = append(errs, fmt.Errorf("unknown action %q (want wrong_unit, not_breach, rectified, outdated, duplicate)", o.Action))
	}
	if strings.TrimSpace(o.Reason) == "" || len(o.Reason) > 4000 {
		errs = append(errs, errors.New("a reason of 1 to 4000 bytes is required"))
	}
	if strings.TrimSpace(o.FiledBy) == "" {
		errs = append(errs, errors.New("who files is required"))
	}
	stored, err := checkFiles(files)
	errs = append(errs, err)
	if o.Indicator != "" && o.Category != "" {
		errs = append(errs, errors.New("object to a signal (category) or to an indicator's evidence (indicator), not both"))
	}
	sig, ok, err := s.record(ctx, o)
	if err != nil {
		return o, err
	}
	if !ok {
		errs = append(errs, fmt.Errorf("no record %s/%s of %s counts now", o.DocID, o.Category+o.Indicator, o.UnitID))
	}
	if err := errors.Join(errs...); err != nil {
		return o, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	now := s.o.Now().UTC()
	before, _ := json.Marshal(sig)
	o.ID, o.State, o.Event, o.Seq, o.At, o.Before = "OBJ-"+hex.EncodeToString(b), Filed, "filed", 1, now, string(before)
	o.Due = s.o.Calendar.Add(now.In(document.Shanghai), s.o.ReviewDays).Format("2006-01-02")
	if err := s.storeFiles(ctx, o, files, stored); err != nil {
		return o, err
	}
	return o, s.append(ctx, o)
}

// checkFiles refuses too many, too large, empty or disallowed files; it
// returns each file's detected type.
func checkFiles(files []Upload) ([]string, error) {
	if len(files) > maxFiles {
		return nil, fmt.Errorf("at most %d files, got %d", maxFiles, len(files))
	}
	var types []string
	var errs []error
	for _, f := range files {
		t := http.DetectContentType(f.Content)
		switch {
		case len(f.Content) == 0:
			errs = append(errs, fmt.Errorf("file %q is empty", f.Name))
		case len(f.Content) > maxFileLen:
			errs = append(errs, fmt.Errorf("file %q is %d bytes; at most %d", f.Name, len(f.Content), maxFileLen))
		case !slices.Contains(allowedTypes, t):
			errs = append(errs, fmt.Errorf("file %q is %s; accepted: PDF, PNG, JPEG, plain text", f.Name, t))
		}
		types = append(types, t)
	}
	return types, errors.Join(errs...)
}

func (s *Service) storeFiles(ctx context.Context, o Objection, files []Upload, types []string) error {
	if len(files) == 0 {
		return nil
	}
	var rows [][]any
	for i, f := range files {
		sum := sha256.Sum256(f.Content)
		name := strings.Map(func(r rune) rune {
			if r < 32 || strings.ContainsRune(`/\<>"'`, r) {
				return '_'
			}
			return r
		}, f.Name)
		rows = append(rows, []any{o.ID, name, hex.EncodeToString(sum[:]), uint32(len(f.Content)), types[i], base64.StdEncoding.EncodeToString(f.Content), o.FiledBy, o.At})
	}
	cols := []string{"objection_id", "name", "sha256", "size", "content_type", "content", "uploaded_by", "at"}
	if err := s.o.Store.Insert(ctx, store.Database+".objection_files", cols, rows); err != nil {
		return fmt.Errorf("store files of %s: %w", o.ID, err)
	}
	return nil
}

var eventColumns = []string{"objection_id", "seq", "event", "state", "unit_id", "doc_id", "category", "indicator", "action", "reason", "decision", "to_unit",
	"to_severity", "repaired_from", "decision_reason", "filed_by", "decided_by", "due", "before", "after", "at"}

// selectColumns read an event back into an Objection.
const selectColumns = "objection_id, seq, event, state, unit_id, doc_id, category, toString(indicator) AS indicator, toString(action) AS action, reason, toString(decision) AS decision, to_unit, to_severity, " +
	"if(repaired_from = toDate(0), '', toString(repaired_from)) AS repaired_from, decision_reason, filed_by, decided_by, toString(due) AS due, before, after, at"

func (s *Service) append(ctx context.Context, o Objection) error {
	due, _ := time.Parse("2006-01-02", o.Due)
	repaired, _ := time.Parse("2006-01-02", o.RepairedFrom) // zero: 1970-01-01, never
	row := []any{o.ID, uint16(o.Seq), o.Event, o.State, o.UnitID, o.DocID, o.Category, o.Indicator, string(o.Action), o.Reason, string(o.Decision), o.ToUnit,
		uint8(o.ToSeverity), store.Day(repaired), o.DecisionReason, o.FiledBy, o.DecidedBy, store.Day(due), o.Before, o.After, o.At}
	if err := s.o.Store.Insert(ctx, store.Database+".objection_events", eventColumns, [][]any{row}); err != nil {
		return fmt.Errorf("record objection %s: %w", o.ID, err)
	}
	return nil
}

// Ruling is an evaluator's decision on an objection.
type Ruling struct {
	Decision   Decision
	ToUnit     string // Reassign: the unit the record is another's
	ToSeverity int    // Lower: the severity it counts at
	// RepairedFrom (Repaired) is the day the unit's credit is repaired
	// from — when it finished the 整改; zero: the day of the decision. It
	// may not precede the record nor follow the decision.
	RepairedFrom time.Time
	Reason, By   string
}

// Decide accepts an objection with a ruling, or rejects it; the affected
// periods are recomputed and the filer told.
func (s *Service) Decide(ctx context.Context, id string, r Ruling) (Objection, error) {
	o, err := s.Get(ctx, id)
	if err != nil {
		return o, err
	}
	if o.State != Filed {
		return o, fmt.Errorf("objection %s was already %s", id, o.State)
	}
	var sig record
	_ = json.Unmarshal([]byte(o.Before), &sig)
	now := s.o.Now().UTC()
	if err := s.check(r, o, sig, now); err != nil {
		return o, err
	}
	o.State, o.Event, o.Seq, o.Decision, o.DecisionReason, o.DecidedBy, o.At = Accepted, "accepted", 2, r.Decision, r.Reason, r.By, now
	after := &sig
	switch r.Decision {
	case Reject:
		o.State, o.Event, o.Decision = Rejected, "rejected", ""
	case Withdraw:
		after = nil
	case Reassign:
		o.ToUnit, sig.UnitID = r.ToUnit, r.ToUnit
	case Lower:
		o.ToSeverity, sig.Severity = r.ToSeverity, r.ToSeverity // check refused it for evidence
	case Repaired:
		from := r.RepairedFrom
		if from.IsZero() {
			from = now.In(document.Shanghai)
		}
		o.RepairedFrom = from.Format("2006-01-02")
		sig.RepairedFrom = o.RepairedFrom
	}
	b, _ := json.Marshal(after)
	o.After = string(b)
	if err := s.append(ctx, o); err != nil {
		return o, err
	}
	if o.State == Accepted && s.o.Recompute != nil {
		if err := s.recompute(ctx, o, sig.EventDate); err != nil {
			return o, err
		}
	}
	if s.o.Notify != nil {
		if err := s.o.Notify(ctx, o); err != nil {
			return o, fmt.Errorf("objection %s decided; telling the filer failed: %w", id, err)
		}
	}
	return o, nil
}

// recompute ranks the record's periods again and records what changed as
// the objection's third event, recomputed.
func (s *Service) recompute(ctx context.Context, o Objection, eventDate string) error {
	day, _ := time.Parse("2006-01-02", eventDate)
	rs, err := s.o.Recompute(ctx, day)
	if err != nil {
		return fmt.Errorf("objection %s decided; recomputing its periods failed (rerun trustwatch rank): %w", o.ID, err)
	}
	if rs == nil {
		rs = []Recomputation{} // no period of the record was ranked: said as []
	}
	b, _ := json.Marshal(rs)
	o.Event, o.Seq, o.After, o.At = "recomputed", 3, string(b), s.o.Now().UTC()
	return s.append(ctx, o)
}

// check refuses a ruling that is incomplete or does not fit the record.
func (s *Service) check(r Ruling, o Objection, sig record, now time.Time) error {
	switch {
	case o.Indicator != "" && (r.Decision == Lower || r.Decision == Repaired):
		return fmt.Errorf("an indicator's evidence is withdrawn, re-attributed or kept; %q applies to signals", r.Decision)
	case strings.TrimSpace(r.Reason) == "" || strings.TrimSpace(r.By) == "":
		return errors.New("a decision needs its reason and who decides")
	case !slices.Contains([]Decision{Withdraw, Reassign, Lower, Repaired, Reject}, r.Decision):
		return fmt.Errorf("unknown decision %q (want withdraw, reassign, lower, rectified or reject)", r.Decision)
	case r.Decision == Reassign && (r.ToUnit == o.UnitID || !s.known(r.ToUnit)):
		return fmt.Errorf("re-attribute to which unit? %q is not another known unit", r.ToUnit)
	case r.Decision == Lower && (r.ToSeverity < 1 || r.ToSeverity >= sig.Severity):
		return fmt.Errorf("lower to a severity from 1 to %d, got %d", sig.Severity-1, r.ToSeverity)
	case r.Decision == Repaired && !r.RepairedFrom.IsZero():
		from := r.RepairedFrom.Format("2006-01-02")
		if from < sig.EventDate || from > now.In(document.Shanghai).Format("2006-01-02") {
			return fmt.Errorf("repaired from %s: want a day from the record's %s to today", from, sig.EventDate)
		}
	}
	return nil
}

func (s *Service) known(id string) bool { _, ok := s.o.Units.Get(id); return ok }

// Get returns an objection's current state.
func (s *Service) Get(ctx context.Context, id string) (Objection, error) {
	os, err := s.list(ctx, "objection_id = "+store.Quote(id))
	if err != nil {
		return Objection{}, err
	}
	if len(os) == 0 {
		return Objection{}, fmt.Errorf("no objection %q", id)
	}
	return os[0], nil
}

// List returns objections, newest first; unitID "" lists every unit's.
func (s *Service) List(ctx context.Context, unitID string) ([]Objection, error) {
	where := "1"
	if unitID != "" {
		where = "unit_id = " + store.Quote(unitID)
	}
	return s.list(ctx, where)
}

func (s *Service) list(ctx context.Context, where string) ([]Objection, error) {
	var out []Objection
	q := "SELECT " + selectColumns + " FROM trustwatch.v_objections WHERE " +
		where + " ORDER BY at DESC, objection_id"
	if err := s.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read objections: %w", err)
	}
	return out, nil
}

// History returns every event of an objection, oldest first.
func (s *Service) History(ctx context.Context, id string) ([]Objection, error) {
	var out []Objection
	q := "SELECT " + selectColumns + " FROM trustwatch.objection_events WHERE objection_id = " +
		store.Quote(id) + " ORDER BY seq, at"
	if err := s.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read objection %s: %w", id, err)
	}
	return out, nil
}

// Files lists an objection's files.
func (s *Service) Files(ctx context.Context, id string) ([]File, error) {
	var out []File
	q := "SELECT name, sha256, size, toString(content_type) AS content_type, uploaded_by, at FROM trustwatch.objection_files WHERE objection_id = " + store.Quote(id) + " ORDER BY at, name"
	if err := s.o.Store.SelectInto(ctx, q, &out); err != nil {
		return nil, fmt.Errorf("read files of %s: %w", id, err)
	}
	return out, nil
}

// Content returns a stored file's bytes by its hash.
func (s *Service) Content(ctx context.Context, id, sha string) (File, []byte, error) {
	var rows []struct {
		File
		Content string `json:"content"`
	}
	q := "SELECT name, sha256, size, toString(content_type) AS content_type, uploaded_by, at, content FROM trustwatch.objection_files WHERE objection_id = " +
		store.Quote(id) + " AND sha256 = " + store.Quote(sha) + " LIMIT 1"
	if err := s.o.Store.SelectInto(ctx, q, &rows); err != nil || len(rows) == 0 {
		return File{}, nil, fmt.Errorf("no file %s of %s: %v", sha, id, err)
	}
	b, err := base64.StdEncoding.DecodeString(rows[0].Content)
	return rows[0].File, b, err
}
