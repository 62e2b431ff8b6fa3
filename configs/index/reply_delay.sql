-- 答复用时 (plan items 3, 13): working days from a complaint's 留言时间 to its
-- 答复时间; the unit's value is the median over the complaints it answered,
-- which a few very late answers do not drag (unanswered ones count in
-- complaint_timely). It counts in the period the complaint was received in.
SELECT arrayJoin(units) AS unit_id, id AS doc_id,
       toFloat64(trustwatch_workdays(received, answered_on, {{offdays}}, {{workdays}})) AS num, 1.0 AS den,
       received AS day
FROM (
  SELECT units, id,
         ifNull(trustwatch_date(fields['留言时间']), toDate(published_at)) AS received,
         trustwatch_date(fields['答复时间']) AS answered_on
  FROM trustwatch.v_documents
  WHERE kind = 'complaint'
)
WHERE answered_on IS NOT NULL
