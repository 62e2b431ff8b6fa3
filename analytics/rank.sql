-- Monthly integrity index of the ranked units for one period.
-- {{units}}: array of (unit_id, unit_name) tuples; {{period}}: first day of the month.
-- index = 100 − 2 × (sum of severities of 失信 signals) + (number of 守信/表彰 signals), within [0, 100].
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
  FROM trustwatch.v_signals
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
