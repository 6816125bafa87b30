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

-- The flags are OR-ed as the bits of one integer, as in tmp_cel_jeugdige.
CREATE OR REPLACE TEMP TABLE tmp_jeugdige_jaar AS
WITH vlaggen AS (
    SELECT t.gemeente_code, t.jaar, t.client,
           bit_or((NOT c.alle)::INTEGER
                  | ((t.residentieel AND NOT c.residentieel)::INTEGER << 1)
                  | (t.residentieel::INTEGER << 2)
                  | (t.bekend::INTEGER << 3)
                  | ((t.bekend AND t.ambulant AND NOT c.ambulant)::INTEGER << 4)
                  | ((t.bekend AND t.ambulant)::INTEGER << 5)
                  | ((t.bekend AND t.verblijf AND NOT c.verblijf)::INTEGER << 6)
                  | ((t.bekend AND t.verblijf)::INTEGER << 7)
                  | ((t.bekend AND t.pleegzorg_gezinshuis AND NOT c.pleegzorg_gezinshuis)::INTEGER << 8)
                  | ((t.bekend AND t.pleegzorg_gezinshuis)::INTEGER << 9)) AS v
    FROM tmp_cel_jeugdige AS t
    JOIN tmp_cel_verborgen AS c USING (gemeente_code, segment_code, jaar)
    GROUP BY ALL
)
SELECT gemeente_code, jaar, client,
       (v & 1) <> 0 AS zichtbaar,
       (v & 2) <> 0 AS residentieel_zichtbaar,
       (v & 4) <> 0 AS residentieel,
       (v & 8) <> 0 AS bekend,
       (v & 16) <> 0 AS ambulant_zichtbaar,
       (v & 32) <> 0 AS ambulant,
       (v & 64) <> 0 AS verblijf_zichtbaar,
       (v & 128) <> 0 AS verblijf,
       (v & 256) <> 0 AS pleegzorg_gezinshuis_zichtbaar,
       (v & 512) <> 0 AS pleegzorg_gezinshuis
FROM vlaggen;
