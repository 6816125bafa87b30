-- One row per regio a batch has figures for: its kind, first and last year, and the gemeenten it names when they
-- are not all of the region's (empty list: the whole region). What a controller looks at after an upload.
WITH jaren AS (
    SELECT regio_code, gemeente_code, jaar FROM uitgaven WHERE batch_id = $batch
    UNION ALL SELECT regio_code, gemeente_code, jaar FROM volumes WHERE batch_id = $batch
    UNION ALL SELECT regio_code, gemeente_code, year(startdatum) FROM trajecten WHERE batch_id = $batch
    UNION ALL SELECT coalesce(k.regio_code, g.regio_code), k.gemeente_code, k.jaar
              FROM kpi_waarde AS k LEFT JOIN gemeente AS g USING (gemeente_code) WHERE k.batch_id = $batch
    UNION ALL SELECT g.regio_code, p.gemeente_code, p.jaar FROM gemeente_jaar AS p JOIN gemeente AS g USING (gemeente_code)
              WHERE p.batch_id = $batch
),
bereik AS (
    SELECT b.kind, j.regio_code, r.naam AS regio, min(j.jaar)::INTEGER AS jaar_van, max(j.jaar)::INTEGER AS jaar_tot,
           count(*) AS rijen,
           -- NULL gemeente: a figure for the region as a whole
           bool_or(j.gemeente_code IS NULL) AS regionaal,
           list_sort(list(DISTINCT j.gemeente_code) FILTER (WHERE j.gemeente_code IS NOT NULL)) AS genoemd
    FROM jaren AS j
    JOIN regio AS r USING (regio_code)
    CROSS JOIN (SELECT kind FROM batch WHERE batch_id = $batch) AS b
    WHERE j.regio_code IS NOT NULL AND j.jaar IS NOT NULL
    GROUP BY ALL
)
SELECT kind, regio_code, regio, jaar_van, jaar_tot, rijen,
       CASE WHEN regionaal OR len(genoemd) >= (SELECT count(*) FROM gemeente AS g WHERE g.regio_code = bereik.regio_code)
            THEN []::VARCHAR[] ELSE genoemd END AS gemeenten
FROM bereik
ORDER BY rijen DESC, regio_code;
