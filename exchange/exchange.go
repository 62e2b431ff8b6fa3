// Package exchange is the exchange format of 政务失信记录 shared onward
// (plan item 6: 政务失信记录 归集 to 信用郑州、信用河南、信用中国): a period's
// records of government dishonesty — one per event and unit, with their
// evidence and their status after objections — as CSV or JSON with Chinese
// field names, a versioned format and a data dictionary, for the 社会信用体系
// 建设牵头部门 to import. docs/records-format.md documents it.
//
// It owns the format: its fields, the selection of records and the
// writing. The records come from the store (signals, corrected by accepted
// objections); the CLI (`trustwatch export records`) and the desk call it.
package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/trustwatch/trustwatch/document"
	"github.com/trustwatch/trustwatch/period"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/unit"
)

// Format and Version name the format; a change to the fields bumps Version.
const (
	Format  = "TrustWatch 政务失信记录交换格式"
	Version = "1.0"
)

// Field is one column of the format: its Chinese name (the CSV header and
// the JSON key), its type and what it holds.
type Field struct {
	Name     string `json:"字段名"`
	Type     string `json:"类型"`
	Required bool   `json:"必填"`
	Desc     string `json:"说明"`
}

// Fields is the data dictionary, in column order.
var Fields = []Field{
	{"记录编号", "字符串(16)", true, "记录的稳定编号：同一事件、原主体与失信类别始终相同，更正后不变"},
	{"信用主体名称", "字符串", true, "被评价的政府或部门（改归后为改归单位）"},
	{"主体标识", "字符串", true, "TrustWatch 单位标识（configs/units.yaml 的 id）"},
	{"主体类别", "字符串", true, "县（市、区）政府 或 市直部门"},
	{"行政区划代码", "字符串(6)", false, "国家统计局统计用区划代码；市直部门及功能区为空"},
	{"失信类别", "字符串", true, "政务失信类别，如 政府债务与拖欠、行政诉讼败诉、统计造假"},
	{"严重程度", "整数 1–5", true, "5 最重；降级更正后为更正后的程度"},
	{"失信行为", "字符串", true, "原文中认定失信的文字"},
	{"发生日期", "日期 YYYY-MM-DD", true, "事件日期（原文与转载中最早者）"},
	{"信息来源", "字符串", true, "抓取来源标识"},
	{"文档标题", "字符串", true, "证据文档标题"},
	{"原文链接", "网址", true, "证据文档的原始网址"},
	{"记录状态", "字符串", true, "有效、已撤销、已更正（改归）、已更正（降级）、已信用修复"},
	{"原信用主体", "字符串", false, "改归前的主体标识"},
	{"原严重程度", "整数", false, "降级前的严重程度"},
	{"信用修复日期", "日期 YYYY-MM-DD", false, "已信用修复的记录自该日起减轻或不再计入评价"},
	{"异议编号", "字符串", false, "采纳的异议编号；可在评估工作台或审计记录中查阅"},
	{"格式版本", "字符串", true, "本格式的版本号"},
}

// Record is one 政务失信记录 of the format.
type Record struct {
	ID, UnitName, UnitID, UnitKind, AreaCode, Category string
	Severity                                           int
	Behaviour, Date, Source, Title, URL, Status        string
	FromUnit                                           string
	FromSeverity                                       int
	RepairedFrom, ObjectionID                          string
}

// The statuses of a record after objections.
const (
	Valid      = "有效"
	Withdrawn  = "已撤销"
	Reassigned = "已更正（改归）"
	Lowered    = "已更正（降级）"
	Repaired   = "已信用修复"
)

// Options select the records of a period.
type Options struct {
	// MinSeverity is the least severity exported; default 4, the
	// official records (通报, 问责, 处分, judgments) the index counts as
	// 政务失信记录.
	MinSeverity int
	// Complaints includes citizens' complaints, which are allegations,
	// not records; default false.
	Complaints bool
}

// row is a record as read from the store.
type row struct {
	EventKey     string `json:"event_key"`
	DocID        string `json:"doc_id"`
	UnitID       string `json:"unit_id"`
	Category     string `json:"category"`
	Severity     int    `json:"severity"`
	Evidence     string `json:"evidence"`
	Date         string `json:"event_date"`
	Source       string `json:"source"`
	Title        string `json:"title"`
	URL          string `json:"url"`
	Decision     string `json:"decision"`
	ToUnit       string `json:"to_unit"`
	ToSeverity   int    `json:"to_severity"`
	RepairedFrom string `json:"repaired_from"`
	ObjectionID  string `json:"objection_id"`
}

