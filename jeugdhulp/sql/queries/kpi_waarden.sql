-- One row per uploaded KPI value for the region (and, if given, the selected gemeenten), with source.
SELECT kpi, jaar, waarde, eenheid, gemeente_code, segment_code, periode, bron, voorbeeld
FROM stg_kpi_waarde
WHERE regio_code = $regio
  AND (gemeente_code IS NULL OR len($gemeenten) = 0 OR list_contains($gemeenten, gemeente_code))
ORDER BY kpi, jaar;
