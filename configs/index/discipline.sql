-- 纪律处分与问责 (plan item 6): notices of the 纪委监委 naming the unit's officials,
-- weighted by the action taken: 诫勉谈话 1, 通报批评 2, 党内警告 and 政务记过 3,
-- 政务记大过 4, 撤职 5 (an action not in this table is not counted). A notice
-- counts from its 处理日期 for display_days. The notices' own text signals are
-- left out of 政务失信记录 (failure_records), so nothing counts twice.
SELECT unit_id, doc_id, toFloat64(severity) AS num, 1.0 AS den, decided AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id, trustwatch_date(fields['处理日期']) AS decided,
         multiIf(action = '撤职', 5, action = '政务记大过', 4, action IN ('党内警告', '政务记过'), 3,
                 action = '通报批评', 2, action = '诫勉谈话', 1, 0) AS severity
  FROM (SELECT units, id, fields, trim(fields['处理类型']) AS action FROM trustwatch.v_documents WHERE kind = 'discipline')
)
WHERE decided IS NOT NULL AND severity > 0
