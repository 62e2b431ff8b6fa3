-- 0003_crawl: what each crawl of each source did, and every page that failed.
CREATE TABLE IF NOT EXISTS trustwatch.crawl_runs (
  run_id String COMMENT '抓取批次 crawl run id',
  source LowCardinality(String) COMMENT '来源ID source id',
  started_at DateTime64(3, 'UTC') COMMENT '开始时间 started at',
  finished_at DateTime64(3, 'UTC') COMMENT '结束时间 finished at',
  pages UInt32 COMMENT '抓取页面数 pages fetched',
  documents UInt32 COMMENT '发布文档数 documents published',
  errors UInt32 COMMENT '失败页面数 pages failed',
  retries UInt32 COMMENT '重试次数 retries',
  healthy UInt8 COMMENT '来源是否健康 1 healthy, 0 not',
  health String COMMENT '不健康原因 why not healthy'
) ENGINE = MergeTree
ORDER BY (source, started_at)
COMMENT '每次抓取每个来源的统计 per-run, per-source crawl statistics';

CREATE TABLE IF NOT EXISTS trustwatch.crawl_errors (
  run_id String COMMENT '抓取批次 crawl run id',
  source LowCardinality(String) COMMENT '来源ID source id',
  url String COMMENT '页面地址 URL',
  status UInt16 COMMENT 'HTTP状态码（0为网络错误）HTTP status, 0 for network errors',
  reason String COMMENT '失败原因 reason',
  at DateTime64(3, 'UTC') COMMENT '时间 when'
) ENGINE = MergeTree
ORDER BY (source, at)
COMMENT '抓取失败的页面 pages that failed';
