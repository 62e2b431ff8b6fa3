-- 政务失信记录 (plan item 6): official records of the unit's failures — 通报,
-- 问责, 处分, judgments: negative events of severity ≥ {{min_severity}} from any
-- source but citizens' complaints and the 纪委监委's notices (counted by their
-- fields in 纪律处分与问责, discipline) — weighted by severity. A record counts from
-- its date for display_days (configs/index.yaml).
SELECT unit_id, doc_id, toFloat64(severity) AS num, 1.0 AS den, event_date AS day, repaired_on AS repaired
FROM trustwatch.v_signal_events
WHERE polarity < 0 AND severity >= {{min_severity}} AND kind NOT IN ('complaint', 'discipline')
