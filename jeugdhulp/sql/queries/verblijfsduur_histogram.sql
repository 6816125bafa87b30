-- One row per eindjaar, segment_code, inkoopmodel, in_selectie, duur_dagen: ended stays in the region
-- (a histogram per whole day, from which medians and percentiles are exact). in_selectie marks the
-- selected gemeenten, so one query serves the selection and the comparison of purchasing models.
WITH h AS (
SELECT m.eindjaar AS jaar, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
       (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
       m.duur_dagen, sum(m.aantal)::INTEGER AS aantal
FROM mart_verblijfsduur_dag AS m
JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
WHERE g.regio_code = $regio
  AND m.eindjaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
GROUP BY ALL
)
SELECT h.*, s.naam AS segment, s.volgorde
FROM h
JOIN segment AS s ON s.regio_code = $regio AND s.segment_code = h.segment_code;
