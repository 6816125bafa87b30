-- One row per startjaar, segment_code, wacht_dagen: trajectories of the selected gemeenten that waited
-- that many days from aanmelding to start, with the segment's norm (days) where a target sets one.
WITH norm AS (
    SELECT segment_code, min(doelwaarde) AS norm_dagen
    FROM stg_doel
    WHERE kpi = 'wachttijd' AND regio_code = $regio AND gemeente_code IS NULL AND doelwaarde IS NOT NULL
    GROUP BY segment_code
)
SELECT m.startjaar AS jaar, m.segment_code, s.naam AS segment, s.volgorde, m.wacht_dagen,
       sum(m.aantal)::INTEGER AS aantal,
       any_value(coalesce(n.norm_dagen, r.norm_dagen)) AS norm_dagen
FROM mart_wachttijd_dag AS m
JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = m.segment_code
LEFT JOIN norm AS n ON n.segment_code = m.segment_code
LEFT JOIN norm AS r ON r.segment_code IS NULL
WHERE g.regio_code = $regio
  AND m.startjaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code))
  AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
GROUP BY ALL
ORDER BY ALL;
