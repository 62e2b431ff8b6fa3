-- 0011_objections: objections (异议) and their decisions. Every filing,
-- file and decision is an append-only row of objection_events holding the
-- objection's whole state; v_objections is the latest per objection.
-- Accepted decisions correct the signals analysts and the index read:
-- v_signals now applies them (withdrawn or rectified records leave,
-- re-attributed ones move to their unit, lowered ones count at the lower
-- severity); the uncorrected rows stay in signals.
CREATE TABLE IF NOT EXISTS trustwatch.objection_events (
  objection_id String COMMENT '异议编号 objection id',
  seq UInt16 COMMENT '事件序号：1 提出，2 决定 event number: 1 filed, 2 decided',
  event LowCardinality(String) COMMENT '事件 filed|accepted|rejected',
  state LowCardinality(String) COMMENT '状态 filed|accepted|rejected',
  unit_id String COMMENT '提出异议的单位 the unit objecting',
  doc_id String COMMENT '文档ID document id',
  category String COMMENT '失信类别 category of the signal',
  action LowCardinality(String) COMMENT '请求 wrong_unit|not_breach|rectified|outdated|duplicate',
  reason String COMMENT '理由 reason',
  decision LowCardinality(String) COMMENT '决定 withdraw|reassign|lower|rectified, empty while open or rejected',
  to_unit String COMMENT '改归单位 the unit it is re-attributed to',
  to_severity UInt8 COMMENT '调整后的严重程度 the lowered severity',
  decision_reason String COMMENT '决定理由 why',
  filed_by String COMMENT '提出人 filed by',
  decided_by String COMMENT '决定人 decided by',
  due Date COMMENT '审核期限（工作日）review deadline',
  before String COMMENT '决定前的信号（JSON）the signal before',
  at DateTime64(3, 'UTC') COMMENT '时间 when'
) ENGINE = MergeTree
ORDER BY (objection_id, seq, at)
COMMENT '异议的每次事件（含完整状态）every event of an objection, with its whole state';

CREATE OR REPLACE VIEW trustwatch.v_objections
COMMENT '每条异议的当前状态 the current state of every objection' AS
SELECT * FROM trustwatch.objection_events ORDER BY objection_id, seq DESC, at DESC LIMIT 1 BY objection_id;

CREATE TABLE IF NOT EXISTS trustwatch.objection_files (
  objection_id String COMMENT '异议编号 objection id',
  name String COMMENT '文件名 file name as uploaded',
  sha256 String COMMENT '内容哈希 content hash',
  size UInt32 COMMENT '字节数 bytes',
  content_type LowCardinality(String) COMMENT '检测到的类型 detected type',
  content String COMMENT '内容（base64，只作附件下载）content in base64, only ever served as a download',
  uploaded_by String COMMENT '上传人 uploaded by',
  at DateTime64(3, 'UTC') COMMENT '时间 when'
) ENGINE = MergeTree
ORDER BY (objection_id, at)
COMMENT '异议的证明材料 supporting files of objections';

CREATE OR REPLACE VIEW trustwatch.v_signal_corrections
COMMENT '已采纳的异议对信号的更正 corrections of signals by accepted objections' AS
SELECT doc_id, unit_id, category, decision, to_unit, to_severity, objection_id, at
FROM trustwatch.v_objections WHERE state = 'accepted'
ORDER BY doc_id, unit_id, category, at DESC LIMIT 1 BY doc_id, unit_id, category;

CREATE OR REPLACE VIEW trustwatch.v_signals
COMMENT '最新文档版本的信号，已按采纳的异议更正 signals of the latest document versions, corrected by accepted objections' AS
SELECT s.doc_id AS doc_id, s.doc_version AS doc_version,
       toLowCardinality(if(c.decision = 'reassign', c.to_unit, toString(s.unit_id))) AS unit_id,
       s.category AS category, s.polarity AS polarity,
       if(c.decision = 'lower', least(s.severity, c.to_severity), s.severity) AS severity,
       s.evidence AS evidence, s.source AS source, s.kind AS kind, s.event_date AS event_date, s.ingested_at AS ingested_at
FROM (SELECT * FROM trustwatch.signals FINAL
      WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL)) AS s
LEFT JOIN trustwatch.v_signal_corrections AS c
  ON c.doc_id = s.doc_id AND c.unit_id = toString(s.unit_id) AND c.category = toString(s.category)
WHERE c.decision NOT IN ('withdraw', 'rectified');
