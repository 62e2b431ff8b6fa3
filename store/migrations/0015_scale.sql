-- 0015_scale: several `schedule` processes, one leader at a time (a Kafka
-- consumer group's single partition is the lease). Each firing of a
-- scheduled job — a tick — is recorded by the leader that ran it with its
-- lease generation: started, then done or failed. A tick done is not run
-- again; a tick started by a leader that died is run again by the next one.
CREATE TABLE IF NOT EXISTS trustwatch.job_ticks (
  job LowCardinality(String) COMMENT '任务名 job name',
  tick DateTime64(3, 'UTC') COMMENT '计划触发时刻 the scheduled time of this firing',
  leader String COMMENT '执行进程 the process that ran it (host/pid)',
  generation Int64 COMMENT '租约代次（防护令牌） lease generation, the fencing token',
  state LowCardinality(String) COMMENT 'started|done|failed',
  at DateTime64(3, 'UTC') COMMENT '记录时间 recorded at',
  error String COMMENT '错误 error'
) ENGINE = MergeTree
ORDER BY (job, tick, at)
COMMENT '定时任务的每次触发及其执行者 each firing of a scheduled job and who ran it';

CREATE OR REPLACE VIEW trustwatch.v_job_ticks
COMMENT '每次触发的结果：由谁执行、执行了几次 each firing: its outcome, who ran it and how many times it started' AS
SELECT job, tick, argMax(state, at) AS outcome, countIf(state = 'started') AS starts,
       groupUniqArray(leader) AS leaders, max(generation) AS generation, min(at) AS started_at,
       maxIf(at, state != 'started') AS finished_at
FROM trustwatch.job_ticks
GROUP BY job, tick;

-- The crawl state several crawler processes share: what each detail page
-- looked like when its document was published (validators, version).
CREATE TABLE IF NOT EXISTS trustwatch.crawl_state (
  source LowCardinality(String) COMMENT '来源ID source id',
  url String COMMENT '规范化地址（或 record:<id>） stable URL, or record:<id>',
  etag String COMMENT 'ETag',
  last_modified String COMMENT 'Last-Modified',
  version String COMMENT '已发布的文档版本 version of the document published',
  records UInt32 COMMENT '附件的记录数 rows of an attachment file',
  saved_at DateTime64(3, 'UTC') COMMENT '记录时间 saved at'
) ENGINE = ReplacingMergeTree(saved_at)
ORDER BY (source, url)
COMMENT '抓取状态（多个抓取进程共享） crawl state shared by crawler processes';
