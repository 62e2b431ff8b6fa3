-- 推诿不作为 (plan items 3, 13): reports that the unit shirked or refused to act —
-- negative events with the category 勤政与不作为 (推诿, 不作为, 拖延不办) among theirs, from any
-- source, one per event. The same event also counts as a complaint or a news
-- report in 失信惩戒与社会监督: there it is the volume of grievances, here the
-- nature of the failure.
SELECT unit_id, doc_id, 1.0 AS num, 1.0 AS den, event_date AS day, repaired_on AS repaired
FROM trustwatch.v_signal_events
WHERE polarity < 0 AND has(categories, '勤政与不作为')
