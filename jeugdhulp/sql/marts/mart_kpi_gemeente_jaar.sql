-- One row per gemeente_code, jaar: distinct youths in ambulant care, with a stay, and in foster
-- care or a family home (for the ambulant/bed ratio and the pleegzorg target).
DELETE FROM mart_kpi_gemeente_jaar;
INSERT INTO mart_kpi_gemeente_jaar
SELECT t.gemeente_code, t.jaar,
       count(DISTINCT t.client) FILTER (WHERE s.vorm IN ('ambulant', 'ggz')) AS jeugdigen_ambulant,
       count(DISTINCT t.client) FILTER (WHERE t.verblijf) AS jeugdigen_verblijf,
       count(DISTINCT t.client) FILTER (WHERE s.vorm IN ('pleegzorg', 'gezinshuis')) AS jeugdigen_pleegzorg_gezinshuis
FROM tmp_traject_jaar AS t
JOIN gemeente AS g USING (gemeente_code)
JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = t.segment_code
GROUP BY ALL;
