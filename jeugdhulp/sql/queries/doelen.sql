-- One row per active target of a region (all kpis), newest first.
SELECT kpi, basisjaar, doeljaar, doelwaarde, wijziging_pct, segment_code, gemeente_code, bron, voorbeeld
FROM stg_doel
WHERE regio_code = $regio
ORDER BY kpi, doeljaar;
