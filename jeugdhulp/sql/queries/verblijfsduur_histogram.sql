-- Two kinds of rows for the ended stays of the region (a histogram per whole day, from which percentiles
-- are exact); in_selectie marks the selected gemeenten. Day rows (duur_dagen set): per eindjaar, segment_code,
-- inkoopmodel, in_selectie, duur_dagen, how many stays lasted that long. Cell rows (duur_dagen NULL): one per
-- cell (gemeente, segment, eindjaar) with its published count (cel_aantal).
-- Disclosure control (pub_klein.sql): a cell of 1-4 stays adds no day rows, only the fixed published value to
-- cel_aantal — so no count or statistic depends on a hidden cell.
WITH m AS (
    SELECT m.eindjaar AS jaar, m.gemeente_code, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
           (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
           m.duur_dagen, m.aantal, NULL::DOUBLE AS norm_dagen
    FROM mart_verblijfsduur_dag AS m
    JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
    
    WHERE g.regio_code = $regio
      AND m.eindjaar BETWEEN $jaar_van AND $jaar_tot
      AND (len($segmenten) = 0 OR list_contains($segmenten, m.segment_code))
),
cel AS (
    SELECT jaar, gemeente_code, segment_code, any_value(inkoopmodel) AS inkoopmodel,
           any_value(in_selectie) AS in_selectie, sum(aantal) AS n,
           sum(aantal) FILTER (WHERE duur_dagen <= norm_dagen) AS binnen,
           sum(aantal) FILTER (WHERE duur_dagen > norm_dagen) AS buiten
    FROM m
    GROUP BY jaar, gemeente_code, segment_code
),
h AS (
    SELECT m.jaar, m.segment_code, m.inkoopmodel, m.in_selectie, m.duur_dagen, sum(m.aantal)::INTEGER AS aantal,
           0 AS cel_aantal, 0 AS binnen, 0 AS buiten
    FROM m
    ANTI JOIN (SELECT jaar, gemeente_code, segment_code FROM cel WHERE klein(n)) AS v
         USING (jaar, gemeente_code, segment_code)
    GROUP BY ALL
    UNION ALL
    SELECT jaar, segment_code, inkoopmodel, in_selectie, NULL AS duur_dagen, 0 AS aantal,
           gepubliceerd(n)::INTEGER AS cel_aantal,
           CASE WHEN klein(n) THEN 0 ELSE coalesce(gepubliceerd(binnen), 0) END::INTEGER AS binnen,
           CASE WHEN klein(n) THEN 0 ELSE coalesce(gepubliceerd(buiten), 0) END::INTEGER AS buiten
    FROM cel
)
SELECT h.*, s.naam AS segment, s.volgorde, NULL::DOUBLE AS norm_dagen   -- stays have no norm
FROM h
JOIN segment AS s ON s.regio_code = $regio AND s.segment_code = h.segment_code;
