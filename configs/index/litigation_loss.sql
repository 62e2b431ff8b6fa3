-- 行政机关败诉率 (plan item 12): administrative cases in which the unit is the
-- defendant (or appeals as one): lost ÷ decided. Cases withdrawn (准许撤诉) or
-- of unknown outcome are not decided. A case counts in the period of the
-- judgment's date when it is written in figures, else of its publication.
SELECT j.unit_id AS unit_id, j.doc_id AS doc_id, toFloat64(j.outcome = 'lost') AS num, 1.0 AS den,
       ifNull(trustwatch_date(j.decided), toDate(d.published_at)) AS day
FROM trustwatch.v_judgments AS j
INNER JOIN (SELECT id, published_at FROM trustwatch.v_documents) AS d ON d.id = j.doc_id
WHERE j.kind = '行政' AND j.outcome IN ('lost', 'won') AND j.unit_id != ''
  AND j.role IN ('被告', '被上诉人', '上诉人', '再审申请人', '被申请人')
