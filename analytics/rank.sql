-- Monthly integrity index of the ranked units for one period.
-- {{units}}: array of (unit_id, unit_name) tuples; {{period}}: first day of the month.
-- index = 100 − 2 × (sum of severities of 失信 signals) + (number of 守信/表彰 signals), within [0, 100].
-- A signal counts once per event: a 通报 and its reposts (v_document_events) are one
-- event, dated by its first document and weighed by its most severe one.
WITH
units AS (
  SELECT tupleElement(t, 1) AS unit_id, tupleElement(t, 2) AS unit_name
  FROM (SELECT arrayJoin({{units}}) AS t)
),
sig AS (
  SELECT unit_id,
         countIf(polarity < 0) AS negatives,
         sumIf(severity, polarity < 0) AS severity_sum,
         countIf(polarity > 0) AS positives
  FROM (
    SELECT if(e.event_id = '', s.doc_id, e.event_id) AS event, s.unit_id AS unit_id, s.category AS category,
           s.polarity AS polarity, max(s.severity) AS severity, min(s.event_date) AS event_date
    FROM trustwatch.v_signals AS s
    LEFT JOIN trustwatch.v_document_events AS e ON e.doc_id = s.doc_id
    GROUP BY event, unit_id, category, polarity
  )
  WHERE toStartOfMonth(event_date) = toDate({{period}})
  GROUP BY unit_id
),
docs AS (
  SELECT arrayJoin(units) AS unit_id, count() AS documents, countIf(kind = 'complaint') AS complaints
  FROM trustwatch.v_documents
  WHERE toStartOfMonth(toDate(published_at)) = toDate({{period}})
  GROUP BY unit_id
)
SELECT u.unit_id AS unit_id, u.unit_name AS unit_name,
       d.documents AS documents, d.complaints AS complaints,
       s.negatives AS negatives, s.severity_sum AS severity_sum, s.positives AS positives,
       round(greatest(0, least(100, 100 - 2 * s.severity_sum + s.positives)), 1) AS score
FROM units AS u
LEFT JOIN sig AS s ON s.unit_id = u.unit_id
LEFT JOIN docs AS d ON d.unit_id = u.unit_id
ORDER BY score DESC, negatives ASC, unit_id ASC
