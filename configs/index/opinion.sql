-- 负面舆情 (plan item 3): negative reports in the news below the severity of an
-- official record, weighted by severity; a report and its reposts are one event.
SELECT unit_id, doc_id, toFloat64(severity) AS num, 1.0 AS den, event_date AS day, repaired_on AS repaired
FROM trustwatch.v_signal_events
WHERE polarity < 0 AND severity < {{min_severity}} AND kind = 'news'
