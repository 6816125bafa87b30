-- One row per source of the trajecten shown for a region (from the marts, so only what is visible there):
-- the source line and whether it is example data.
SELECT DISTINCT m.bron, m.voorbeeld
FROM mart_trajecten_segment_jaar AS m
JOIN gemeente AS g USING (gemeente_code)
WHERE g.regio_code = $regio AND m.bron IS NOT NULL
ORDER BY m.bron;
