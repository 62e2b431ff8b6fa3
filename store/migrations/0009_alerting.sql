-- 0009_alerting: the warnings' lifecycle. Every change of a warning is a row
-- of warning_changes holding its whole state, so v_warnings (the latest row
-- per fingerprint) is the state and the table its history. A mail is stored
-- in outbox before it is sent, and every attempt to send it is a row of
-- send_attempts; v_notifications joins them. Silences are stored the same
-- way as warnings. (warnings and deliveries are no longer written.)
CREATE TABLE IF NOT EXISTS trustwatch.warning_changes (
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
) ENGINE = MergeTree
ORDER BY (fingerprint, changed_at)
COMMENT '预警的每次状态变化（含完整状态）every change of a warning, with its whole state';

CREATE OR REPLACE VIEW trustwatch.v_warnings
COMMENT '每条预警的当前状态 the current state of every warning' AS
SELECT * FROM trustwatch.warning_changes ORDER BY fingerprint, changed_at DESC LIMIT 1 BY fingerprint;

CREATE TABLE IF NOT EXISTS trustwatch.outbox (
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
) ENGINE = MergeTree
ORDER BY (id, created_at)
COMMENT '待发和已发的预警邮件：先存后发 warning mails, stored before they are sent';

CREATE TABLE IF NOT EXISTS trustwatch.send_attempts (
  notification_id String COMMENT '通知ID notification id',
  attempt UInt32 COMMENT '第几次尝试 attempt number',
  channel LowCardinality(String) COMMENT '渠道 smtp|outbox',
  location String COMMENT 'SMTP服务器或发件箱文件 SMTP server or outbox file',
  ok Bool COMMENT '是否成功 accepted',
  response String COMMENT '服务器答复或失败原因 server reply, or why it failed',
  attempted_at DateTime64(3, 'UTC') COMMENT '尝试时间 attempted at'
) ENGINE = MergeTree
ORDER BY (notification_id, attempted_at)
COMMENT '每次发送尝试 every attempt to send a mail';

CREATE OR REPLACE VIEW trustwatch.v_notifications
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

CREATE TABLE IF NOT EXISTS trustwatch.silences (
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
) ENGINE = MergeTree
ORDER BY (id, changed_at)
COMMENT '预警屏蔽规则（创建与撤销）silences, created and revoked';

CREATE OR REPLACE VIEW trustwatch.v_silences
COMMENT '每条屏蔽规则的当前状态 the current state of every silence' AS
SELECT * FROM trustwatch.silences ORDER BY id, changed_at DESC LIMIT 1 BY id;
