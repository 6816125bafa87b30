-- One row per gemeente_code, segment_code, jaar: youths and trajectories running in that year.
DELETE FROM mart_trajecten_segment_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_trajecten_segment_jaar
WITH counts AS (
    SELECT gemeente_code, segment_code, jaar,
           count(DISTINCT client) AS jeugdigen,
           count(DISTINCT client) FILTER (WHERE verblijf) AS jeugdigen_verblijf,
           count(*) AS trajecten,
           count(*) FILTER (WHERE startjaar = jaar) AS gestart,
           count(*) FILTER (WHERE eindjaar = jaar) AS beeindigd,
           list(DISTINCT batch_id) AS batches
    FROM tmp_traject_jaar
    GROUP BY ALL
)
SELECT c.gemeente_code, c.segment_code, c.jaar, c.jeugdigen, c.jeugdigen_verblijf, c.trajecten, c.gestart,
       c.beeindigd,
       (SELECT bool_or(b.voorbeeld) FROM batch AS b WHERE list_contains(c.batches, b.batch_id)) AS voorbeeld,
       (SELECT string_agg(DISTINCT b.bron, '; ' ORDER BY b.bron) FROM batch AS b
        WHERE list_contains(c.batches, b.batch_id)) AS bron
FROM counts AS c;
