-- One row per gemeente_code, jaar: distinct youths in care, and of them in residential care.
DELETE FROM mart_jeugdigen_gemeente_jaar;
INSERT INTO mart_jeugdigen_gemeente_jaar
WITH counts AS (
    SELECT gemeente_code, jaar,
           count(DISTINCT client) AS jeugdigen,
           count(DISTINCT client) FILTER (WHERE residentieel) AS jeugdigen_residentieel,
           list(DISTINCT batch_id) AS batches
    FROM tmp_traject_jaar
    GROUP BY ALL
)
SELECT c.gemeente_code, c.jaar, c.jeugdigen, c.jeugdigen_residentieel,
       (SELECT bool_or(b.voorbeeld) FROM batch AS b WHERE list_contains(c.batches, b.batch_id)) AS voorbeeld,
       (SELECT string_agg(DISTINCT b.bron, '; ' ORDER BY b.bron) FROM batch AS b
        WHERE list_contains(c.batches, b.batch_id)) AS bron
FROM counts AS c;
