-- 0004_events: one event reported by several sources (a 通报 and its reposts)
-- counts once. Ingest stores each document's simhash; analytics groups
-- documents into events before each ranking and records each document's
-- event when it is not the document itself.
ALTER TABLE trustwatch.documents
  ADD COLUMN IF NOT EXISTS simhash UInt64 DEFAULT 0 COMMENT '内容指纹（simhash）content fingerprint' AFTER label_probability;

CREATE OR REPLACE VIEW trustwatch.v_documents
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents ORDER BY id, ingested_at DESC, version LIMIT 1 BY id;

CREATE TABLE IF NOT EXISTS trustwatch.document_events (
  doc_id String COMMENT '文档ID document id',
  event_id String COMMENT '事件ID：事件中最早入选文档的ID event id: the smallest document id of the event',
  computed_at DateTime64(3, 'UTC') COMMENT '计算时间 computed at'
) ENGINE = ReplacingMergeTree(computed_at)
ORDER BY doc_id
COMMENT '文档所属事件（仅记录与自身不同者）the event of each document grouped with others';

CREATE VIEW IF NOT EXISTS trustwatch.v_document_events
COMMENT '每个文档的当前事件 current event of each document' AS
SELECT doc_id, event_id FROM trustwatch.document_events ORDER BY doc_id, computed_at DESC LIMIT 1 BY doc_id;

CREATE VIEW IF NOT EXISTS trustwatch.v_events
COMMENT '事件：同一事项的原文与转载 events: an item and its reposts across sources' AS
SELECT if(e.event_id = '', d.id, e.event_id) AS event_id,
       argMin(d.title, d.published_at) AS title,
       min(d.published_at) AS first_published,
       count() AS documents,
       groupUniqArray(d.source) AS sources,
       groupArray(d.url) AS urls,
       groupUniqArrayArray(d.units) AS units
FROM trustwatch.v_documents AS d
LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = d.id
GROUP BY event_id;
