-- One row per gemeente_code, jaar: distinct youths in ambulant care, with a stay, and in foster
-- care or a family home (for the ambulant/bed ratio and the pleegzorg target), in segments the region knows.
-- Counted over published cells only, as mart_jeugdigen_gemeente_jaar: a cell (gemeente, segment, jaar)
-- with 1-4 youths for a measure adds the fixed published value (sql/views/pub_klein.sql) instead.
-- Written with plain GROUP BYs instead of count(DISTINCT ...) FILTER: the same numbers, far less work on a million
-- trajectories. The youths per gemeente and year and the hidden cells come from tmp_jeugdige_jaar and
-- tmp_cel_verborgen, shared with mart_jeugdigen_gemeente_jaar; a gemeente and year gets a row when some youth
-- there has a trajectory in a known segment.
DELETE FROM mart_kpi_gemeente_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_kpi_gemeente_jaar
WITH verborgen AS (   -- hidden cells per gemeente and jaar (a hidden cell holds 1-4 youths of the measure)
    SELECT gemeente_code, jaar,
           count(*) FILTER (WHERE ambulant) AS ambulant,
           count(*) FILTER (WHERE verblijf) AS verblijf,
           count(*) FILTER (WHERE pleegzorg_gezinshuis) AS pleegzorg_gezinshuis
    FROM tmp_cel_verborgen
    GROUP BY ALL
)
SELECT j.gemeente_code, j.jaar,
       gepubliceerd_uniek(count(*) FILTER (WHERE j.ambulant_zichtbaar), any_value(v.ambulant),
                          count(*) FILTER (WHERE j.ambulant)) AS jeugdigen_ambulant,
       gepubliceerd_uniek(count(*) FILTER (WHERE j.verblijf_zichtbaar), any_value(v.verblijf),
                          count(*) FILTER (WHERE j.verblijf)) AS jeugdigen_verblijf,
       gepubliceerd_uniek(count(*) FILTER (WHERE j.pleegzorg_gezinshuis_zichtbaar), any_value(v.pleegzorg_gezinshuis),
                          count(*) FILTER (WHERE j.pleegzorg_gezinshuis)) AS jeugdigen_pleegzorg_gezinshuis
FROM tmp_jeugdige_jaar AS j
JOIN verborgen AS v USING (gemeente_code, jaar)
WHERE j.bekend
GROUP BY j.gemeente_code, j.jaar;
