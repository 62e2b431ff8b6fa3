-- 0007_index: the integrity index (configs/index.yaml). A run computes one
-- period for both rankings; it is committed by its row in index_runs, written
-- last, so the v_index_* views never show half a run. Old runs stay queryable
-- in the tables; the views show the latest run of each period.

-- One date parser for dates kept as text in documents' fields: 2026年10月3日,
-- 2026-10-03, 2026/10/3, with or without a time. NULL when it is none.
CREATE FUNCTION IF NOT EXISTS trustwatch_date AS (s) ->
  toDateOrNull(replaceRegexpOne(trim(s), '^(\\d{4})\\D{1,3}(\\d{1,2})\\D{1,3}(\\d{1,2}).*$', '\\1-\\2-\\3'));

-- Working days after a up to and including b: weekdays that are not in off
-- (statutory holidays), and weekend days in work (调休 make-up days). The two
-- lists come from the Go calendar (package workday) with each query.
CREATE FUNCTION IF NOT EXISTS trustwatch_workdays AS (a, b, off, work) ->
  arrayCount(d -> (toDayOfWeek(d) <= 5 AND NOT has(off, d)) OR has(work, d),
             arrayMap(i -> a + i, range(1, toUInt32(greatest(0, dateDiff('day', a, b))) + 1)));

ALTER TABLE trustwatch.job_runs
  ADD COLUMN IF NOT EXISTS label String DEFAULT '' COMMENT '统计期：2026-10、2026-Q3、2026-H1、2026 period as named' AFTER period;

CREATE OR REPLACE VIEW trustwatch.v_signal_events
COMMENT '按事件计的信号：原文与转载、一文多类均只算一次，取最严重者 signals counted once per event and unit: an item, its reposts and its several categories are one, at the most severe' AS
SELECT if(e.event_id = '', s.doc_id, e.event_id) AS event_id, s.unit_id AS unit_id, s.polarity AS polarity,
       argMax(s.category, s.severity) AS category, max(s.severity) AS severity, min(s.event_date) AS event_date,
       argMin(s.doc_id, s.event_date) AS doc_id, argMin(s.kind, s.event_date) AS kind, uniqExact(s.doc_id) AS documents,
       groupUniqArray(s.category) AS categories
FROM trustwatch.v_signals AS s
LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = s.doc_id
GROUP BY event_id, unit_id, polarity;

CREATE TABLE IF NOT EXISTS trustwatch.index_runs (
  run_id String COMMENT '计算批次ID run id',
  period String COMMENT '统计期 period: 2026-10, 2026-Q3, 2026-H1, 2026',
  period_kind LowCardinality(String) COMMENT '统计期类型 month|quarter|half|year',
  period_start Date COMMENT '统计期首日 first day',
  period_end Date COMMENT '统计期次日 the day after the last day',
  index_version String COMMENT '指标体系版本 version of configs/index.yaml',
  index_hash String COMMENT '指标体系及查询的哈希 hash of the index file and its queries',
  seed UInt64 COMMENT '自助法随机种子 bootstrap seed',
  replicates UInt32 COMMENT '自助法重复次数 bootstrap replicates',
  batch_id String COMMENT '计算批次组ID batch id (index_evidence.batch_id)',
  units UInt32 COMMENT '参评单位数 units scored',
  evidence UInt64 COMMENT '证据行数 evidence rows',
  computed_at DateTime64(3, 'UTC') COMMENT '计算时间 computed at'
) ENGINE = MergeTree
ORDER BY (period, computed_at)
COMMENT '政务诚信指数计算批次 index runs, one per period computed';

CREATE TABLE IF NOT EXISTS trustwatch.index_scores (
  run_id String COMMENT '计算批次ID run id',
  period String COMMENT '统计期 period',
  period_start Date COMMENT '统计期首日 first day',
  unit_group LowCardinality(String) COMMENT '排名组 districts|departments',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  unit_name String COMMENT '单位名称 unit name',
  total Float64 COMMENT '政务诚信指数0-100 integrity index',
  total_lo Float64 COMMENT '指数90%区间下限 lower end of the 90% interval',
  total_hi Float64 COMMENT '指数90%区间上限 upper end of the 90% interval',
  grade LowCardinality(String) COMMENT '等级 grade',
  rank UInt16 COMMENT '名次（1最好）rank, 1 is best',
  rank_lo UInt16 COMMENT '名次区间（最好）best rank of the 90% interval',
  rank_hi UInt16 COMMENT '名次区间（最差）worst rank of the 90% interval',
  prev_rank UInt16 COMMENT '上期名次，0为无 rank in the previous period, 0 if none',
  prev_total Float64 COMMENT '上期指数 total in the previous period (with prev_rank > 0)',
  dimensions Map(String, Float64) COMMENT '各维度得分 dimension scores',
  documents UInt32 COMMENT '涉及文档数 documents about the unit',
  sources UInt32 COMMENT '来源数 distinct sources',
  complaints UInt32 COMMENT '投诉数 complaints',
  negatives UInt32 COMMENT '失信事件数 negative events',
  severity_sum UInt32 COMMENT '失信严重程度合计 sum of negative severities',
  positives UInt32 COMMENT '守信事件数 positive events',
  covered UInt16 COMMENT '证据充分的指标数 indicators with enough evidence',
  applicable UInt16 COMMENT '适用指标数 indicators computed for the group',
  insufficient UInt8 COMMENT '证据不足（不得排第一）1: insufficient evidence, never ranked first',
  index_version String COMMENT '指标体系版本 index version',
  computed_at DateTime64(3, 'UTC') COMMENT '计算时间 computed at'
) ENGINE = MergeTree
ORDER BY (period, unit_group, run_id, rank)
COMMENT '各单位政务诚信指数与排名 index scores and ranks, one set per run';

