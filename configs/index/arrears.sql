-- 拖欠账款 (plan items 12, 18): rows of the 清欠台账 ledgers whose debt is overdue
-- at some time in the period: from its 约定清偿日期 until its 清偿日期 (a debt
-- still unpaid has none). A debt marked paid without a date was paid on time.
-- A debt counts for display_days after falling due at most.
SELECT unit_id, doc_id, 1.0 AS num, 1.0 AS den
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id,
         trustwatch_date(fields['约定清偿日期']) AS due,
         trustwatch_date(fields['清偿日期']) AS repaid,
         fields['清偿情况'] AS state
  FROM trustwatch.v_documents
  WHERE mapContains(fields, '约定清偿日期')
)
WHERE due IS NOT NULL AND due < {{to}} AND due >= {{display_from}}
  AND (repaid IS NULL OR (repaid > due AND repaid > {{from}}))
  AND (repaid IS NOT NULL OR NOT match(state, '已.*(清偿|结清)'))
