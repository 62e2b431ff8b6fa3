-- 诉求按时答复率 (plan items 3, 13): a complaint is answered on time when its
-- 答复时间 is within {{deadline}} working days of its 留言时间. One still
-- unanswered when it was fetched counts late once its deadline had passed by
-- then, and is pending (not counted) before. It counts in the period it was
-- received in.
SELECT unit_id, doc_id, toFloat64(answered AND days <= {{deadline}}) AS num, 1.0 AS den, received AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id,
         ifNull(trustwatch_date(fields['留言时间']), toDate(published_at)) AS received,
         trustwatch_date(fields['答复时间']) AS answered_on,
         answered_on IS NOT NULL AS answered,
         trustwatch_workdays(received, ifNull(answered_on, toDate(fetched_at)), {{offdays}}, {{workdays}}) AS days
  FROM trustwatch.v_documents
  WHERE kind = 'complaint'
)
WHERE answered OR days > {{deadline}}
