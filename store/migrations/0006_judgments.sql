-- 0006_judgments: court decisions read by their parties and holding (text.ReadJudgment):
-- the record the index's 行政机关败诉率 (plan item 12) counts.
CREATE TABLE IF NOT EXISTS trustwatch.judgments (
  doc_id String COMMENT '文档ID document id',
  doc_version String COMMENT '文档版本 document version',
  case_number String COMMENT '案号 case number',
  court String COMMENT '法院 court',
  decided String COMMENT '落款日期（原文） date as signed',
  kind LowCardinality(String) COMMENT '案件类型 行政|民事|刑事|执行',
  procedure LowCardinality(String) COMMENT '审级 一审|二审|再审|非诉执行审查 …',
  party String COMMENT '政府方当事人 government party as named',
  unit_id LowCardinality(String) COMMENT '单位ID unit id of the government party',
  role LowCardinality(String) COMMENT '诉讼地位 被告|被上诉人|上诉人|申请执行人|被执行人 …',
  outcome LowCardinality(String) COMMENT '结果 lost|won|withdrawn, empty when unknown',
  holding String COMMENT '裁判主文 the holding',
  ingested_at DateTime64(3, 'UTC') COMMENT '入库时间 ingested at'
) ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (doc_id, doc_version)
COMMENT '裁判文书结构化记录 court decisions: parties, role and outcome';

CREATE VIEW IF NOT EXISTS trustwatch.v_judgments
COMMENT '最新文档版本的裁判文书记录 judgments of the latest document versions' AS
SELECT j.* FROM trustwatch.judgments AS j
INNER JOIN (SELECT id, version FROM trustwatch.v_documents) AS d ON j.doc_id = d.id AND j.doc_version = d.version
ORDER BY j.doc_id, j.ingested_at DESC LIMIT 1 BY j.doc_id;
