-- 双公示及时率 (plan item 11): a 行政许可/行政处罚 decision is on time when its
-- 公示日期 is within {{deadline}} working days of its 决定日期 (holidays and 调休
-- make-up days from the calendar). It counts in the period of its 公示日期.
-- One row per decision and unit; num 1 on time, 0 late.
-- A backdated decision (v_backdated: a healthy crawl after its claimed
-- 公示日期 did not see it) counts as published on the day the crawler first
-- saw it when {{backdated}} is observed, on the day it claims when claimed.
SELECT unit_id, doc_id,
       toFloat64(trustwatch_workdays(decided, published, {{offdays}}, {{workdays}}) <= {{deadline}}) AS num,
       1.0 AS den, published AS day
FROM (
  SELECT arrayJoin(v.units) AS unit_id, v.id AS doc_id,
         trustwatch_date(v.fields['决定日期']) AS decided,
         if(b.doc_id != '', toDate(b.first_seen, 'Asia/Shanghai'),
            ifNull(trustwatch_date(v.fields['公示日期']), toDate(v.published_at))) AS published
  FROM trustwatch.v_documents AS v
  LEFT JOIN (SELECT doc_id, any(first_seen) AS first_seen FROM trustwatch.v_backdated
             WHERE '{{backdated}}' = 'observed' GROUP BY doc_id) AS b ON b.doc_id = v.id
  WHERE v.kind = 'disclosure' AND mapContains(v.fields, '决定日期')
)
WHERE decided IS NOT NULL
