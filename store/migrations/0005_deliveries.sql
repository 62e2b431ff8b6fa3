-- 0005_deliveries: every attempt to deliver a warning to one recipient, kept
-- for analysts and for the alerter, which retries the recipients not yet
-- reached. (notifications, one row per warning, is no longer written.)
CREATE TABLE IF NOT EXISTS trustwatch.deliveries (
  fingerprint String COMMENT '预警指纹 warning fingerprint',
  recipient String COMMENT '收件人 recipient',
  channel LowCardinality(String) COMMENT '渠道 smtp|outbox',
  subject String COMMENT '邮件主题 subject',
  location String COMMENT 'SMTP服务器或发件箱文件 SMTP server or outbox file',
  ok Bool COMMENT '是否送达 delivered',
  response String COMMENT '服务器答复或失败原因 server reply, or why it failed',
  attempted_at DateTime64(3, 'UTC') COMMENT '尝试时间 attempted at'
) ENGINE = MergeTree
ORDER BY (fingerprint, recipient, attempted_at)
COMMENT '预警投递记录：每次向每位收件人的投递尝试 delivery attempts, one per recipient and try';

CREATE VIEW IF NOT EXISTS trustwatch.v_deliveries
COMMENT '每条预警每位收件人的最新投递结果 latest delivery result per warning and recipient' AS
SELECT * FROM trustwatch.deliveries ORDER BY fingerprint, recipient, attempted_at DESC LIMIT 1 BY fingerprint, recipient;
