-- 建议提案办理结果公开 (plan item 2): whether the unit published the outcome of
-- the 建议/提案 it handled at all. One row per outcome published in the
-- period; summed, and scored 100 from one outcome up (target full 1), 0 for a
-- unit that published none.
SELECT arrayJoin(units) AS unit_id, id AS doc_id, 1.0 AS num, 1.0 AS den, toDate(published_at) AS day
FROM trustwatch.v_documents
WHERE kind = 'proposal'
