-- One row per gemeente_code, segment_code, jaar: youths and trajectories running in that year.
-- Youths are counted on tmp_cel_jeugdige (one row per cell and youth), trajectories on tmp_traject_jaar.
DELETE FROM mart_trajecten_segment_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_trajecten_segment_jaar
WITH jeugdigen AS (
    SELECT gemeente_code, segment_code, jaar,
           count(*) AS jeugdigen,
           count(*) FILTER (WHERE verblijf) AS jeugdigen_verblijf
    FROM tmp_cel_jeugdige
    GROUP BY ALL
),
counts AS (
    SELECT gemeente_code, segment_code, jaar,
           count(*) AS trajecten,
           count(*) FILTER (WHERE startjaar = jaar) AS gestart,
           count(*) FILTER (WHERE eindjaar = jaar) AS beeindigd,
           list(DISTINCT batch_id) AS batches
    FROM tmp_traject_jaar
    GROUP BY ALL
)
SELECT c.gemeente_code, c.segment_code, c.jaar, j.jeugdigen, j.jeugdigen_verblijf, c.trajecten, c.gestart,
       c.beeindigd,
       (SELECT bool_or(b.voorbeeld) FROM batch AS b WHERE list_contains(c.batches, b.batch_id)) AS voorbeeld,
       (SELECT string_agg(DISTINCT b.bron, '; ' ORDER BY b.bron) FROM batch AS b
        WHERE list_contains(c.batches, b.batch_id)) AS bron
FROM counts AS c
JOIN jeugdigen AS j USING (gemeente_code, segment_code, jaar);
