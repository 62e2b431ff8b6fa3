-- 0013_gaming: what the crawler itself saw, against what documents claim.
-- doc_first_seen keeps the first time each document was fetched from each
-- source (documents keep only the last fetch of a version once merged);
-- v_backdated lists the 双公示 decisions whose 公示日期 a healthy crawl of
-- their source contradicts: the crawl ran after the day the page claims and
-- finished before the page was first seen. The index may count such a
-- decision as published when it was seen (configs/index.yaml, sgs_timeliness
-- param backdated: observed).
CREATE TABLE IF NOT EXISTS trustwatch.doc_first_seen (
  id String COMMENT '文档ID document id',
  source LowCardinality(String) COMMENT '来源ID source id',
  first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')) COMMENT '首次抓到时间 first fetched at'
) ENGINE = AggregatingMergeTree
ORDER BY (id, source)
COMMENT '每个文档在每个来源首次被抓到的时间 when each document was first fetched from each source';

CREATE MATERIALIZED VIEW IF NOT EXISTS trustwatch.mv_doc_first_seen TO trustwatch.doc_first_seen
AS SELECT id, source, toDateTime64(fetched_at, 3, 'UTC') AS first_seen FROM trustwatch.documents;

INSERT INTO trustwatch.doc_first_seen
SELECT id, source, min(toDateTime64(fetched_at, 3, 'UTC')) FROM trustwatch.documents GROUP BY id, source;

CREATE OR REPLACE VIEW trustwatch.v_backdated
COMMENT '公示日期早于实际上网时间的双公示：公示日期之后来源已被正常抓取而未见该页 双公示 decisions whose claimed 公示日期 a healthy crawl of their source, run after that day and finished before the page was first seen, contradicts' AS
SELECT d.doc_id AS doc_id, d.source AS source, d.units AS units, d.claimed AS claimed, d.first_seen AS first_seen,
       r.started_at AS missed_at, dateDiff('day', d.claimed, toDate(d.first_seen, 'Asia/Shanghai')) AS gap_days
FROM (
  SELECT v.id AS doc_id, toString(v.source) AS source, v.units AS units,
         ifNull(trustwatch_date(v.fields['公示日期']), toDate(v.published_at)) AS claimed, f.first AS first_seen
  FROM trustwatch.v_documents AS v
  INNER JOIN (SELECT id, source, min(first_seen) AS first FROM trustwatch.doc_first_seen GROUP BY id, source) AS f
    ON f.id = v.id AND f.source = toString(v.source)
  WHERE v.kind = 'disclosure'
) AS d
ASOF INNER JOIN (
  SELECT toString(source) AS source, started_at, finished_at FROM trustwatch.crawl_runs WHERE healthy = 1
) AS r ON r.source = d.source AND r.finished_at < d.first_seen
WHERE toDate(r.started_at, 'Asia/Shanghai') > d.claimed + 1;
