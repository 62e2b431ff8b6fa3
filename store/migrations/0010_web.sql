-- 0010_web: the desk's audit trail: every login (failed ones too), every
-- acknowledgement, silence and export, and every refused request.
CREATE TABLE IF NOT EXISTS trustwatch.web_audit (
  at DateTime64(3, 'UTC') COMMENT '时间 when',
  user String COMMENT '用户名（未登录为空）user name, empty if none',
  role LowCardinality(String) COMMENT '角色 role',
  action LowCardinality(String) COMMENT '动作 login|login_failed|login_limited|logout|ack|ack_link|silence|unsilence|export|denied|csrf_refused',
  target String COMMENT '对象：单位、预警、屏蔽或导出 the unit, warning, silence or export',
  ok Bool COMMENT '是否成功 succeeded',
  detail String COMMENT '说明 detail',
  remote String COMMENT '客户端地址 client address'
) ENGINE = MergeTree
ORDER BY (at, user)
COMMENT '评估工作台审计日志 the desk audit trail';
