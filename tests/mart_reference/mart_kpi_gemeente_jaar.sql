-- One row per gemeente_code, jaar: distinct youths in ambulant care, with a stay, and in foster
-- care or a family home (for the ambulant/bed ratio and the pleegzorg target).
-- Counted over published cells only, as mart_jeugdigen_gemeente_jaar: a cell (gemeente, segment, jaar)
-- with 1-4 youths for a measure adds the fixed published value (sql/views/pub_klein.sql) instead.
DELETE FROM mart_kpi_gemeente_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_kpi_gemeente_jaar
WITH t AS (
    SELECT t.gemeente_code, t.segment_code, t.jaar, t.client,
           s.vorm IN ('ambulant', 'ggz') AS ambulant, t.verblijf,
           s.vorm IN ('pleegzorg', 'gezinshuis') AS pleegzorg_gezinshuis
    FROM tmp_traject_jaar AS t
    JOIN gemeente AS g USING (gemeente_code)
    JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = t.segment_code
),
cel AS (
    SELECT gemeente_code, segment_code, jaar,
           klein(count(DISTINCT client) FILTER (WHERE ambulant)) AS verborgen_ambulant,
           klein(count(DISTINCT client) FILTER (WHERE verblijf)) AS verborgen_verblijf,
           klein(count(DISTINCT client) FILTER (WHERE pleegzorg_gezinshuis)) AS verborgen_pleegzorg_gezinshuis
    FROM t
    GROUP BY ALL
)
SELECT t.gemeente_code, t.jaar,
       gepubliceerd_uniek(count(DISTINCT t.client) FILTER (WHERE t.ambulant AND NOT c.verborgen_ambulant),
                          count(DISTINCT t.segment_code) FILTER (WHERE t.ambulant AND c.verborgen_ambulant),
                          count(DISTINCT t.client) FILTER (WHERE t.ambulant)) AS jeugdigen_ambulant,
       gepubliceerd_uniek(count(DISTINCT t.client) FILTER (WHERE t.verblijf AND NOT c.verborgen_verblijf),
                          count(DISTINCT t.segment_code) FILTER (WHERE t.verblijf AND c.verborgen_verblijf),
                          count(DISTINCT t.client) FILTER (WHERE t.verblijf)) AS jeugdigen_verblijf,
       gepubliceerd_uniek(count(DISTINCT t.client) FILTER (WHERE t.pleegzorg_gezinshuis AND NOT c.verborgen_pleegzorg_gezinshuis),
                          count(DISTINCT t.segment_code) FILTER (WHERE t.pleegzorg_gezinshuis AND c.verborgen_pleegzorg_gezinshuis),
                          count(DISTINCT t.client) FILTER (WHERE t.pleegzorg_gezinshuis)) AS jeugdigen_pleegzorg_gezinshuis
FROM t
JOIN cel AS c USING (gemeente_code, segment_code, jaar)
GROUP BY ALL;
