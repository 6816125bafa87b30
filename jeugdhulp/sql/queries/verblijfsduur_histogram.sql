-- One row per eindjaar, segment_code, duur_dagen: ended stays of the selected gemeenten (a histogram
-- per whole day, from which medians and percentiles are exact).
SELECT m.eindjaar AS jaar, m.segment_code, s.naam AS segment, s.volgorde, m.duur_dagen,
       sum(m.aantal)::INTEGER AS aantal
FROM mart_verblijfsduur_dag AS m
JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = m.segment_code
WHERE g.regio_code = $regio
  AND m.eindjaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code))
  AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
GROUP BY ALL
ORDER BY ALL;
