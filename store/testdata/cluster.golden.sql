CREATE DATABASE IF NOT EXISTS trustwatch ON CLUSTER 'trustwatch';

CREATE TABLE IF NOT EXISTS trustwatch.schema_migrations_local ON CLUSTER 'trustwatch' (
  version UInt32 COMMENT '迁移版本 migration version',
  name String COMMENT '迁移名称 migration name',
  applied_at DateTime64(3, 'UTC') COMMENT '应用时间 applied at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/schema_migrations_local', '{replica}')
ORDER BY version COMMENT '已应用的表结构迁移 schema migrations applied';

CREATE TABLE IF NOT EXISTS trustwatch.schema_migrations ON CLUSTER 'trustwatch' AS trustwatch.schema_migrations_local
ENGINE = Distributed('trustwatch', trustwatch, schema_migrations_local, cityHash64(version))
COMMENT '已应用的表结构迁移 schema migrations applied';

CREATE TABLE IF NOT EXISTS trustwatch.documents_local ON CLUSTER 'trustwatch' (
  id String COMMENT '文档ID：来源+规范化URL的哈希 document id (source + canonical URL)',
  version String COMMENT '内容版本：正文哈希 content hash',
  source LowCardinality(String) COMMENT '来源ID source id',
  kind LowCardinality(String) COMMENT '来源类型 source kind: disclosure, complaint, news…',
  url String COMMENT '原文地址 URL',
  title String COMMENT '标题 title',
  text String COMMENT '正文 body text',
  published_at DateTime64(3, 'Asia/Shanghai') COMMENT '发布时间 published at',
  fetched_at DateTime64(3, 'Asia/Shanghai') COMMENT '抓取时间 fetched at',
  fields Map(String, String) COMMENT '结构化字段（决定日期、答复单位…）structured fields',
  units Array(String) COMMENT '归属单位ID units the document concerns',
  tokens UInt32 COMMENT '分词数 number of gse tokens',
  ingested_at DateTime64(3, 'UTC') COMMENT '入库时间 ingested at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/documents_local', '{replica}', ingested_at)
ORDER BY (id, version)
COMMENT '抓取的文档（政务失信线索原文）crawled documents';

CREATE TABLE IF NOT EXISTS trustwatch.documents ON CLUSTER 'trustwatch' AS trustwatch.documents_local
ENGINE = Distributed('trustwatch', trustwatch, documents_local, cityHash64(id))
COMMENT '抓取的文档（政务失信线索原文）crawled documents';

CREATE TABLE IF NOT EXISTS trustwatch.signals_local ON CLUSTER 'trustwatch' (
  doc_id String COMMENT '文档ID document id',
  doc_version String COMMENT '文档版本 document version',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  category LowCardinality(String) COMMENT '失信类别 integrity category',
  polarity Int8 COMMENT '倾向：-1失信 0中性 1守信 polarity',
  severity UInt8 COMMENT '严重程度1-5 severity',
  evidence String COMMENT '证据片段 evidence text',
  source LowCardinality(String) COMMENT '来源ID source id',
  kind LowCardinality(String) COMMENT '来源类型 source kind',
  event_date Date COMMENT '事件日期 event date',
  ingested_at DateTime64(3, 'UTC') COMMENT '入库时间 ingested at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/signals_local', '{replica}', ingested_at)
ORDER BY (doc_id, unit_id, category)
COMMENT '文档对单位的诚信信号 what a document says about a unit';

CREATE TABLE IF NOT EXISTS trustwatch.signals ON CLUSTER 'trustwatch' AS trustwatch.signals_local
ENGINE = Distributed('trustwatch', trustwatch, signals_local, cityHash64(unit_id))
COMMENT '文档对单位的诚信信号 what a document says about a unit';

