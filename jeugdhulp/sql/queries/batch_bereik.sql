-- One row per regio a batch has figures for: its kind, first and last year (what a controller looks at after an upload).
WITH jaren AS (
    SELECT regio_code, jaar FROM uitgaven WHERE batch_id = $batch
    UNION ALL SELECT regio_code, jaar FROM volumes WHERE batch_id = $batch
    UNION ALL SELECT regio_code, year(startdatum) FROM trajecten WHERE batch_id = $batch
    UNION ALL SELECT coalesce(k.regio_code, g.regio_code), k.jaar
              FROM kpi_waarde AS k LEFT JOIN gemeente AS g USING (gemeente_code) WHERE k.batch_id = $batch
    UNION ALL SELECT g.regio_code, p.jaar FROM gemeente_jaar AS p JOIN gemeente AS g USING (gemeente_code)
              WHERE p.batch_id = $batch
)
SELECT b.kind, j.regio_code, r.naam AS regio, min(j.jaar)::INTEGER AS jaar_van, max(j.jaar)::INTEGER AS jaar_tot,
       count(*) AS rijen
FROM jaren AS j
JOIN regio AS r USING (regio_code)
CROSS JOIN (SELECT kind FROM batch WHERE batch_id = $batch) AS b
WHERE j.regio_code IS NOT NULL AND j.jaar IS NOT NULL
GROUP BY ALL
ORDER BY rijen DESC, j.regio_code;
