-- One row per gemeente_code, jaar: distinct youths in care, and of them in residential care.
-- Counted over published cells only (disclosure control, sql/views/pub_klein.sql): a youth counts through
-- the cells (gemeente, segment, jaar) that hold at least 5 youths for that measure; a cell of 1-4 adds the
-- fixed published value instead, so a gemeente's total never gives back a segment's hidden count (made of hidden
-- cells only, a total of 1-4 keeps its value and is shown as "<5": macro gepubliceerd_uniek).
-- Written with plain GROUP BYs instead of count(DISTINCT ...) FILTER: the same numbers, far less work on a million
-- trajectories. The youths per gemeente and year and the hidden cells come from tmp_jeugdige_jaar and
-- tmp_cel_verborgen, shared with mart_kpi_gemeente_jaar.
DELETE FROM mart_jeugdigen_gemeente_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_jeugdigen_gemeente_jaar
WITH verborgen AS (   -- hidden cells per gemeente and jaar
    SELECT gemeente_code, jaar,
           count(*) FILTER (WHERE alle) AS alle,
           count(*) FILTER (WHERE residentieel) AS residentieel
    FROM tmp_cel_verborgen
    GROUP BY ALL
),
counts AS (
    SELECT j.gemeente_code, j.jaar,
           gepubliceerd_uniek(count(*) FILTER (WHERE j.zichtbaar), any_value(v.alle), count(*)) AS jeugdigen,
           gepubliceerd_uniek(count(*) FILTER (WHERE j.residentieel_zichtbaar), any_value(v.residentieel),
                              count(*) FILTER (WHERE j.residentieel)) AS jeugdigen_residentieel
    FROM tmp_jeugdige_jaar AS j
    JOIN verborgen AS v USING (gemeente_code, jaar)
    GROUP BY j.gemeente_code, j.jaar
),
batches AS (
    SELECT gemeente_code, jaar, list(DISTINCT batch_id) AS batches
    FROM tmp_traject_jaar
    GROUP BY ALL
)
SELECT c.gemeente_code, c.jaar, c.jeugdigen, c.jeugdigen_residentieel,
       (SELECT bool_or(b.voorbeeld) FROM batch AS b WHERE list_contains(l.batches, b.batch_id)) AS voorbeeld,
       (SELECT string_agg(DISTINCT b.bron, '; ' ORDER BY b.bron) FROM batch AS b
        WHERE list_contains(l.batches, b.batch_id)) AS bron
FROM counts AS c
JOIN batches AS l USING (gemeente_code, jaar);
