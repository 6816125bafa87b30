-- One row per segment of the region with a waiting-time norm (days) from an active target; a norm
-- without a segment applies to every segment.
SELECT s.segment_code, min(coalesce(d.doelwaarde, r.doelwaarde)) AS norm_dagen
FROM segment AS s
LEFT JOIN stg_doel AS d ON d.kpi = 'wachttijd' AND d.regio_code = s.regio_code AND d.gemeente_code IS NULL
                        AND d.segment_code = s.segment_code AND d.doelwaarde IS NOT NULL
LEFT JOIN stg_doel AS r ON r.kpi = 'wachttijd' AND r.regio_code = s.regio_code AND r.gemeente_code IS NULL
                        AND r.segment_code IS NULL AND r.doelwaarde IS NOT NULL
WHERE s.regio_code = $regio
GROUP BY s.segment_code
HAVING norm_dagen IS NOT NULL;
