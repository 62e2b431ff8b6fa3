-- 0008_dedup: the analysts' views find each document's latest version without
-- sorting whole tables. doc_latest keeps one row per document id — the
-- version ingested last — filled by a materialized view on every insert into
-- documents (and here from what is stored). v_documents, v_signals and v_judgments read
-- the ReplacingMergeTree tables with FINAL (which drops replayed duplicates
-- part by part, in parallel) and keep the rows of each document's latest
-- version. Same rows as the 0001 views; 3–4× faster at 10M signals
-- (docs/benchmarks.md).
CREATE TABLE IF NOT EXISTS trustwatch.doc_latest (
  id String COMMENT '文档ID document id',
  version String COMMENT '最新内容版本 latest content version',
  ingested_at DateTime64(3, 'UTC') COMMENT '入库时间 ingested at'
) ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY id
COMMENT '每个文档的最新版本（去重用）latest version of each document, for deduplication';

CREATE MATERIALIZED VIEW IF NOT EXISTS trustwatch.mv_doc_latest TO trustwatch.doc_latest
AS SELECT id, version, ingested_at FROM trustwatch.documents;

INSERT INTO trustwatch.doc_latest SELECT id, version, ingested_at FROM trustwatch.documents;

CREATE OR REPLACE VIEW trustwatch.v_documents
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents FINAL
WHERE (id, version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL);

CREATE OR REPLACE VIEW trustwatch.v_signals
COMMENT '最新文档版本的信号 signals of the latest document versions' AS
SELECT * FROM trustwatch.signals FINAL
WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL);

CREATE OR REPLACE VIEW trustwatch.v_judgments
COMMENT '最新文档版本的裁判文书记录 judgments of the latest document versions' AS
SELECT * FROM trustwatch.judgments FINAL
WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL);
