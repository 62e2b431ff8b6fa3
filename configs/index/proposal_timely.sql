-- 建议提案按期办复率 (plan item 2): a 人大代表建议 or 政协委员提案 is answered on
-- time when its 答复日期 is within {{months}} months of its 交办日期. It counts in
-- the period its 办理结果 was published. One row per outcome and unit; num 1 on
-- time, 0 late.
SELECT unit_id, doc_id, toFloat64(answered <= addMonths(assigned, {{months}})) AS num, 1.0 AS den, published AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id, toDate(published_at) AS published,
         trustwatch_date(fields['交办日期']) AS assigned, trustwatch_date(fields['答复日期']) AS answered
  FROM trustwatch.v_documents
  WHERE kind = 'proposal'
)
WHERE assigned IS NOT NULL AND answered IS NOT NULL
