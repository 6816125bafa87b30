-- One row per gemeente_code, jaar: distinct youths in ambulant care, with a stay, and in foster
-- care or a family home (for the ambulant/bed ratio and the pleegzorg target).
-- Counted over published cells only, as mart_jeugdigen_gemeente_jaar: a cell (gemeente, segment, jaar)
-- with 1-4 youths for a measure adds the fixed published value (sql/views/pub_klein.sql) instead.
-- Written with plain GROUP BYs (one row per youth and cell, then per youth and gemeente-year) instead of
-- count(DISTINCT ...) FILTER: the same numbers, far less work on a million trajectories. The rows per cell and
-- youth come from tmp_cel_jeugdige, shared with the other marts that count youths.
DELETE FROM mart_kpi_gemeente_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_kpi_gemeente_jaar
WITH t AS (   -- one row per cell (gemeente, segment, jaar) and youth, of the segments the region knows
    SELECT gemeente_code, segment_code, jaar, client, ambulant, verblijf, pleegzorg_gezinshuis
    FROM tmp_cel_jeugdige
    WHERE bekend
),
cel AS (
    SELECT gemeente_code, segment_code, jaar,
           klein(count(*) FILTER (WHERE ambulant)) AS verborgen_ambulant,
           klein(count(*) FILTER (WHERE verblijf)) AS verborgen_verblijf,
           klein(count(*) FILTER (WHERE pleegzorg_gezinshuis)) AS verborgen_pleegzorg_gezinshuis
    FROM t
    GROUP BY ALL
),
jeugdige AS (   -- one row per gemeente, jaar and youth: counted in a published cell, counted at all
    SELECT t.gemeente_code, t.jaar, t.client,
           bool_or(t.ambulant AND NOT c.verborgen_ambulant) AS ambulant_zichtbaar, bool_or(t.ambulant) AS ambulant,
           bool_or(t.verblijf AND NOT c.verborgen_verblijf) AS verblijf_zichtbaar, bool_or(t.verblijf) AS verblijf,
           bool_or(t.pleegzorg_gezinshuis AND NOT c.verborgen_pleegzorg_gezinshuis) AS pleegzorg_gezinshuis_zichtbaar,
           bool_or(t.pleegzorg_gezinshuis) AS pleegzorg_gezinshuis
    FROM t
    JOIN cel AS c USING (gemeente_code, segment_code, jaar)
    GROUP BY ALL
),
verborgen AS (   -- hidden cells per gemeente and jaar (a hidden cell holds 1-4 youths of the measure)
    SELECT gemeente_code, jaar,
           count(*) FILTER (WHERE verborgen_ambulant) AS ambulant,
           count(*) FILTER (WHERE verborgen_verblijf) AS verblijf,
           count(*) FILTER (WHERE verborgen_pleegzorg_gezinshuis) AS pleegzorg_gezinshuis
    FROM cel
    GROUP BY ALL
)
SELECT j.gemeente_code, j.jaar,
       gepubliceerd_uniek(count(*) FILTER (WHERE j.ambulant_zichtbaar), any_value(v.ambulant),
                          count(*) FILTER (WHERE j.ambulant)) AS jeugdigen_ambulant,
       gepubliceerd_uniek(count(*) FILTER (WHERE j.verblijf_zichtbaar), any_value(v.verblijf),
                          count(*) FILTER (WHERE j.verblijf)) AS jeugdigen_verblijf,
       gepubliceerd_uniek(count(*) FILTER (WHERE j.pleegzorg_gezinshuis_zichtbaar), any_value(v.pleegzorg_gezinshuis),
                          count(*) FILTER (WHERE j.pleegzorg_gezinshuis)) AS jeugdigen_pleegzorg_gezinshuis
FROM jeugdige AS j
JOIN verborgen AS v USING (gemeente_code, jaar)
GROUP BY j.gemeente_code, j.jaar;
