-- One row per gemeente_code, jaar: the yearly value of a volume KPI for every gemeente of the region
-- (youths in care, counted per gemeente), with the gemeente's purchasing model.
-- kpi residentieel_volume / pleegzorg_gezinshuis_volume; with a segment: youths in that segment.
SELECT g.gemeente_code, g.naam AS gemeente, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel, y.jaar,
       CASE
           WHEN CAST($segment AS VARCHAR) IS NOT NULL THEN coalesce(t.jeugdigen, 0)
           WHEN $kpi = 'residentieel_volume' THEN coalesce(j.jeugdigen_residentieel, 0)
           ELSE coalesce(k.jeugdigen_pleegzorg_gezinshuis, 0)
       END AS waarde,
       coalesce(t.voorbeeld, j.voorbeeld, false) AS voorbeeld, coalesce(t.bron, j.bron) AS bron
FROM gemeente AS g
CROSS JOIN (SELECT DISTINCT jaar FROM pub_jeugdigen_gemeente_jaar) AS y
LEFT JOIN pub_trajecten_segment_jaar AS t
       ON t.gemeente_code = g.gemeente_code AND t.jaar = y.jaar AND t.segment_code = CAST($segment AS VARCHAR)
LEFT JOIN pub_jeugdigen_gemeente_jaar AS j ON j.gemeente_code = g.gemeente_code AND j.jaar = y.jaar
LEFT JOIN pub_kpi_gemeente_jaar AS k ON k.gemeente_code = g.gemeente_code AND k.jaar = y.jaar
WHERE g.regio_code = $regio
ORDER BY g.naam, y.jaar;
