-- 好评率趋势 (plan item 13): how a unit's share of good ratings (好评数 / 评价数)
-- moved from one month to the next, in per-mille points (‰, rounded half to
-- even). One row per unit and month that has the month before; its mean over
-- a period is the unit's trend. A unit rated by few moves by chance, and the
-- index shrinks it like every rate.
SELECT unit_id, doc_id, roundBankers((rate - prev_rate) * 1000) AS num, 1.0 AS den, month AS day
FROM (
  SELECT unit_id, doc_id, month, rate,
         lagInFrame(rate) OVER w AS prev_rate, lagInFrame(month) OVER w AS prev_month
  FROM (
    SELECT arrayJoin(units) AS unit_id, id AS doc_id,
           trustwatch_date(concat(fields['统计月份'], '1日')) AS month,
           toFloat64(toUInt32OrZero(fields['好评数'])) / toFloat64(toUInt32OrZero(fields['评价数'])) AS rate
    FROM trustwatch.v_documents
    WHERE kind = 'commitment' AND mapContains(fields, '好评数') AND toUInt32OrZero(fields['评价数']) > 0
  )
  WINDOW w AS (PARTITION BY unit_id ORDER BY month ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
)
WHERE month IS NOT NULL AND prev_month = addMonths(month, -1)
