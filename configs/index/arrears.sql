-- 拖欠账款 (plan items 12, 18): rows of the 清欠台账 ledgers whose debt fell
-- overdue: a debt counts from its 约定清偿日期 (day) until its 清偿日期 (until;
-- a debt still unpaid has none), for display_days at most. A debt repaid on or
-- before the agreed date, or marked paid without a date, never counts.
SELECT unit_id, doc_id, 1.0 AS num, 1.0 AS den, due AS day, repaid AS until
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id,
         trustwatch_date(fields['约定清偿日期']) AS due,
         trustwatch_date(fields['清偿日期']) AS repaid,
         fields['清偿情况'] AS state
  FROM trustwatch.v_documents
  WHERE mapContains(fields, '约定清偿日期')
)
WHERE due IS NOT NULL
  AND (repaid IS NULL OR repaid > due)
  AND (repaid IS NOT NULL OR NOT match(state, '已.*(清偿|结清)'))
