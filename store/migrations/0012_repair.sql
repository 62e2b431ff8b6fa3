-- 0012_repair: credit repair (信用修复, plan item 8) and corrections by event.
-- An accepted objection decided rectified marks its record repaired from a
-- date: the record stays in v_signals with repaired_on, and the index counts
-- it at repair.weight of configs/index.yaml in the periods that begin on or
-- after that day (index_runs.repair_weight keeps the weight each run used).
-- v_objection_audit is the trail of objections: every event and file, one
-- row each, with who, when, what, why, before and after.
-- A decision now applies to the whole event: the document objected to, its
-- reposts and copies (v_document_events), so a withdrawn record does not
-- come back through a repost.
ALTER TABLE trustwatch.objection_events
  ADD COLUMN IF NOT EXISTS repaired_from Date COMMENT '信用修复起始日（决定为已整改时）repaired from this day, when decided rectified' AFTER to_severity;

-- indicator: an objection to a document's place in an indicator's evidence
-- (a 双公示 counted late, a complaint counted unanswered) rather than to a
-- signal; accepted, v_evidence_corrections withdraws or re-attributes the
-- evidence row when the index is computed.
ALTER TABLE trustwatch.objection_events
  ADD COLUMN IF NOT EXISTS indicator LowCardinality(String) DEFAULT '' COMMENT '指标：对指标证据的异议（空为对信号的异议）the indicator whose evidence is contested, empty for a signal' AFTER category;

-- after: the signal as it counts after a decision, or (event recomputed,
-- seq 3) the periods recomputed with their runs and the units whose score
-- or rank changed, as JSON.
ALTER TABLE trustwatch.objection_events
  ADD COLUMN IF NOT EXISTS after String COMMENT '之后（JSON）：决定后的信号，或重算的统计期及得分、名次变化 the signal after a decision, or the periods recomputed and what changed' AFTER before;

ALTER TABLE trustwatch.index_evidence
  ADD COLUMN IF NOT EXISTS repaired Date COMMENT '信用修复日（1970-01-01 为未修复）the day its credit was repaired, 1970-01-01 if never';

ALTER TABLE trustwatch.index_runs
  ADD COLUMN IF NOT EXISTS repair_weight Float64 DEFAULT 1 COMMENT '已修复记录的计入比例 share of its value a repaired record kept in this run' AFTER replicates;

CREATE OR REPLACE VIEW trustwatch.v_objections
COMMENT '每条异议的当前状态 the current state of every objection' AS
SELECT * FROM trustwatch.objection_events ORDER BY objection_id, seq DESC, at DESC LIMIT 1 BY objection_id;

CREATE OR REPLACE VIEW trustwatch.v_signal_corrections
COMMENT '已采纳的异议对信号的更正，及于同一事件的转载 corrections of signals by accepted objections, for the document objected to and the other documents of its event' AS
WITH accepted AS (
  SELECT doc_id, unit_id, category, decision, to_unit, to_severity, repaired_from, objection_id, at
  FROM trustwatch.v_objections WHERE state = 'accepted' AND indicator = ''
)
SELECT doc_id, unit_id, category, decision, to_unit, to_severity, repaired_from, objection_id, at FROM (
  SELECT doc_id, unit_id, category, decision, to_unit, to_severity, repaired_from, objection_id, at FROM accepted
  UNION ALL
  SELECT e2.doc_id AS doc_id, a.unit_id AS unit_id, a.category AS category, a.decision AS decision, a.to_unit AS to_unit,
         a.to_severity AS to_severity, a.repaired_from AS repaired_from, a.objection_id AS objection_id, a.at AS at
  FROM accepted AS a
  INNER JOIN trustwatch.v_document_events AS e1 ON e1.doc_id = a.doc_id
  INNER JOIN trustwatch.v_document_events AS e2 ON e2.event_id = e1.event_id
  WHERE e2.doc_id != a.doc_id
)
ORDER BY doc_id, unit_id, category, at DESC LIMIT 1 BY doc_id, unit_id, category;

CREATE OR REPLACE VIEW trustwatch.v_signals
COMMENT '最新文档版本的信号，已按采纳的异议更正 signals of the latest document versions, corrected by accepted objections' AS
SELECT s.doc_id AS doc_id, s.doc_version AS doc_version,
       toLowCardinality(if(c.decision = 'reassign', c.to_unit, toString(s.unit_id))) AS unit_id,
       s.category AS category, s.polarity AS polarity,
       if(c.decision = 'lower', least(s.severity, c.to_severity), s.severity) AS severity,
       s.evidence AS evidence, s.source AS source, s.kind AS kind, s.event_date AS event_date, s.ingested_at AS ingested_at,
       if(c.decision = 'rectified', c.repaired_from, toDate(0)) AS repaired_on
