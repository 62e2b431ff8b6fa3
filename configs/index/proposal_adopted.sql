-- 建议提案解决采纳率 (plan item 2): the share of published outcomes of class A
-- (解决或采纳) rather than B (列入计划) or C (留作参考). One row per outcome and
-- unit, in the period it was published.
SELECT unit_id, doc_id, toFloat64(startsWith(result, 'A')) AS num, 1.0 AS den, published AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id, toDate(published_at) AS published, trim(fields['办理结果']) AS result
  FROM trustwatch.v_documents
  WHERE kind = 'proposal' AND mapContains(fields, '办理结果')
)
