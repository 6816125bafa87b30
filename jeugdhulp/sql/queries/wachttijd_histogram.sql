-- One row per startjaar, segment_code, inkoopmodel, in_selectie, wacht_dagen: trajectories in the region
-- that waited that many days from aanmelding to start; in_selectie marks the selected gemeenten.
-- Disclosure control (pub_klein.sql): a cell (gemeente, segment, startjaar) with 1-4 trajectories adds
-- none of its days to the histogram, only one row without days (wacht_dagen NULL) that counts as the
-- fixed published value — so no statistic or count depends on a hidden cell.
-- The hidden cells are found by grouping and left out by an anti join (not by a window sum over every
-- row: the same rows, about a third cheaper).
WITH m AS (
    SELECT m.startjaar AS jaar, m.gemeente_code, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
           (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
           m.wacht_dagen, m.aantal
    FROM mart_wachttijd_dag AS m
    JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
    WHERE g.regio_code = $regio
      AND m.startjaar BETWEEN $jaar_van AND $jaar_tot
      AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
),
verborgen AS (
    SELECT jaar, gemeente_code, segment_code, any_value(inkoopmodel) AS inkoopmodel,
           any_value(in_selectie) AS in_selectie, sum(aantal) AS cel_aantal
    FROM m
    GROUP BY jaar, gemeente_code, segment_code
    HAVING klein(sum(aantal))
),
h AS (
    SELECT m.jaar, m.segment_code, m.inkoopmodel, m.in_selectie, m.wacht_dagen, sum(m.aantal)::INTEGER AS aantal
    FROM m
    ANTI JOIN verborgen AS v USING (jaar, gemeente_code, segment_code)
    GROUP BY ALL
    UNION ALL
    SELECT jaar, segment_code, inkoopmodel, in_selectie, NULL AS wacht_dagen, gepubliceerd(cel_aantal)::INTEGER AS aantal
    FROM verborgen
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