CREATE TABLE IF NOT EXISTS trustwatch.rankings_local ON CLUSTER 'trustwatch' (
  run_id String COMMENT '计算批次ID run id',
  period Date COMMENT '统计月份（月初）period (first day of month)',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  unit_name String COMMENT '单位名称 unit name',
  score Float64 COMMENT '政务诚信指数0-100 integrity index',
  rank UInt16 COMMENT '排名（1最好）rank, 1 is best',
  documents UInt32 COMMENT '涉及文档数 documents concerning the unit',
  complaints UInt32 COMMENT '投诉数 complaints',
  negatives UInt32 COMMENT '失信信号数 negative signals',
  severity_sum UInt32 COMMENT '失信严重程度合计 sum of negative severities',
  computed_at DateTime64(3, 'UTC') COMMENT '计算时间 computed at'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/rankings_local', '{replica}')
ORDER BY (period, run_id, rank)
COMMENT '各单位月度政务诚信排名 monthly rankings, one set per run';

CREATE TABLE IF NOT EXISTS trustwatch.rankings ON CLUSTER 'trustwatch' AS trustwatch.rankings_local
ENGINE = Distributed('trustwatch', trustwatch, rankings_local, cityHash64(period))
COMMENT '各单位月度政务诚信排名 monthly rankings, one set per run';

CREATE TABLE IF NOT EXISTS trustwatch.job_runs_local ON CLUSTER 'trustwatch' (
  run_id String COMMENT '批次ID run id',
  job LowCardinality(String) COMMENT '任务名 job name',
  period Date COMMENT '统计月份 period',
  started_at DateTime64(3, 'UTC') COMMENT '开始时间 started at',
  finished_at DateTime64(3, 'UTC') COMMENT '结束时间 finished at',
  status LowCardinality(String) COMMENT '状态 ok|failed',
  rows UInt32 COMMENT '产出行数 rows written',
  error String COMMENT '错误 error'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/job_runs_local', '{replica}')
ORDER BY (job, started_at)
COMMENT '分析任务运行记录 analytics job runs';

CREATE TABLE IF NOT EXISTS trustwatch.job_runs ON CLUSTER 'trustwatch' AS trustwatch.job_runs_local
ENGINE = Distributed('trustwatch', trustwatch, job_runs_local, cityHash64(job))
COMMENT '分析任务运行记录 analytics job runs';

CREATE TABLE IF NOT EXISTS trustwatch.warnings_local ON CLUSTER 'trustwatch' (
  fingerprint String COMMENT '预警指纹：规则+单位+月份 rule + unit + period',
  run_id String COMMENT '触发批次 run id',
  rule LowCardinality(String) COMMENT '规则名 rule name',
  level LowCardinality(String) COMMENT '预警级别 红/橙/黄/蓝',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  unit_name String COMMENT '单位名称 unit name',
  period Date COMMENT '统计月份 period',
  value Float64 COMMENT '指标值 observed value',
  threshold Float64 COMMENT '阈值 threshold',
  message String COMMENT '预警说明 message',
  raised_at DateTime64(3, 'UTC') COMMENT '触发时间 raised at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/warnings_local', '{replica}', raised_at)
ORDER BY fingerprint
COMMENT '政务诚信预警 integrity warnings';

CREATE TABLE IF NOT EXISTS trustwatch.warnings ON CLUSTER 'trustwatch' AS trustwatch.warnings_local
ENGINE = Distributed('trustwatch', trustwatch, warnings_local, cityHash64(fingerprint))
COMMENT '政务诚信预警 integrity warnings';

CREATE TABLE IF NOT EXISTS trustwatch.notifications_local ON CLUSTER 'trustwatch' (
  fingerprint String COMMENT '预警指纹 warning fingerprint',
  channel LowCardinality(String) COMMENT '渠道 smtp|outbox',
  recipients Array(String) COMMENT '收件人 recipients',
  subject String COMMENT '邮件主题 subject',
  location String COMMENT 'SMTP服务器或发件箱文件 SMTP server or outbox file',
  sent_at DateTime64(3, 'UTC') COMMENT '发送时间 sent at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/notifications_local', '{replica}', sent_at)
ORDER BY fingerprint
COMMENT '已发送的预警通知 notifications sent';

CREATE TABLE IF NOT EXISTS trustwatch.notifications ON CLUSTER 'trustwatch' AS trustwatch.notifications_local
ENGINE = Distributed('trustwatch', trustwatch, notifications_local, cityHash64(fingerprint))
COMMENT '已发送的预警通知 notifications sent';

CREATE VIEW IF NOT EXISTS trustwatch.v_documents ON CLUSTER 'trustwatch'
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents ORDER BY id, ingested_at DESC, version LIMIT 1 BY id;

CREATE VIEW IF NOT EXISTS trustwatch.v_signals ON CLUSTER 'trustwatch'
COMMENT '最新文档版本的信号 signals of the latest document versions' AS
SELECT s.* FROM trustwatch.signals AS s
INNER JOIN (SELECT id, version FROM trustwatch.v_documents) AS d ON s.doc_id = d.id AND s.doc_version = d.version
ORDER BY s.doc_id, s.unit_id, s.category, s.ingested_at DESC LIMIT 1 BY s.doc_id, s.unit_id, s.category;

CREATE VIEW IF NOT EXISTS trustwatch.v_rankings ON CLUSTER 'trustwatch'
COMMENT '每个月份最新一次计算的排名 rankings of the latest run per period' AS
SELECT r.* FROM trustwatch.rankings AS r
INNER JOIN (SELECT period, argMax(run_id, computed_at) AS run_id FROM trustwatch.rankings GROUP BY period) AS l
  ON r.period = l.period AND r.run_id = l.run_id;

CREATE VIEW IF NOT EXISTS trustwatch.v_warnings ON CLUSTER 'trustwatch'
COMMENT '每条预警一行 one row per warning' AS
SELECT * FROM trustwatch.warnings ORDER BY fingerprint, raised_at DESC LIMIT 1 BY fingerprint;

ALTER TABLE trustwatch.documents_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS label LowCardinality(String) DEFAULT '' COMMENT '分类模型标签 label from the configured classifier' AFTER tokens,
  ADD COLUMN IF NOT EXISTS label_probability Float32 DEFAULT 0 COMMENT '标签概率 probability of the label' AFTER label;

ALTER TABLE trustwatch.documents ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS label LowCardinality(String) DEFAULT '' COMMENT '分类模型标签 label from the configured classifier' AFTER tokens,
  ADD COLUMN IF NOT EXISTS label_probability Float32 DEFAULT 0 COMMENT '标签概率 probability of the label' AFTER label;

CREATE OR REPLACE VIEW trustwatch.v_documents ON CLUSTER 'trustwatch'
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents ORDER BY id, ingested_at DESC, version LIMIT 1 BY id;

CREATE TABLE IF NOT EXISTS trustwatch.crawl_runs_local ON CLUSTER 'trustwatch' (
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
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/crawl_runs_local', '{replica}')
ORDER BY (source, started_at)
COMMENT '每次抓取每个来源的统计 per-run, per-source crawl statistics';

CREATE TABLE IF NOT EXISTS trustwatch.crawl_runs ON CLUSTER 'trustwatch' AS trustwatch.crawl_runs_local
ENGINE = Distributed('trustwatch', trustwatch, crawl_runs_local, cityHash64(source))
COMMENT '每次抓取每个来源的统计 per-run, per-source crawl statistics';

CREATE TABLE IF NOT EXISTS trustwatch.crawl_errors_local ON CLUSTER 'trustwatch' (
  run_id String COMMENT '抓取批次 crawl run id',
  source LowCardinality(String) COMMENT '来源ID source id',
  url String COMMENT '页面地址 URL',
  status UInt16 COMMENT 'HTTP状态码（0为网络错误）HTTP status, 0 for network errors',
  reason String COMMENT '失败原因 reason',
  at DateTime64(3, 'UTC') COMMENT '时间 when'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/crawl_errors_local', '{replica}')
ORDER BY (source, at)
COMMENT '抓取失败的页面 pages that failed';

CREATE TABLE IF NOT EXISTS trustwatch.crawl_errors ON CLUSTER 'trustwatch' AS trustwatch.crawl_errors_local
ENGINE = Distributed('trustwatch', trustwatch, crawl_errors_local, cityHash64(source))
COMMENT '抓取失败的页面 pages that failed';

ALTER TABLE trustwatch.documents_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS simhash UInt64 DEFAULT 0 COMMENT '内容指纹（simhash）content fingerprint' AFTER label_probability;

ALTER TABLE trustwatch.documents ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS simhash UInt64 DEFAULT 0 COMMENT '内容指纹（simhash）content fingerprint' AFTER label_probability;

CREATE OR REPLACE VIEW trustwatch.v_documents ON CLUSTER 'trustwatch'
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents ORDER BY id, ingested_at DESC, version LIMIT 1 BY id;

CREATE TABLE IF NOT EXISTS trustwatch.document_events_local ON CLUSTER 'trustwatch' (
  doc_id String COMMENT '文档ID document id',
  event_id String COMMENT '事件ID：事件中最早入选文档的ID event id: the smallest document id of the event',
  computed_at DateTime64(3, 'UTC') COMMENT '计算时间 computed at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/document_events_local', '{replica}', computed_at)
ORDER BY doc_id
COMMENT '文档所属事件（仅记录与自身不同者）the event of each document grouped with others';

CREATE TABLE IF NOT EXISTS trustwatch.document_events ON CLUSTER 'trustwatch' AS trustwatch.document_events_local
ENGINE = Distributed('trustwatch', trustwatch, document_events_local, cityHash64(doc_id))
COMMENT '文档所属事件（仅记录与自身不同者）the event of each document grouped with others';

CREATE VIEW IF NOT EXISTS trustwatch.v_document_events ON CLUSTER 'trustwatch'
COMMENT '每个文档的当前事件 current event of each document' AS
SELECT doc_id, event_id FROM trustwatch.document_events ORDER BY doc_id, computed_at DESC LIMIT 1 BY doc_id;

CREATE VIEW IF NOT EXISTS trustwatch.v_events ON CLUSTER 'trustwatch'
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

CREATE TABLE IF NOT EXISTS trustwatch.deliveries_local ON CLUSTER 'trustwatch' (
  fingerprint String COMMENT '预警指纹 warning fingerprint',
  recipient String COMMENT '收件人 recipient',
  channel LowCardinality(String) COMMENT '渠道 smtp|outbox',
  subject String COMMENT '邮件主题 subject',
  location String COMMENT 'SMTP服务器或发件箱文件 SMTP server or outbox file',
  ok Bool COMMENT '是否送达 delivered',
  response String COMMENT '服务器答复或失败原因 server reply, or why it failed',
  attempted_at DateTime64(3, 'UTC') COMMENT '尝试时间 attempted at'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/deliveries_local', '{replica}')
ORDER BY (fingerprint, recipient, attempted_at)
COMMENT '预警投递记录：每次向每位收件人的投递尝试 delivery attempts, one per recipient and try';

CREATE TABLE IF NOT EXISTS trustwatch.deliveries ON CLUSTER 'trustwatch' AS trustwatch.deliveries_local
ENGINE = Distributed('trustwatch', trustwatch, deliveries_local, cityHash64(fingerprint))
COMMENT '预警投递记录：每次向每位收件人的投递尝试 delivery attempts, one per recipient and try';

CREATE VIEW IF NOT EXISTS trustwatch.v_deliveries ON CLUSTER 'trustwatch'
COMMENT '每条预警每位收件人的最新投递结果 latest delivery result per warning and recipient' AS
SELECT * FROM trustwatch.deliveries ORDER BY fingerprint, recipient, attempted_at DESC LIMIT 1 BY fingerprint, recipient;

CREATE TABLE IF NOT EXISTS trustwatch.judgments_local ON CLUSTER 'trustwatch' (
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
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/judgments_local', '{replica}', ingested_at)
ORDER BY (doc_id, doc_version)
COMMENT '裁判文书结构化记录 court decisions: parties, role and outcome';

CREATE TABLE IF NOT EXISTS trustwatch.judgments ON CLUSTER 'trustwatch' AS trustwatch.judgments_local
ENGINE = Distributed('trustwatch', trustwatch, judgments_local, cityHash64(doc_id))
COMMENT '裁判文书结构化记录 court decisions: parties, role and outcome';

CREATE VIEW IF NOT EXISTS trustwatch.v_judgments ON CLUSTER 'trustwatch'
COMMENT '最新文档版本的裁判文书记录 judgments of the latest document versions' AS
SELECT j.* FROM trustwatch.judgments AS j
INNER JOIN (SELECT id, version FROM trustwatch.v_documents) AS d ON j.doc_id = d.id AND j.doc_version = d.version
ORDER BY j.doc_id, j.ingested_at DESC LIMIT 1 BY j.doc_id;

CREATE FUNCTION IF NOT EXISTS trustwatch_date ON CLUSTER 'trustwatch' AS (s) ->
  toDateOrNull(replaceRegexpOne(trim(s), '^(\\d{4})\\D{1,3}(\\d{1,2})\\D{1,3}(\\d{1,2}).*$', '\\1-\\2-\\3'));

CREATE FUNCTION IF NOT EXISTS trustwatch_workdays ON CLUSTER 'trustwatch' AS (a, b, off, work) ->
  arrayCount(d -> (toDayOfWeek(d) <= 5 AND NOT has(off, d)) OR has(work, d),
             arrayMap(i -> a + i, range(1, toUInt32(greatest(0, dateDiff('day', a, b))) + 1)));

ALTER TABLE trustwatch.job_runs_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS label String DEFAULT '' COMMENT '统计期：2026-10、2026-Q3、2026-H1、2026 period as named' AFTER period;

ALTER TABLE trustwatch.job_runs ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS label String DEFAULT '' COMMENT '统计期：2026-10、2026-Q3、2026-H1、2026 period as named' AFTER period;

CREATE OR REPLACE VIEW trustwatch.v_signal_events ON CLUSTER 'trustwatch'
COMMENT '按事件计的信号：原文与转载、一文多类均只算一次，取最严重者 signals counted once per event and unit: an item, its reposts and its several categories are one, at the most severe' AS
SELECT if(e.event_id = '', s.doc_id, e.event_id) AS event_id, s.unit_id AS unit_id, s.polarity AS polarity,
       argMax(s.category, s.severity) AS category, max(s.severity) AS severity, min(s.event_date) AS event_date,
       argMin(s.doc_id, s.event_date) AS doc_id, argMin(s.kind, s.event_date) AS kind, uniqExact(s.doc_id) AS documents,
       groupUniqArray(s.category) AS categories
FROM trustwatch.v_signals AS s
LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = s.doc_id
GROUP BY event_id, unit_id, polarity;

CREATE TABLE IF NOT EXISTS trustwatch.index_runs_local ON CLUSTER 'trustwatch' (
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
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/index_runs_local', '{replica}')
ORDER BY (period, computed_at)
COMMENT '政务诚信指数计算批次 index runs, one per period computed';

CREATE TABLE IF NOT EXISTS trustwatch.index_runs ON CLUSTER 'trustwatch' AS trustwatch.index_runs_local
ENGINE = Distributed('trustwatch', trustwatch, index_runs_local, cityHash64(period))
COMMENT '政务诚信指数计算批次 index runs, one per period computed';

CREATE TABLE IF NOT EXISTS trustwatch.index_scores_local ON CLUSTER 'trustwatch' (
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
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/index_scores_local', '{replica}')
ORDER BY (period, unit_group, run_id, rank)
COMMENT '各单位政务诚信指数与排名 index scores and ranks, one set per run';

CREATE TABLE IF NOT EXISTS trustwatch.index_scores ON CLUSTER 'trustwatch' AS trustwatch.index_scores_local
ENGINE = Distributed('trustwatch', trustwatch, index_scores_local, cityHash64(period))
COMMENT '各单位政务诚信指数与排名 index scores and ranks, one set per run';

CREATE TABLE IF NOT EXISTS trustwatch.index_indicators_local ON CLUSTER 'trustwatch' (
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
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/index_indicators_local', '{replica}')
ORDER BY (period, unit_group, run_id, unit_id, indicator)
COMMENT '各单位各指标的值与得分 indicator values and scores per unit';

CREATE TABLE IF NOT EXISTS trustwatch.index_indicators ON CLUSTER 'trustwatch' AS trustwatch.index_indicators_local
ENGINE = Distributed('trustwatch', trustwatch, index_indicators_local, cityHash64(unit_id))
COMMENT '各单位各指标的值与得分 indicator values and scores per unit';

CREATE TABLE IF NOT EXISTS trustwatch.index_evidence_local ON CLUSTER 'trustwatch' (
  batch_id String COMMENT '计算批次组ID：一次计算多个统计期时共用 batch id, shared by the runs computed together',
  indicator LowCardinality(String) COMMENT '指标 indicator',
  unit_id LowCardinality(String) COMMENT '单位ID unit id',
  doc_id String COMMENT '证据文档ID evidence document id (join v_documents.id)',
  num Float64 COMMENT '计入分子 contribution to the numerator',
  den Float64 COMMENT '计入分母 contribution to the denominator',
  day Date COMMENT '计入日期：落在哪个统计期 the day that puts it in a period',
  until Date COMMENT '停止计入日期（不含）the day it stops counting (exclusive)'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/index_evidence_local', '{replica}')
ORDER BY (batch_id, indicator, unit_id, day)
COMMENT '指标证据：每个指标值背后的文档，每批存一次，按统计期筛选 the documents behind each indicator value, stored once per batch';

CREATE TABLE IF NOT EXISTS trustwatch.index_evidence ON CLUSTER 'trustwatch' AS trustwatch.index_evidence_local
ENGINE = Distributed('trustwatch', trustwatch, index_evidence_local, cityHash64(unit_id))
COMMENT '指标证据：每个指标值背后的文档，每批存一次，按统计期筛选 the documents behind each indicator value, stored once per batch';

CREATE VIEW IF NOT EXISTS trustwatch.v_index_runs ON CLUSTER 'trustwatch'
COMMENT '每个统计期最新一次计算 the latest run of each period' AS
SELECT * FROM trustwatch.index_runs ORDER BY period, computed_at DESC LIMIT 1 BY period;

CREATE VIEW IF NOT EXISTS trustwatch.v_index_scores ON CLUSTER 'trustwatch'
COMMENT '每个统计期最新一次计算的指数与排名 scores of the latest run per period' AS
SELECT s.* FROM trustwatch.index_scores AS s
WHERE s.run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE VIEW IF NOT EXISTS trustwatch.v_index_indicators ON CLUSTER 'trustwatch'
COMMENT '每个统计期最新一次计算的指标 indicators of the latest run per period' AS
SELECT i.* FROM trustwatch.index_indicators AS i
WHERE i.run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE VIEW IF NOT EXISTS trustwatch.v_run_evidence ON CLUSTER 'trustwatch'
COMMENT '每次计算的证据：批次证据按统计期筛选 the evidence of every run: the evidence of its batch within its period' AS
SELECT r.run_id AS run_id, r.period AS period, e.indicator AS indicator, e.unit_id AS unit_id, e.doc_id AS doc_id,
       e.num AS num, e.den AS den, e.day AS day
FROM trustwatch.index_evidence AS e
INNER JOIN trustwatch.index_runs AS r ON r.batch_id = e.batch_id
WHERE e.day < r.period_end AND e.until > r.period_start;

CREATE VIEW IF NOT EXISTS trustwatch.v_index_evidence ON CLUSTER 'trustwatch'
COMMENT '每个统计期最新一次计算的证据 evidence of the latest run per period' AS
SELECT * FROM trustwatch.v_run_evidence
WHERE run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE TABLE IF NOT EXISTS trustwatch.doc_latest_local ON CLUSTER 'trustwatch' (
  id String COMMENT '文档ID document id',
  version String COMMENT '最新内容版本 latest content version',
  ingested_at DateTime64(3, 'UTC') COMMENT '入库时间 ingested at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/doc_latest_local', '{replica}', ingested_at)
ORDER BY id
COMMENT '每个文档的最新版本（去重用）latest version of each document, for deduplication';

CREATE TABLE IF NOT EXISTS trustwatch.doc_latest ON CLUSTER 'trustwatch' AS trustwatch.doc_latest_local
ENGINE = Distributed('trustwatch', trustwatch, doc_latest_local, cityHash64(id))
COMMENT '每个文档的最新版本（去重用）latest version of each document, for deduplication';

CREATE MATERIALIZED VIEW IF NOT EXISTS trustwatch.mv_doc_latest ON CLUSTER 'trustwatch' TO trustwatch.doc_latest_local AS SELECT id, version, ingested_at FROM trustwatch.documents_local;

INSERT INTO trustwatch.doc_latest SELECT id, version, ingested_at FROM trustwatch.documents;

CREATE OR REPLACE VIEW trustwatch.v_documents ON CLUSTER 'trustwatch'
COMMENT '每个文档的最新版本 latest version of each document' AS
SELECT * FROM trustwatch.documents FINAL
WHERE (id, version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL);

CREATE OR REPLACE VIEW trustwatch.v_signals ON CLUSTER 'trustwatch'
COMMENT '最新文档版本的信号 signals of the latest document versions' AS
SELECT * FROM trustwatch.signals FINAL
WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL);

CREATE OR REPLACE VIEW trustwatch.v_judgments ON CLUSTER 'trustwatch'
COMMENT '最新文档版本的裁判文书记录 judgments of the latest document versions' AS
SELECT * FROM trustwatch.judgments FINAL
WHERE (doc_id, doc_version) IN (SELECT id, version FROM trustwatch.doc_latest FINAL);

CREATE TABLE IF NOT EXISTS trustwatch.warning_changes_local ON CLUSTER 'trustwatch' (
  fingerprint String COMMENT '预警指纹：规则+单位+规则自身的键 rule + unit + the rule key',
  rule String COMMENT '规则名 rule name',
  kind LowCardinality(String) COMMENT '规则类型 threshold|spike|severe|overdue|hot|source',
  level LowCardinality(String) COMMENT '预警级别 红|橙|黄|蓝',
  cause String COMMENT '原因（抑制按单位+原因）cause, for inhibition',
  unit_id String COMMENT '单位ID（来源中断时为空）unit id, empty for source health',
  unit_name String COMMENT '单位名称或来源 unit name, or the source',
  key String COMMENT '规则自身的键：统计期、文档、日期、来源 the rule key: period, document, day, source',
  status LowCardinality(String) COMMENT '状态 firing|resolved',
  change LowCardinality(String) COMMENT '变化 raised|updated|resolved|expired|silenced|unsilenced|inhibited|uninhibited|acked',
  summary String COMMENT '一句话说明 one-line summary',
  value Float64 COMMENT '触发值 the value that fired',
  figures String COMMENT '数据（JSON）figures as JSON: name, value, period',
  evidence String COMMENT '证据文档（JSON）evidence documents as JSON',
  starts_at DateTime64(3, 'UTC') COMMENT '本次触发开始 when this episode started',
  ends_at DateTime64(3, 'UTC') COMMENT '解除时间，1970为未解除 when it ended, 1970 if firing',
  silenced_by String COMMENT '屏蔽规则ID silence id, empty if none',
  inhibited_by String COMMENT '抑制它的预警指纹 the inhibiting warning',
  acked_by String COMMENT '确认人 acknowledged by',
  acked_at DateTime64(3, 'UTC') COMMENT '确认时间，1970为未确认 acknowledged at, 1970 if not',
  changed_at DateTime64(3, 'UTC') COMMENT '变化时间 changed at'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/warning_changes_local', '{replica}')
ORDER BY (fingerprint, changed_at)
COMMENT '预警的每次状态变化（含完整状态）every change of a warning, with its whole state';

CREATE TABLE IF NOT EXISTS trustwatch.warning_changes ON CLUSTER 'trustwatch' AS trustwatch.warning_changes_local
ENGINE = Distributed('trustwatch', trustwatch, warning_changes_local, cityHash64(fingerprint))
COMMENT '预警的每次状态变化（含完整状态）every change of a warning, with its whole state';

CREATE OR REPLACE VIEW trustwatch.v_warnings ON CLUSTER 'trustwatch'
COMMENT '每条预警的当前状态 the current state of every warning' AS
SELECT * FROM trustwatch.warning_changes ORDER BY fingerprint, changed_at DESC LIMIT 1 BY fingerprint;

CREATE TABLE IF NOT EXISTS trustwatch.outbox_local ON CLUSTER 'trustwatch' (
  id String COMMENT '通知ID：类型+路由+预警+次序的哈希，重试不变 notification id, stable across retries',
  kind LowCardinality(String) COMMENT '类型 firing|repeat|resolved|escalation',
  route String COMMENT '路由名 route name',
  to_addrs Array(String) COMMENT '收件人 To',
  cc_addrs Array(String) COMMENT '抄送 Cc',
  unit_id String COMMENT '单位ID unit id',
  items Array(String) COMMENT '所含预警：指纹@触发开始毫秒 warnings: fingerprint@episode start (ms)',
  subject String COMMENT '邮件主题 subject',
  text String COMMENT '纯文本正文 plain-text body',
  html String COMMENT 'HTML正文 HTML body',
  created_at DateTime64(3, 'UTC') COMMENT '生成时间 created at'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/outbox_local', '{replica}')
ORDER BY (id, created_at)
COMMENT '待发和已发的预警邮件：先存后发 warning mails, stored before they are sent';

CREATE TABLE IF NOT EXISTS trustwatch.outbox ON CLUSTER 'trustwatch' AS trustwatch.outbox_local
ENGINE = Distributed('trustwatch', trustwatch, outbox_local, cityHash64(id))
COMMENT '待发和已发的预警邮件：先存后发 warning mails, stored before they are sent';

CREATE TABLE IF NOT EXISTS trustwatch.send_attempts_local ON CLUSTER 'trustwatch' (
  notification_id String COMMENT '通知ID notification id',
  attempt UInt32 COMMENT '第几次尝试 attempt number',
  channel LowCardinality(String) COMMENT '渠道 smtp|outbox',
  location String COMMENT 'SMTP服务器或发件箱文件 SMTP server or outbox file',
  ok Bool COMMENT '是否成功 accepted',
  response String COMMENT '服务器答复或失败原因 server reply, or why it failed',
  attempted_at DateTime64(3, 'UTC') COMMENT '尝试时间 attempted at'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/send_attempts_local', '{replica}')
ORDER BY (notification_id, attempted_at)
COMMENT '每次发送尝试 every attempt to send a mail';

CREATE TABLE IF NOT EXISTS trustwatch.send_attempts ON CLUSTER 'trustwatch' AS trustwatch.send_attempts_local
ENGINE = Distributed('trustwatch', trustwatch, send_attempts_local, cityHash64(notification_id))
COMMENT '每次发送尝试 every attempt to send a mail';

CREATE OR REPLACE VIEW trustwatch.v_notifications ON CLUSTER 'trustwatch'
COMMENT '每封预警邮件及其发送结果 every warning mail and how sending it went' AS
SELECT o.id AS id, o.kind AS kind, o.route AS route, o.to_addrs AS to_addrs, o.cc_addrs AS cc_addrs,
       o.unit_id AS unit_id, o.items AS items, o.subject AS subject, o.created_at AS created_at,
       ifNull(a.attempts, 0) AS attempts, ifNull(a.sent, 0) AS sent, a.sent_at AS sent_at,
       ifNull(a.last_response, '') AS last_response, a.last_attempt_at AS last_attempt_at
FROM (SELECT * FROM trustwatch.outbox ORDER BY id, created_at LIMIT 1 BY id) AS o
LEFT JOIN (
  SELECT notification_id, toUInt32(count()) AS attempts, toUInt8(max(ok)) AS sent,
         minIf(attempted_at, ok) AS sent_at, argMax(response, attempted_at) AS last_response,
         max(attempted_at) AS last_attempt_at
  FROM trustwatch.send_attempts GROUP BY notification_id
) AS a ON a.notification_id = o.id
SETTINGS join_use_nulls = 1;

CREATE TABLE IF NOT EXISTS trustwatch.silences_local ON CLUSTER 'trustwatch' (
  id String COMMENT '屏蔽ID silence id',
  rule String COMMENT '匹配规则名，空为任意 rule matcher, empty for any',
  unit_id String COMMENT '匹配单位ID，空为任意 unit matcher, empty for any',
  level String COMMENT '匹配级别，空为任意 level matcher, empty for any',
  reason String COMMENT '原因 reason',
  creator String COMMENT '创建人 created by',
  starts_at DateTime64(3, 'UTC') COMMENT '生效时间 from',
  ends_at DateTime64(3, 'UTC') COMMENT '到期时间 until',
  revoked_by String COMMENT '撤销人 revoked by',
  changed_at DateTime64(3, 'UTC') COMMENT '变化时间 changed at'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/silences_local', '{replica}')
ORDER BY (id, changed_at)
COMMENT '预警屏蔽规则（创建与撤销）silences, created and revoked';

CREATE TABLE IF NOT EXISTS trustwatch.silences ON CLUSTER 'trustwatch' AS trustwatch.silences_local
ENGINE = Distributed('trustwatch', trustwatch, silences_local, cityHash64(id))
COMMENT '预警屏蔽规则（创建与撤销）silences, created and revoked';

CREATE OR REPLACE VIEW trustwatch.v_silences ON CLUSTER 'trustwatch'
COMMENT '每条屏蔽规则的当前状态 the current state of every silence' AS
SELECT * FROM trustwatch.silences ORDER BY id, changed_at DESC LIMIT 1 BY id;

CREATE TABLE IF NOT EXISTS trustwatch.web_audit_local ON CLUSTER 'trustwatch' (
  at DateTime64(3, 'UTC') COMMENT '时间 when',
  user String COMMENT '用户名（未登录为空）user name, empty if none',
  role LowCardinality(String) COMMENT '角色 role',
  action LowCardinality(String) COMMENT '动作 login|login_failed|login_limited|logout|ack|ack_link|silence|unsilence|export|denied|csrf_refused',
  target String COMMENT '对象：单位、预警、屏蔽或导出 the unit, warning, silence or export',
  ok Bool COMMENT '是否成功 succeeded',
  detail String COMMENT '说明 detail',
  remote String COMMENT '客户端地址 client address'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/web_audit_local', '{replica}')
ORDER BY (at, user)
COMMENT '评估工作台审计日志 the desk audit trail';

CREATE TABLE IF NOT EXISTS trustwatch.web_audit ON CLUSTER 'trustwatch' AS trustwatch.web_audit_local
ENGINE = Distributed('trustwatch', trustwatch, web_audit_local, cityHash64(at))
COMMENT '评估工作台审计日志 the desk audit trail';

CREATE TABLE IF NOT EXISTS trustwatch.objection_events_local ON CLUSTER 'trustwatch' (
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
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/objection_events_local', '{replica}')
ORDER BY (objection_id, seq, at)
COMMENT '异议的每次事件（含完整状态）every event of an objection, with its whole state';

CREATE TABLE IF NOT EXISTS trustwatch.objection_events ON CLUSTER 'trustwatch' AS trustwatch.objection_events_local
ENGINE = Distributed('trustwatch', trustwatch, objection_events_local, cityHash64(objection_id))
COMMENT '异议的每次事件（含完整状态）every event of an objection, with its whole state';

CREATE OR REPLACE VIEW trustwatch.v_objections ON CLUSTER 'trustwatch'
COMMENT '每条异议的当前状态 the current state of every objection' AS
SELECT * FROM trustwatch.objection_events ORDER BY objection_id, seq DESC, at DESC LIMIT 1 BY objection_id;

CREATE TABLE IF NOT EXISTS trustwatch.objection_files_local ON CLUSTER 'trustwatch' (
  objection_id String COMMENT '异议编号 objection id',
  name String COMMENT '文件名 file name as uploaded',
  sha256 String COMMENT '内容哈希 content hash',
  size UInt32 COMMENT '字节数 bytes',
  content_type LowCardinality(String) COMMENT '检测到的类型 detected type',
  content String COMMENT '内容（base64，只作附件下载）content in base64, only ever served as a download',
  uploaded_by String COMMENT '上传人 uploaded by',
  at DateTime64(3, 'UTC') COMMENT '时间 when'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/objection_files_local', '{replica}')
ORDER BY (objection_id, at)
COMMENT '异议的证明材料 supporting files of objections';

CREATE TABLE IF NOT EXISTS trustwatch.objection_files ON CLUSTER 'trustwatch' AS trustwatch.objection_files_local
ENGINE = Distributed('trustwatch', trustwatch, objection_files_local, cityHash64(objection_id))
COMMENT '异议的证明材料 supporting files of objections';

CREATE OR REPLACE VIEW trustwatch.v_signal_corrections ON CLUSTER 'trustwatch'
COMMENT '已采纳的异议对信号的更正 corrections of signals by accepted objections' AS
SELECT doc_id, unit_id, category, decision, to_unit, to_severity, objection_id, at
FROM trustwatch.v_objections WHERE state = 'accepted'
ORDER BY doc_id, unit_id, category, at DESC LIMIT 1 BY doc_id, unit_id, category;

CREATE OR REPLACE VIEW trustwatch.v_signals ON CLUSTER 'trustwatch'
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

ALTER TABLE trustwatch.objection_events_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS repaired_from Date COMMENT '信用修复起始日（决定为已整改时）repaired from this day, when decided rectified' AFTER to_severity;

ALTER TABLE trustwatch.objection_events ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS repaired_from Date COMMENT '信用修复起始日（决定为已整改时）repaired from this day, when decided rectified' AFTER to_severity;

ALTER TABLE trustwatch.objection_events_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS indicator LowCardinality(String) DEFAULT '' COMMENT '指标：对指标证据的异议（空为对信号的异议）the indicator whose evidence is contested, empty for a signal' AFTER category;

ALTER TABLE trustwatch.objection_events ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS indicator LowCardinality(String) DEFAULT '' COMMENT '指标：对指标证据的异议（空为对信号的异议）the indicator whose evidence is contested, empty for a signal' AFTER category;

ALTER TABLE trustwatch.objection_events_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS after String COMMENT '之后（JSON）：决定后的信号，或重算的统计期及得分、名次变化 the signal after a decision, or the periods recomputed and what changed' AFTER before;

ALTER TABLE trustwatch.objection_events ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS after String COMMENT '之后（JSON）：决定后的信号，或重算的统计期及得分、名次变化 the signal after a decision, or the periods recomputed and what changed' AFTER before;

ALTER TABLE trustwatch.index_evidence_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS repaired Date COMMENT '信用修复日（1970-01-01 为未修复）the day its credit was repaired, 1970-01-01 if never';

ALTER TABLE trustwatch.index_evidence ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS repaired Date COMMENT '信用修复日（1970-01-01 为未修复）the day its credit was repaired, 1970-01-01 if never';

ALTER TABLE trustwatch.index_runs_local ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS repair_weight Float64 DEFAULT 1 COMMENT '已修复记录的计入比例 share of its value a repaired record kept in this run' AFTER replicates;

ALTER TABLE trustwatch.index_runs ON CLUSTER 'trustwatch' ADD COLUMN IF NOT EXISTS repair_weight Float64 DEFAULT 1 COMMENT '已修复记录的计入比例 share of its value a repaired record kept in this run' AFTER replicates;

CREATE OR REPLACE VIEW trustwatch.v_objections ON CLUSTER 'trustwatch'
COMMENT '每条异议的当前状态 the current state of every objection' AS
SELECT * FROM trustwatch.objection_events ORDER BY objection_id, seq DESC, at DESC LIMIT 1 BY objection_id;

CREATE OR REPLACE VIEW trustwatch.v_signal_corrections ON CLUSTER 'trustwatch'
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

CREATE OR REPLACE VIEW trustwatch.v_signals ON CLUSTER 'trustwatch'
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

CREATE OR REPLACE VIEW trustwatch.v_signal_events ON CLUSTER 'trustwatch'
COMMENT '按事件计的信号：原文与转载、一文多类均只算一次，取最严重者；任一文档已修复则事件已修复 signals counted once per event and unit: an item, its reposts and its several categories are one, at the most severe; repaired when any of its documents is' AS
SELECT if(e.event_id = '', s.doc_id, e.event_id) AS event_id, s.unit_id AS unit_id, s.polarity AS polarity,
       argMax(s.category, s.severity) AS category, max(s.severity) AS severity, min(s.event_date) AS event_date,
       argMin(s.doc_id, s.event_date) AS doc_id, argMin(s.kind, s.event_date) AS kind, uniqExact(s.doc_id) AS documents,
       groupUniqArray(s.category) AS categories, max(s.repaired_on) AS repaired_on
FROM trustwatch.v_signals AS s
LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = s.doc_id
GROUP BY event_id, unit_id, polarity;

CREATE OR REPLACE VIEW trustwatch.v_run_evidence ON CLUSTER 'trustwatch'
COMMENT '每次计算的证据：批次证据按统计期筛选；已修复的记录在修复日之后开始的统计期按 repair_weight 计入 the evidence of every run: the evidence of its batch within its period, a repaired record at the repair_weight of the run in periods beginning on or after its repair' AS
SELECT r.run_id AS run_id, r.period AS period, e.indicator AS indicator, e.unit_id AS unit_id, e.doc_id AS doc_id,
       e.num * if(e.repaired != toDate(0) AND e.repaired <= r.period_start, r.repair_weight, 1) AS num, e.den AS den, e.day AS day,
       e.repaired AS repaired
FROM trustwatch.index_evidence AS e
INNER JOIN trustwatch.index_runs AS r ON r.batch_id = e.batch_id
WHERE e.day < r.period_end AND e.until > r.period_start
  AND NOT (e.repaired != toDate(0) AND e.repaired <= r.period_start AND r.repair_weight = 0);

CREATE OR REPLACE VIEW trustwatch.v_index_evidence ON CLUSTER 'trustwatch'
COMMENT '每个统计期最新一次计算的证据 evidence of the latest run per period' AS
SELECT * FROM trustwatch.v_run_evidence
WHERE run_id IN (SELECT run_id FROM trustwatch.v_index_runs);

CREATE OR REPLACE VIEW trustwatch.v_objection_audit ON CLUSTER 'trustwatch'
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

CREATE OR REPLACE VIEW trustwatch.v_evidence_corrections ON CLUSTER 'trustwatch'
COMMENT '已采纳的异议对指标证据的更正（撤销或改归）corrections of indicator evidence by accepted objections: withdrawn or re-attributed' AS
SELECT doc_id, unit_id, indicator, decision, to_unit, objection_id, at
FROM trustwatch.v_objections WHERE state = 'accepted' AND indicator != ''
ORDER BY doc_id, unit_id, indicator, at DESC LIMIT 1 BY doc_id, unit_id, indicator;

CREATE TABLE IF NOT EXISTS trustwatch.doc_first_seen_local ON CLUSTER 'trustwatch' (
  id String COMMENT '文档ID document id',
  source LowCardinality(String) COMMENT '来源ID source id',
  first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')) COMMENT '首次抓到时间 first fetched at'
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/trustwatch/doc_first_seen_local', '{replica}')
ORDER BY (id, source)
COMMENT '每个文档在每个来源首次被抓到的时间 when each document was first fetched from each source';

CREATE TABLE IF NOT EXISTS trustwatch.doc_first_seen ON CLUSTER 'trustwatch' AS trustwatch.doc_first_seen_local
ENGINE = Distributed('trustwatch', trustwatch, doc_first_seen_local, cityHash64(id))
COMMENT '每个文档在每个来源首次被抓到的时间 when each document was first fetched from each source';

CREATE MATERIALIZED VIEW IF NOT EXISTS trustwatch.mv_doc_first_seen ON CLUSTER 'trustwatch' TO trustwatch.doc_first_seen_local AS SELECT id, source, toDateTime64(fetched_at, 3, 'UTC') AS first_seen FROM trustwatch.documents_local;

INSERT INTO trustwatch.doc_first_seen
SELECT id, source, min(toDateTime64(fetched_at, 3, 'UTC')) FROM trustwatch.documents GROUP BY id, source;

CREATE OR REPLACE VIEW trustwatch.v_backdated ON CLUSTER 'trustwatch'
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

CREATE OR REPLACE VIEW trustwatch.v_list_versions ON CLUSTER 'trustwatch'
COMMENT '权责清单的每个版本及首次抓到的时间 every version of a 权责清单 page and when it was first seen' AS
SELECT id AS doc_id, version, min(fetched_at) AS seen, any(units) AS units, any(title) AS title, any(url) AS url,
       any(fields['清单更新日期']) AS claimed, any(fields['事项清单']) AS items, toString(any(source)) AS source
FROM trustwatch.documents
WHERE kind = 'powerlist'
GROUP BY id, version;

CREATE OR REPLACE VIEW trustwatch.v_powerlists ON CLUSTER 'trustwatch'
COMMENT '每份权责清单：版本历史与各次实际更新日期 every 权责清单 with its history and the days of its real updates' AS
SELECT doc_id, units, title, url, source, versions, first_seen, last_seen, history,
       arraySort(arrayFilter(d -> isNotNull(d), arrayConcat([trustwatch_date(history[1].3)],
                 arrayMap(c -> toNullable(toDate(c.1, 'Asia/Shanghai')), changes)))) AS updates,
       if(empty(updates), NULL, updates[-1]) AS last_update
FROM (
  SELECT doc_id, argMax(units, seen) AS units, argMax(title, seen) AS title, argMax(url, seen) AS url, any(source) AS source,
         toUInt32(count()) AS versions, min(seen) AS first_seen, max(seen) AS last_seen,
         arraySort(x -> x.1, groupArray((seen, items, claimed))) AS history,
         arrayMap(i -> history[i], arrayFilter(i -> i > 1 AND history[i].2 != history[i - 1].2, arrayEnumerate(history))) AS changes
  FROM trustwatch.v_list_versions
  GROUP BY doc_id
);

CREATE TABLE IF NOT EXISTS trustwatch.job_ticks_local ON CLUSTER 'trustwatch' (
  job LowCardinality(String) COMMENT '任务名 job name',
  tick DateTime64(3, 'UTC') COMMENT '计划触发时刻 the scheduled time of this firing',
  leader String COMMENT '执行进程 the process that ran it (host/pid)',
  generation Int64 COMMENT '租约代次（防护令牌） lease generation, the fencing token',
  state LowCardinality(String) COMMENT 'started|done|failed',
  at DateTime64(3, 'UTC') COMMENT '记录时间 recorded at',
  error String COMMENT '错误 error'
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/trustwatch/job_ticks_local', '{replica}')
ORDER BY (job, tick, at)
COMMENT '定时任务的每次触发及其执行者 each firing of a scheduled job and who ran it';

CREATE TABLE IF NOT EXISTS trustwatch.job_ticks ON CLUSTER 'trustwatch' AS trustwatch.job_ticks_local
ENGINE = Distributed('trustwatch', trustwatch, job_ticks_local, cityHash64(job))
COMMENT '定时任务的每次触发及其执行者 each firing of a scheduled job and who ran it';

CREATE OR REPLACE VIEW trustwatch.v_job_ticks ON CLUSTER 'trustwatch'
COMMENT '每次触发的结果：由谁执行、执行了几次 each firing: its outcome, who ran it and how many times it started' AS
SELECT job, tick, argMax(state, at) AS outcome, countIf(state = 'started') AS starts,
       groupUniqArray(leader) AS leaders, max(generation) AS generation, min(at) AS started_at,
       maxIf(at, state != 'started') AS finished_at
FROM trustwatch.job_ticks
GROUP BY job, tick;

CREATE TABLE IF NOT EXISTS trustwatch.crawl_state_local ON CLUSTER 'trustwatch' (
  source LowCardinality(String) COMMENT '来源ID source id',
  url String COMMENT '规范化地址（或 record:<id>） stable URL, or record:<id>',
  etag String COMMENT 'ETag',
  last_modified String COMMENT 'Last-Modified',
  version String COMMENT '已发布的文档版本 version of the document published',
  records UInt32 COMMENT '附件的记录数 rows of an attachment file',
  saved_at DateTime64(3, 'UTC') COMMENT '记录时间 saved at'
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/trustwatch/crawl_state_local', '{replica}', saved_at)
ORDER BY (source, url)
COMMENT '抓取状态（多个抓取进程共享） crawl state shared by crawler processes';

CREATE TABLE IF NOT EXISTS trustwatch.crawl_state ON CLUSTER 'trustwatch' AS trustwatch.crawl_state_local
ENGINE = Distributed('trustwatch', trustwatch, crawl_state_local, cityHash64(source))
COMMENT '抓取状态（多个抓取进程共享） crawl state shared by crawler processes';
