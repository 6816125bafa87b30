-- One row per cell (gemeente, segment, jaar) and youth (temporary, for the marts that count youths): what the
-- youth's trajectories in that cell were. Counting youths is then count(*) over these rows, not
-- count(DISTINCT client) over trajectories, and the three marts that count youths share one grouping.
-- `bekend`: the region knows the segment (the KPI mart counts only those, as its join with segment did).
-- The five flags are OR-ed over the trajectories as the bits of one integer (one bit_or instead of five bool_or's:
-- on a million trajectories the aggregate is most of the work), and read back as booleans.
CREATE OR REPLACE TEMP TABLE tmp_cel_jeugdige AS
WITH vlaggen AS (
    SELECT t.gemeente_code, t.segment_code, t.jaar, t.client,
           bit_or(coalesce(t.verblijf, false)::INTEGER
                  | (coalesce(t.residentieel, false)::INTEGER << 1)
                  | (coalesce(s.vorm IN ('ambulant', 'ggz'), false)::INTEGER << 2)
                  | (coalesce(s.vorm IN ('pleegzorg', 'gezinshuis'), false)::INTEGER << 3)
                  | ((s.segment_code IS NOT NULL)::INTEGER << 4)) AS v
    FROM tmp_traject_jaar AS t
    JOIN gemeente AS g USING (gemeente_code)
    LEFT JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = t.segment_code
    GROUP BY ALL
)
SELECT gemeente_code, segment_code, jaar, client,
       (v & 1) <> 0 AS verblijf,
       (v & 2) <> 0 AS residentieel,
       (v & 4) <> 0 AS ambulant,
       (v & 8) <> 0 AS pleegzorg_gezinshuis,
       (v & 16) <> 0 AS bekend
FROM vlaggen;
