-- One row per gemeente_code, segment_code, jaar: youths and trajectories. Uploaded volumes win;
-- where none were uploaded for a key, the counts come from the trajecten.
CREATE OR REPLACE VIEW mart_volumes_segment_jaar AS
WITH uploaded AS (
    SELECT gemeente_code, segment_code, jaar,
           sum(jeugdigen)::INTEGER AS jeugdigen, sum(trajecten)::INTEGER AS trajecten,
           bool_or(voorbeeld) AS voorbeeld, string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
    FROM stg_volumes
    WHERE periode = 'jaar'
    GROUP BY ALL
)
SELECT * FROM uploaded
UNION ALL
SELECT m.gemeente_code, m.segment_code, m.jaar, m.jeugdigen, m.trajecten, m.voorbeeld, m.bron
FROM mart_trajecten_segment_jaar AS m
ANTI JOIN uploaded AS u USING (gemeente_code, segment_code, jaar);
