-- One row per uploaded KPI value for the region (and, if given, the selected gemeenten), with source; the gemeente by
-- its name and the segment by its code and name, as a reader knows them (the codes stay for sorting and tests).
SELECT k.kpi, k.jaar, k.waarde, k.eenheid, k.gemeente_code, coalesce(g.naam, k.gemeente_code) AS gemeente,
       k.segment_code, CASE WHEN k.segment_code IS NOT NULL THEN k.segment_code || coalesce(' – ' || s.naam, '') END AS segment,
       k.periode, k.bron, k.voorbeeld
FROM stg_kpi_waarde AS k
LEFT JOIN gemeente AS g ON g.gemeente_code = k.gemeente_code
LEFT JOIN segment AS s ON s.regio_code = k.regio_code AND s.segment_code = k.segment_code
WHERE k.regio_code = $regio
  AND (k.gemeente_code IS NULL OR len($gemeenten) = 0 OR list_contains($gemeenten, k.gemeente_code))
ORDER BY k.kpi, k.jaar;
