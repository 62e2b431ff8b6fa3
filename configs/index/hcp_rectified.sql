-- 差评整改率 (plan item 13): of the bad ratings (差评) a unit's 政务服务 received,
-- the share it rectified (差评已整改数), from the monthly 好差评 tables. One row per
-- unit and month, in the month of its 统计月份; num the rectified, den the bad
-- ratings, so a unit rated by few counts little and is shrunk toward the mean.
SELECT unit_id, doc_id, toFloat64(fixed) AS num, toFloat64(bad) AS den, month AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id,
         trustwatch_date(concat(fields['统计月份'], '1日')) AS month,
         toUInt32OrNull(fields['差评数']) AS bad, toUInt32OrNull(fields['差评已整改数']) AS fixed
  FROM trustwatch.v_documents
  WHERE kind = 'commitment' AND mapContains(fields, '差评已整改数')
)
WHERE month IS NOT NULL AND bad IS NOT NULL AND fixed IS NOT NULL AND fixed <= bad
