-- 群众投诉 (plan items 3, 13): citizens' complaints (12345, 领导留言板, 市长信箱)
-- that report a failure of the unit, one per event.
SELECT unit_id, doc_id, 1.0 AS num, 1.0 AS den, event_date AS day, repaired_on AS repaired
FROM trustwatch.v_signal_events
WHERE polarity < 0 AND kind = 'complaint'