FROM (SELECT * FROM trustwatch.signals FINAL
      WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL)) AS s
LEFT JOIN trustwatch.v_signal_corrections AS c
  ON c.doc_id = s.doc_id AND c.unit_id = toString(s.unit_id) AND c.category = toString(s.category)
WHERE c.decision != 'withdraw';

CREATE OR REPLACE VIEW trustwatch.v_signal_events
COMMENT '按事件计的信号：原文与转载、一文多类均只算一次，取最严重者；任一文档已修复则事件已修复 signals counted once per event and unit: an item, its reposts and its several categories are one, at the most severe; repaired when any of its documents is' AS
SELECT if(e.event_id = '', s.doc_id, e.event_id) AS event_id, s.unit_id AS unit_id, s.polarity AS polarity,
       argMax(s.category, s.severity) AS category, max(s.severity) AS severity, min(s.event_date) AS event_date,
       argMin(s.doc_id, s.event_date) AS doc_id, argMin(s.kind, s.event_date) AS kind, uniqExact(s.doc_id) AS documents,
       groupUniqArray(s.category) AS categories, max(s.repaired_on) AS repaired_on
FROM trustwatch.v_signals AS s
LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = s.doc_id
GROUP BY event_id, unit_id, polarity;

CREATE OR REPLACE VIEW trustwatch.v_run_evidence
COMMENT '每次计算的证据：批次证据按统计期筛选；已修复的记录在修复日之后开始的统计期按 repair_weight 计入 the evidence of every run: the evidence of its batch within its period, a repaired record at the repair_weight of the run in periods beginning on or after its repair' AS
SELECT r.run_id AS run_id, r.period AS period, e.indicator AS indicator, e.unit_id AS unit_id, e.doc_id AS doc_id,
       e.num * if(e.repaired != toDate(0) AND e.repaired <= r.period_start, r.repair_weight, 1) AS num, e.den AS den, e.day AS day,
       e.repaired AS repaired
FROM trustwatch.index_evidence AS e
INNER JOIN trustwatch.index_runs AS r ON r.batch_id = e.batch_id
WHERE e.day < r.period_end AND e.until > r.period_start
  AND NOT (e.repaired != toDate(0) AND e.repaired <= r.period_start AND r.repair_weight = 0);

CREATE OR REPLACE VIEW trustwatch.v_index_evidence
COMMENT '每个统计期最新一次计算的证据 evidence of the latest run per period' AS
SELECT * FROM trustwatch.v_run_evidence
WHERE run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE OR REPLACE VIEW trustwatch.v_objection_audit
COMMENT '异议审计记录：每个事件与证明材料一行 the audit trail of objections: every event and file, one row each' AS
SELECT at, objection_id, seq, event, unit_id,
       multiIf(event = 'filed', filed_by, event = 'recomputed', 'TrustWatch', decided_by) AS actor,
       multiIf(event = 'filed', concat(doc_id, ' ', category, toString(indicator), ' ', toString(action)),
               event = 'rejected', concat(doc_id, ' ', category, toString(indicator)),
               concat(doc_id, ' ', category, toString(indicator), ' ', toString(decision))) AS what,
       if(event = 'filed', reason, decision_reason) AS why, before, after
FROM trustwatch.objection_events
UNION ALL
SELECT f.at AS at, f.objection_id AS objection_id, toUInt16(0) AS seq, 'file' AS event, o.unit_id AS unit_id, f.uploaded_by AS actor,
       concat(f.name, ' (', toString(f.content_type), ', ', toString(f.size), ' bytes, sha256 ', f.sha256, ')') AS what,
       '' AS why, '' AS before, '' AS after
FROM trustwatch.objection_files AS f
LEFT JOIN (SELECT objection_id, any(unit_id) AS unit_id FROM trustwatch.objection_events GROUP BY objection_id) AS o ON o.objection_id = f.objection_id;

CREATE OR REPLACE VIEW trustwatch.v_evidence_corrections
COMMENT '已采纳的异议对指标证据的更正（撤销或改归）corrections of indicator evidence by accepted objections: withdrawn or re-attributed' AS
SELECT doc_id, unit_id, indicator, decision, to_unit, objection_id, at
FROM trustwatch.v_objections WHERE state = 'accepted' AND indicator != ''
ORDER BY doc_id, unit_id, indicator, at DESC LIMIT 1 BY doc_id, unit_id, indicator;
