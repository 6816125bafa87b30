-- One row per startjaar, segment_code, inkoopmodel, in_selectie, wacht_dagen: trajectories in the region
-- that waited that many days from aanmelding to start; in_selectie marks the selected gemeenten.
SELECT m.startjaar AS jaar, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
       (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
       m.wacht_dagen, sum(m.aantal)::INTEGER AS aantal
FROM mart_wachttijd_dag AS m
JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
WHERE g.regio_code = $regio
  AND m.startjaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
GROUP BY ALL;
