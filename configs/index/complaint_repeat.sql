-- 重复投诉率 (plan items 3, 13): the share of complaints that raise again a
-- problem raised about the same unit in the {{window}} days before — a
-- near-duplicate, its simhash fingerprint within {{bits}} bits of the earlier
-- one's: the problem was not solved. Candidates share one of the four 16-bit
-- bands of the fingerprint (two fingerprints within 3 bits always do), so a
-- unit's complaints are not compared all against all. Who wrote them is not
-- known to the index: one person writing twice counts too.
WITH complaints AS (
  SELECT arrayJoin(units) AS unit_id, id AS doc_id, simhash,
         ifNull(trustwatch_date(fields['留言时间']), toDate(published_at)) AS received
  FROM trustwatch.v_documents
  WHERE kind = 'complaint' AND simhash != 0
),
banded AS (
  SELECT unit_id, doc_id, simhash, received, band, bitAnd(bitShiftRight(simhash, 16 * band), 65535) AS key
  FROM complaints ARRAY JOIN [0, 1, 2, 3] AS band
),
repeats AS (
  SELECT DISTINCT a.unit_id AS unit_id, a.doc_id AS doc_id
  FROM banded AS a
  INNER JOIN banded AS b ON a.unit_id = b.unit_id AND a.band = b.band AND a.key = b.key
  WHERE b.doc_id != a.doc_id AND (b.received < a.received OR (b.received = a.received AND b.doc_id < a.doc_id))
    AND dateDiff('day', b.received, a.received) <= {{window}}
    AND bitCount(bitXor(a.simhash, b.simhash)) <= {{bits}}
)
SELECT c.unit_id AS unit_id, c.doc_id AS doc_id, toFloat64(r.doc_id != '') AS num, 1.0 AS den, c.received AS day
FROM complaints AS c
LEFT JOIN repeats AS r ON r.unit_id = c.unit_id AND r.doc_id = c.doc_id
