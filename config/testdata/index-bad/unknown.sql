SELECT 'a' AS unit_id, 'd' AS doc_id, {{limit}} AS num, 1.0 AS den, today() AS day
