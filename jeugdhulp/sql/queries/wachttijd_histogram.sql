-- One row per startjaar, segment_code, inkoopmodel, in_selectie, wacht_dagen: trajectories in the region
-- that waited that many days from aanmelding to start; in_selectie marks the selected gemeenten.
-- Disclosure control (pub_klein.sql): a cell (gemeente, segment, startjaar) with 1-4 trajectories adds
-- none of its days to the histogram, only one row without days (wacht_dagen NULL) that counts as the
-- fixed published value — so no statistic or count depends on a hidden cell.
WITH cel AS (
    SELECT m.startjaar AS jaar, m.gemeente_code, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
           (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
           m.wacht_dagen, m.aantal,
           sum(m.aantal) OVER (PARTITION BY m.gemeente_code, m.segment_code, m.startjaar) AS cel_aantal
    FROM mart_wachttijd_dag AS m
    JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
    WHERE g.regio_code = $regio
      AND m.startjaar BETWEEN $jaar_van AND $jaar_tot
      AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
),
h AS (
    SELECT jaar, segment_code, inkoopmodel, in_selectie, wacht_dagen, sum(aantal)::INTEGER AS aantal
    FROM cel WHERE NOT klein(cel_aantal)
    GROUP BY ALL
    UNION ALL
    SELECT jaar, segment_code, inkoopmodel, in_selectie, NULL AS wacht_dagen,
           gepubliceerd(any_value(cel_aantal))::INTEGER AS aantal
    FROM cel WHERE klein(cel_aantal)
    GROUP BY jaar, segment_code, inkoopmodel, in_selectie, gemeente_code
)
SELECT h.jaar, h.segment_code, h.inkoopmodel, h.in_selectie, h.wacht_dagen, h.aantal, s.naam AS segment, s.volgorde,
       n.norm_dagen
FROM h
JOIN segment AS s ON s.regio_code = $regio AND s.segment_code = h.segment_code
LEFT JOIN (
    SELECT s.segment_code, min(coalesce(d.doelwaarde, r.doelwaarde)) AS norm_dagen
    FROM segment AS s
    LEFT JOIN stg_doel AS d ON d.kpi = 'wachttijd' AND d.regio_code = s.regio_code AND d.gemeente_code IS NULL
                            AND d.segment_code = s.segment_code AND d.doelwaarde IS NOT NULL
    LEFT JOIN stg_doel AS r ON r.kpi = 'wachttijd' AND r.regio_code = s.regio_code AND r.gemeente_code IS NULL
                            AND r.segment_code IS NULL AND r.doelwaarde IS NOT NULL
    WHERE s.regio_code = $regio
    GROUP BY s.segment_code
) AS n ON n.segment_code = h.segment_code;
