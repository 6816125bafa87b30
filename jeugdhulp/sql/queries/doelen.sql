-- One row per active target of a region (all kpis), newest first, with the name of its segment.
SELECT d.kpi, d.basisjaar, d.doeljaar, d.doelwaarde, d.wijziging_pct, d.segment_code, s.naam AS segment_naam,
       d.gemeente_code, d.bron, d.voorbeeld
FROM stg_doel AS d
LEFT JOIN segment AS s ON s.regio_code = d.regio_code AND s.segment_code = d.segment_code
WHERE d.regio_code = $regio
ORDER BY d.kpi, d.doeljaar;
