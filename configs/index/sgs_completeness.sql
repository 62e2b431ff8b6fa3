-- 双公示信息完整率 (plan item 11): a published decision is complete when it names
-- its 决定文书号, 行政相对人, 决定机关 and a readable 决定日期. It counts in the
-- period of its 公示日期.
SELECT arrayJoin(units) AS unit_id, id AS doc_id,
       toFloat64(fields['决定文书号'] != '' AND (fields['行政相对人'] != '' OR fields['相对人'] != '')
                 AND fields['决定机关'] != '' AND trustwatch_date(fields['决定日期']) IS NOT NULL) AS num,
       1.0 AS den,
       ifNull(trustwatch_date(fields['公示日期']), toDate(published_at)) AS day
FROM trustwatch.v_documents
WHERE kind = 'disclosure'