CREATE TABLE IF NOT EXISTS trustwatch.index_indicators (
  run_id String COMMENT '计算批次ID run id',
  period String COMMENT '统计期 period',
  unit_group LowCardinality(String) COMMENT '排名组 districts|departments',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  dimension LowCardinality(String) COMMENT '维度 dimension',
  indicator LowCardinality(String) COMMENT '指标 indicator',
  value Nullable(Float64) COMMENT '原始值 raw value (NULL: no evidence)',
  numerator Float64 COMMENT '分子 numerator',
  denominator Float64 COMMENT '分母 denominator',
  evidence UInt32 COMMENT '证据文档数 evidence documents',
  credibility Float64 COMMENT '可信度Z（收缩）credibility of the shrinkage',
  adjusted Float64 COMMENT '收缩后值 value after shrinkage',
  enough UInt8 COMMENT '证据充分 1: enough evidence',
  score Float64 COMMENT '标准化得分0-100 normalised score',
  weight Float64 COMMENT '占总分权重 share of the total',
  contribution Float64 COMMENT '对总分的贡献 points of the total',
  computed_at DateTime64(3, 'UTC') COMMENT '计算时间 computed at'
) ENGINE = MergeTree
ORDER BY (period, unit_group, run_id, unit_id, indicator)
COMMENT '各单位各指标的值与得分 indicator values and scores per unit';

CREATE TABLE IF NOT EXISTS trustwatch.index_evidence (
  batch_id String COMMENT '计算批次组ID：一次计算多个统计期时共用 batch id, shared by the runs computed together',
  indicator LowCardinality(String) COMMENT '指标 indicator',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  doc_id String COMMENT '证据文档ID evidence document id (join v_documents.id)',
  num Float64 COMMENT '计入分子 contribution to the numerator',
  den Float64 COMMENT '计入分母 contribution to the denominator',
  day Date COMMENT '计入日期：落在哪个统计期 the day that puts it in a period',
  until Date COMMENT '停止计入日期（不含）the day it stops counting (exclusive)'
) ENGINE = MergeTree
ORDER BY (batch_id, indicator, unit_id, day)
COMMENT '指标证据：每个指标值背后的文档，每批存一次，按统计期筛选 the documents behind each indicator value, stored once per batch';

CREATE VIEW IF NOT EXISTS trustwatch.v_index_runs
COMMENT '每个统计期最新一次计算 the latest run of each period' AS
SELECT * FROM trustwatch.index_runs ORDER BY period, computed_at DESC LIMIT 1 BY period;

CREATE VIEW IF NOT EXISTS trustwatch.v_index_scores
COMMENT '每个统计期最新一次计算的指数与排名 scores of the latest run per period' AS
SELECT s.* FROM trustwatch.index_scores AS s
WHERE s.run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE VIEW IF NOT EXISTS trustwatch.v_index_indicators
COMMENT '每个统计期最新一次计算的指标 indicators of the latest run per period' AS
SELECT i.* FROM trustwatch.index_indicators AS i
WHERE i.run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE VIEW IF NOT EXISTS trustwatch.v_run_evidence
COMMENT '每次计算的证据：批次证据按统计期筛选 the evidence of every run: the evidence of its batch within its period' AS
SELECT r.run_id AS run_id, r.period AS period, e.indicator AS indicator, e.unit_id AS unit_id, e.doc_id AS doc_id,
       e.num AS num, e.den AS den, e.day AS day
FROM trustwatch.index_evidence AS e
INNER JOIN trustwatch.index_runs AS r ON r.batch_id = e.batch_id
WHERE e.day < r.period_end AND e.until > r.period_start;

CREATE VIEW IF NOT EXISTS trustwatch.v_index_evidence
COMMENT '每个统计期最新一次计算的证据 evidence of the latest run per period' AS
SELECT * FROM trustwatch.v_run_evidence
WHERE run_id IN (SELECT run_id FROM trustwatch.v_index_runs);
