-- 整改逾期 (an overdue rule's query, written as an index query is): a 整改
-- notice's 整改期限 passed without a 整改完成日期 by today, or the 整改 was
-- completed after its deadline. One row per notice and unit; num 1 on time,
-- 0 late; day is the deadline.
SELECT unit_id, doc_id, toFloat64(done IS NOT NULL AND done <= due) AS num, 1.0 AS den, due AS day
FROM (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id,
         trustwatch_date(fields['整改期限']) AS due,
         trustwatch_date(fields['整改完成日期']) AS done
  FROM trustwatch.v_documents
  WHERE mapContains(fields, '整改期限')
)
WHERE due IS NOT NULL AND (done IS NOT NULL OR due < today())
