-- 双公示及时率 (plan item 11): a 行政许可/行政处罚 decision is on time when its
-- 公示日期 is within {{deadline}} working days of its 决定日期 (holidays and 调休
-- make-up days from the calendar). It counts in the period of its 公示日期.
-- One row per decision and unit; num 1 on time, 0 late.
SELECT unit_id, doc_id,
       toFloat64(trustwatch_workdays(decided, published, {{offdays}}, {{workdays}}) <= {{deadline}}) AS num,
       1.0 AS den, published AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id,
         trustwatch_date(fields['决定日期']) AS decided,
         ifNull(trustwatch_date(fields['公示日期']), toDate(published_at)) AS published
  FROM trustwatch.v_documents
  WHERE kind = 'disclosure' AND mapContains(fields, '决定日期')
)
WHERE decided IS NOT NULL
