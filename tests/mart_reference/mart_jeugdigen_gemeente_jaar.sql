-- One row per gemeente_code, jaar: distinct youths in care, and of them in residential care.
-- Counted over published cells only (disclosure control, sql/views/pub_klein.sql): a youth counts through
-- the cells (gemeente, segment, jaar) that hold at least 5 youths for that measure; a cell of 1-4 adds the
-- fixed published value instead, so a gemeente's total never gives back a segment's hidden count (made of hidden
-- cells only, a total of 1-4 keeps its value and is shown as "<5": macro gepubliceerd_uniek).
DELETE FROM mart_jeugdigen_gemeente_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_jeugdigen_gemeente_jaar
WITH cel AS (
    SELECT gemeente_code, segment_code, jaar,
           klein(count(DISTINCT client)) AS verborgen,
           klein(count(DISTINCT client) FILTER (WHERE residentieel)) AS verborgen_residentieel
    FROM tmp_traject_jaar
    GROUP BY ALL
),
counts AS (
    SELECT t.gemeente_code, t.jaar,
           gepubliceerd_uniek(count(DISTINCT t.client) FILTER (WHERE NOT c.verborgen),
                              count(DISTINCT t.segment_code) FILTER (WHERE c.verborgen),
                              count(DISTINCT t.client)) AS jeugdigen,
           gepubliceerd_uniek(count(DISTINCT t.client) FILTER (WHERE t.residentieel AND NOT c.verborgen_residentieel),
                              count(DISTINCT t.segment_code) FILTER (WHERE t.residentieel AND c.verborgen_residentieel),
                              count(DISTINCT t.client) FILTER (WHERE t.residentieel)) AS jeugdigen_residentieel,
           list(DISTINCT t.batch_id) AS batches
    FROM tmp_traject_jaar AS t
    JOIN cel AS c USING (gemeente_code, segment_code, jaar)
    GROUP BY ALL
)
SELECT c.gemeente_code, c.jaar, c.jeugdigen, c.jeugdigen_residentieel,
       (SELECT bool_or(b.voorbeeld) FROM batch AS b WHERE list_contains(c.batches, b.batch_id)) AS voorbeeld,
       (SELECT string_agg(DISTINCT b.bron, '; ' ORDER BY b.bron) FROM batch AS b
        WHERE list_contains(c.batches, b.batch_id)) AS bron
FROM counts AS c;
