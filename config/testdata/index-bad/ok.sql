SELECT 'a' AS unit_id, 'd' AS doc_id, 1.0 AS num, 1.0 AS den, today() AS day
