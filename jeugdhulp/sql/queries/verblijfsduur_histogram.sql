-- One row per eindjaar, segment_code, inkoopmodel, in_selectie, duur_dagen: ended stays in the region
-- (a histogram per whole day, from which medians and percentiles are exact). in_selectie marks the
-- selected gemeenten, so one query serves the selection and the comparison of purchasing models.
-- Disclosure control (pub_klein.sql): a cell (gemeente, segment, eindjaar) with 1-4 stays adds none of
-- its days to the histogram, only one row without days (duur_dagen NULL) that counts as the fixed
-- published value — so no statistic or count depends on a hidden cell.
-- The hidden cells are found by grouping and left out by an anti join (not by a window sum over every
-- row: the same rows, about a third cheaper).
WITH m AS (
    SELECT m.eindjaar AS jaar, m.gemeente_code, m.segment_code, coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel,
           (len($gemeenten) = 0 OR list_contains($gemeenten, m.gemeente_code)) AS in_selectie,
           m.duur_dagen, m.aantal
    FROM mart_verblijfsduur_dag AS m
    JOIN gemeente AS g ON g.gemeente_code = m.gemeente_code
    WHERE g.regio_code = $regio
      AND m.eindjaar BETWEEN $jaar_van AND $jaar_tot
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
    SELECT m.jaar, m.segment_code, m.inkoopmodel, m.in_selectie, m.duur_dagen, sum(m.aantal)::INTEGER AS aantal
    FROM m
    ANTI JOIN verborgen AS v USING (jaar, gemeente_code, segment_code)
    GROUP BY ALL
    UNION ALL
    SELECT jaar, segment_code, inkoopmodel, in_selectie, NULL AS duur_dagen, gepubliceerd(cel_aantal)::INTEGER AS aantal
    FROM verborgen
)
SELECT h.*, s.naam AS segment, s.volgorde
FROM h
JOIN segment AS s ON s.regio_code = $regio AND s.segment_code = h.segment_code;
