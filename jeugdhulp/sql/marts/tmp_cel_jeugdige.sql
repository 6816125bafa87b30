-- One row per cell (gemeente, segment, jaar) and youth (temporary, for the marts that count youths): what the
-- youth's trajectories in that cell were. Counting youths is then count(*) over these rows, not
-- count(DISTINCT client) over trajectories, and the three marts that count youths share one grouping.
-- `bekend`: the region knows the segment (the KPI mart counts only those, as its join with segment did).
CREATE OR REPLACE TEMP TABLE tmp_cel_jeugdige AS
SELECT t.gemeente_code, t.segment_code, t.jaar, t.client,
       bool_or(t.verblijf) AS verblijf,
       coalesce(bool_or(t.residentieel), false) AS residentieel,
       coalesce(bool_or(s.vorm IN ('ambulant', 'ggz')), false) AS ambulant,
       coalesce(bool_or(s.vorm IN ('pleegzorg', 'gezinshuis')), false) AS pleegzorg_gezinshuis,
       bool_or(s.segment_code IS NOT NULL) AS bekend
FROM tmp_traject_jaar AS t
JOIN gemeente AS g USING (gemeente_code)
LEFT JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = t.segment_code
GROUP BY ALL;
