-- 守信记录 (plan items 9, 12): 表彰, 示范创建 and fulfilled commitments — positive
-- events. Scored by target: the index counts up to a few, so praise cannot
-- hide failures.
SELECT unit_id, doc_id, 1.0 AS num, 1.0 AS den, event_date AS day
FROM trustwatch.v_signal_events
WHERE polarity > 0
