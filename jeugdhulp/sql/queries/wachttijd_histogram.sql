-- Two kinds of rows for the trajectories of the region that started in a year; in_selectie marks the selected
-- gemeenten. Day rows (wacht_dagen set): per startjaar, segment_code, inkoopmodel, in_selectie, wacht_dagen, how
-- many waited that long. Cell rows (wacht_dagen NULL): one per cell (gemeente, segment, startjaar) with its
-- published count (cel_aantal) and, where a norm applies, its published counts within and beyond the norm.
-- Disclosure control (pub_klein.sql): a cell of 1-4 trajectories adds no day rows and no norm counts, only the
-- fixed published value to cel_aantal — so no count, statistic or share depends on a hidden cell. Within a
-- visible cell, a count of 1-4 within or beyond the norm is published as the fixed value too.
WITH norm AS (
    SELECT s.segment_code, min(coalesce(d.doelwaarde, r.doelwaarde)) AS norm_dagen
    FROM segment AS s
    LEFT JOIN stg_doel AS d ON d.kpi = 'wachttijd' AND d.regio_code = s.regio_code AND d.gemeente_code IS NULL
                            AND d.segment_code = s.segment_code AND d.doelwaarde IS NOT NULL
    LEFT JOIN stg_doel AS r ON r.kpi = 'wachttijd' AND r.regio_code = s.regio_code AND r.gemeente_code IS NULL
                            AND r.segment_code IS NULL AND r.doelwaarde IS NOT NULL
    WHERE s.regio_code = $regio
    GROUP BY s.segment_code
),
m AS (
    SELECT m.startjaar AS jaar, m.gemeente_code, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
           (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
           m.wacht_dagen, m.aantal, n.norm_dagen
    FROM mart_wachttijd_dag AS m
    JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
    LEFT JOIN norm AS n ON n.segment_code = m.segment_code
    WHERE g.regio_code = $regio
      AND m.startjaar BETWEEN $jaar_van AND $jaar_tot
      AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
),
cel AS (
    SELECT jaar, gemeente_code, segment_code, any_value(inkoopmodel) AS inkoopmodel,
           any_value(in_selectie) AS in_selectie, sum(aantal) AS n,
           sum(aantal) FILTER (WHERE wacht_dagen <= norm_dagen) AS binnen,
           sum(aantal) FILTER (WHERE wacht_dagen > norm_dagen) AS buiten
    FROM m
    GROUP BY jaar, gemeente_code, segment_code
),
h AS (
    SELECT m.jaar, m.segment_code, m.inkoopmodel, m.in_selectie, m.wacht_dagen, sum(m.aantal)::INTEGER AS aantal,
           0 AS cel_aantal, 0 AS binnen, 0 AS buiten
    FROM m
    ANTI JOIN (SELECT jaar, gemeente_code, segment_code FROM cel WHERE klein(n)) AS v
         USING (jaar, gemeente_code, segment_code)
    GROUP BY ALL
    UNION ALL
    SELECT jaar, segment_code, inkoopmodel, in_selectie, NULL AS wacht_dagen, 0 AS aantal,
           gepubliceerd(n)::INTEGER AS cel_aantal,
           CASE WHEN klein(n) THEN 0 ELSE coalesce(gepubliceerd(binnen), 0) END::INTEGER AS binnen,
           CASE WHEN klein(n) THEN 0 ELSE coalesce(gepubliceerd(buiten), 0) END::INTEGER AS buiten
    FROM cel
)
SELECT h.*, s.naam AS segment, s.volgorde, n.norm_dagen
FROM h
JOIN segment AS s ON s.regio_code = $regio AND s.segment_code = h.segment_code
LEFT JOIN norm AS n ON n.segment_code = h.segment_code;
