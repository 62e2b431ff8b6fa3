-- 0014_watch: 权力和责任清单 watched as a change-detection tool watches pages
-- (plan item 11: lists shown and 动态更新). Every version of a unit's list page
-- stays in documents; v_list_versions is each version with when the crawler
-- first saw it; v_powerlists is each list with its history and the days of
-- its real updates: the 清单更新日期 its first version claimed, then each day
-- a crawl first saw its items change (a date bumped without a change to the
-- items is no update).
CREATE OR REPLACE VIEW trustwatch.v_list_versions
COMMENT '权责清单的每个版本及首次抓到的时间 every version of a 权责清单 page and when it was first seen' AS
SELECT id AS doc_id, version, min(fetched_at) AS seen, any(units) AS units, any(title) AS title, any(url) AS url,
       any(fields['清单更新日期']) AS claimed, any(fields['事项清单']) AS items, toString(any(source)) AS source
FROM trustwatch.documents
WHERE kind = 'powerlist'
GROUP BY id, version;

CREATE OR REPLACE VIEW trustwatch.v_powerlists
COMMENT '每份权责清单：版本历史与各次实际更新日期 every 权责清单 with its history and the days of its real updates' AS
SELECT doc_id, units, title, url, source, versions, first_seen, last_seen, history,
       arraySort(arrayFilter(d -> isNotNull(d), arrayConcat([trustwatch_date(history[1].3)],
                 arrayMap(c -> toNullable(toDate(c.1, 'Asia/Shanghai')), changes)))) AS updates,
       if(empty(updates), NULL, updates[-1]) AS last_update
FROM (
  SELECT doc_id, argMax(units, seen) AS units, argMax(title, seen) AS title, argMax(url, seen) AS url, any(source) AS source,
         toUInt32(count()) AS versions, min(seen) AS first_seen, max(seen) AS last_seen,
         arraySort(x -> x.1, groupArray((seen, items, claimed))) AS history,
         arrayMap(i -> history[i], arrayFilter(i -> i > 1 AND history[i].2 != history[i - 1].2, arrayEnumerate(history))) AS changes
  FROM trustwatch.v_list_versions
  GROUP BY doc_id
);
