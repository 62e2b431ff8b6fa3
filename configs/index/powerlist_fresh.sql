-- 权责清单动态更新 (plan item 11): after each real update of a unit's 权力和
-- 责任清单 (v_powerlists.updates: the 清单更新日期 its first version claimed,
-- then each day a crawl first saw its items change) the list is current for
-- {{months}} months, stale from then until the next update. One row per span:
-- num 1 while current, 0 while stale.
SELECT unit_id, doc_id, s.1 AS num, 1.0 AS den, s.2 AS day, s.3 AS until
FROM (
  SELECT arrayJoin(units) AS unit_id, doc_id, updates FROM trustwatch.v_powerlists WHERE notEmpty(updates)
)
ARRAY JOIN arrayFlatten(arrayMap(k -> [
    (1.0, updates[k], least(addMonths(updates[k], {{months}}), if(k < length(updates), updates[k + 1], toDate('2100-01-01')))),
    (0.0, addMonths(updates[k], {{months}}), if(k < length(updates), updates[k + 1], toDate('2100-01-01')))
  ], arrayEnumerate(updates))) AS s
WHERE s.2 < s.3