// Load reads the period's records: negative signals dated in the period,
// one per event (an item and its reposts), unit and category, with the
// accepted objections applied and said in the status. Withdrawn records
// are kept, marked 已撤销, so a receiver that imported them can retract them.
func Load(ctx context.Context, s *store.Store, units *unit.Registry, p period.Period, o Options) ([]Record, error) {
	if o.MinSeverity == 0 {
		o.MinSeverity = 4
	}
	complaints := "AND s.kind != 'complaint'"
	if o.Complaints {
		complaints = ""
	}
	q := fmt.Sprintf(`WITH s AS (SELECT * FROM trustwatch.signals FINAL
      WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL)
        AND polarity < 0 AND event_date >= toDate(%[1]s) AND event_date < toDate(%[2]s))
SELECT if(e.event_id = '', s.doc_id, e.event_id) AS event_key, s.doc_id AS doc_id, toString(s.unit_id) AS unit_id,
  toString(s.category) AS category, toUInt8(s.severity) AS severity, s.evidence AS evidence, toString(s.event_date) AS event_date,
  toString(s.source) AS source, d.title AS title, d.url AS url, c.decision AS decision, c.to_unit AS to_unit, c.to_severity AS to_severity,
  if(c.repaired_from = toDate(0), '', toString(c.repaired_from)) AS repaired_from, c.objection_id AS objection_id
FROM s
LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = s.doc_id
LEFT JOIN trustwatch.v_signal_corrections AS c ON c.doc_id = s.doc_id AND c.unit_id = toString(s.unit_id) AND c.category = toString(s.category)
LEFT JOIN (SELECT id, title, url FROM trustwatch.documents WHERE id IN (SELECT doc_id FROM s)
           ORDER BY id, ingested_at DESC LIMIT 1 BY id) AS d ON d.id = s.doc_id
WHERE s.severity >= %[3]d %[4]s
ORDER BY event_date, event_key, unit_id, category, doc_id
LIMIT 1 BY event_key, unit_id, category`, store.Quote(p.Start.Format("2006-01-02")), store.Quote(p.End.Format("2006-01-02")), o.MinSeverity, complaints)
	var rows []row
	if err := s.SelectInto(ctx, q, &rows); err != nil {
		return nil, fmt.Errorf("read the records of %s: %w", p, err)
	}
	out := make([]Record, len(rows))
	for i, r := range rows {
		out[i] = record(r, units)
	}
	return out, nil
}

// record turns a row into a record: the status from the decision, the
// unit's names and codes from the registry.
func record(r row, units *unit.Registry) Record {
	sum := sha256.Sum256([]byte(r.EventKey + "\x00" + r.UnitID + "\x00" + r.Category))
	rec := Record{ID: hex.EncodeToString(sum[:8]), UnitID: r.UnitID, Category: r.Category, Severity: r.Severity, Behaviour: r.Evidence,
		Date: r.Date, Source: r.Source, Title: r.Title, URL: r.URL, Status: Valid, ObjectionID: r.ObjectionID}
	switch r.Decision {
	case "withdraw":
		rec.Status = Withdrawn
	case "reassign":
		rec.Status, rec.FromUnit, rec.UnitID = Reassigned, r.UnitID, r.ToUnit
	case "lower":
		rec.Status, rec.FromSeverity, rec.Severity = Lowered, r.Severity, min(r.Severity, r.ToSeverity)
	case "rectified":
		rec.Status, rec.RepairedFrom = Repaired, r.RepairedFrom
	default:
		rec.ObjectionID = ""
	}
	rec.UnitName, rec.UnitKind = rec.UnitID, "市直部门"
	if u, ok := units.Get(rec.UnitID); ok {
		rec.UnitName, rec.AreaCode = u.Name, u.Code
		if u.Ranked() {
			rec.UnitKind = "县（市、区）政府"
		}
	}
	return rec
}

// values lays a record out in the order of Fields.
func (r Record) values() []string {
	sev := func(n int) string {
		if n == 0 {
			return ""
		}
		return fmt.Sprint(n)
	}
	return []string{r.ID, r.UnitName, r.UnitID, r.UnitKind, r.AreaCode, r.Category, sev(r.Severity), r.Behaviour, r.Date, r.Source,
		r.Title, r.URL, r.Status, r.FromUnit, sev(r.FromSeverity), r.RepairedFrom, r.ObjectionID, Version}
}

// WriteCSV writes the records as CSV, UTF-8 with a byte-order mark (Excel
// opens it as UTF-8), the Chinese field names as the header.
func WriteCSV(w io.Writer, rs []Record) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(Fields))
	for i, f := range Fields {
		head[i] = f.Name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range rs {
		if err := cw.Write(r.values()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the records as one JSON document: the format, its
// version, the period, when it was made, the data dictionary and the
// records, each an object keyed by the Chinese field names (empty fields
// left out).
func WriteJSON(w io.Writer, p period.Period, generated time.Time, rs []Record) error {
	records := make([]map[string]string, len(rs))
	for i, r := range rs {
		m := map[string]string{}
		for j, v := range r.values() {
			if v != "" {
				m[Fields[j].Name] = v
			}
		}
		records[i] = m
	}
	doc := struct {
		Format    string              `json:"格式"`
		Version   string              `json:"版本"`
		Period    string              `json:"统计期"`
		From      string              `json:"起始日期"`
		To        string              `json:"截止日期"`
		Generated string              `json:"生成时间"`
		Count     int                 `json:"记录数"`
		Fields    []Field             `json:"字段说明"`
		Records   []map[string]string `json:"记录"`
	}{Format, Version, p.String(), p.Start.Format("2006-01-02"), p.Last().Format("2006-01-02"),
		generated.In(document.Shanghai).Format(time.RFC3339), len(rs), Fields, records}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// WriteDictionary writes the data dictionary as CSV (UTF-8 with BOM).
func WriteDictionary(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"序号", "字段名", "类型", "必填", "说明"})
	for i, f := range Fields {
		req := "否"
		if f.Required {
			req = "是"
		}
		_ = cw.Write([]string{fmt.Sprint(i + 1), f.Name, f.Type, req, f.Desc})
	}
	cw.Flush()
	return cw.Error()
}
