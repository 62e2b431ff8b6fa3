-- 权责清单动态更新 (plan item 11): after each real update of a unit's 权力和
-- 责任清单 (v_powerlists.updates: the 清单更新日期 its first version claimed,
-- then each day a crawl first saw its items change) the list is current until
-- {{months}} months after the 上级 — the city's standard catalogue, a watched
-- list about no unit — next changed, or {{max_months}} months at most; stale
-- from then until the unit's next update. One row per span: num 1 while
-- current, 0 while stale.
SELECT unit_id, doc_id, s.1 AS num, 1.0 AS den, s.2 AS day, s.3 AS until
FROM (
  SELECT unit_id, doc_id, u, next,
         least(addMonths(u, {{max_months}}),
               if(arrayExists(d -> d > u, upstream), addMonths(arrayFirst(d -> d > u, upstream), {{months}}), toDate('2100-01-01'))) AS stale_at
  FROM (
    SELECT arrayJoin(l.units) AS unit_id, l.doc_id AS doc_id, l.updates AS updates, up.days AS upstream
    FROM trustwatch.v_powerlists AS l
    CROSS JOIN (SELECT arraySort(groupArrayArray(updates)) AS days FROM trustwatch.v_powerlists WHERE empty(units)) AS up
    WHERE notEmpty(l.updates) AND notEmpty(l.units)
  )
  ARRAY JOIN updates AS u, arrayPushBack(arrayPopFront(updates), toDate('2100-01-01')) AS next
)
ARRAY JOIN [(1.0, u, least(stale_at, next)), (0.0, stale_at, next)] AS s
WHERE s.2 < s.3
