-- The two steps the marts that count youths per gemeente and year share (temporary, like tmp_cel_jeugdige), made
-- once for mart_jeugdigen_gemeente_jaar and mart_kpi_gemeente_jaar instead of once in each.
-- tmp_cel_verborgen: one row per cell (gemeente, segment, jaar) and whether it is hidden (1-4 youths) for each
-- measure; the KPI measures count only segments the region knows (`bekend`), so a cell without them hides none.
-- tmp_jeugdige_jaar: one row per gemeente, jaar and youth: counted in a published cell of a measure, counted at all.
CREATE OR REPLACE TEMP TABLE tmp_cel_verborgen AS
SELECT gemeente_code, segment_code, jaar,
       klein(count(*)) AS alle,
       klein(count(*) FILTER (WHERE residentieel)) AS residentieel,
       klein(count(*) FILTER (WHERE bekend AND ambulant)) AS ambulant,
       klein(count(*) FILTER (WHERE bekend AND verblijf)) AS verblijf,
       klein(count(*) FILTER (WHERE bekend AND pleegzorg_gezinshuis)) AS pleegzorg_gezinshuis
FROM tmp_cel_jeugdige
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE tmp_jeugdige_jaar AS
SELECT t.gemeente_code, t.jaar, t.client,
       bool_or(NOT c.alle) AS zichtbaar,
       bool_or(t.residentieel AND NOT c.residentieel) AS residentieel_zichtbaar,
       bool_or(t.residentieel) AS residentieel,
       bool_or(t.bekend) AS bekend,
       bool_or(t.bekend AND t.ambulant AND NOT c.ambulant) AS ambulant_zichtbaar,
       bool_or(t.bekend AND t.ambulant) AS ambulant,
       bool_or(t.bekend AND t.verblijf AND NOT c.verblijf) AS verblijf_zichtbaar,
       bool_or(t.bekend AND t.verblijf) AS verblijf,
       bool_or(t.bekend AND t.pleegzorg_gezinshuis AND NOT c.pleegzorg_gezinshuis) AS pleegzorg_gezinshuis_zichtbaar,
       bool_or(t.bekend AND t.pleegzorg_gezinshuis) AS pleegzorg_gezinshuis
FROM tmp_cel_jeugdige AS t
JOIN tmp_cel_verborgen AS c USING (gemeente_code, segment_code, jaar)
GROUP BY ALL;
