-- One row per gemeente of the region in one jaar: youths in care (distinct over all segments when
-- no segment is selected, else summed over the selected segments) and per 1,000 youths 0-17.
WITH counts AS (
    SELECT gemeente_code, jeugdigen, voorbeeld, bron
    FROM pub_jeugdigen_gemeente_jaar
    WHERE jaar = $jaar AND len($segmenten) = 0
    UNION ALL
    SELECT gemeente_code, sum(jeugdigen)::INTEGER, bool_or(voorbeeld), string_agg(DISTINCT bron, '; ')
    FROM pub_volumes_segment_jaar
    WHERE jaar = $jaar AND len($segmenten) > 0 AND list_contains($segmenten, segment_code)
    GROUP BY gemeente_code
)
SELECT g.gemeente_code, g.naam AS gemeente, c.jeugdigen, p.jeugdigen_0_17,
       1000.0 * c.jeugdigen / nullif(p.jeugdigen_0_17, 0) AS per_1000_jeugdigen,
       c.voorbeeld, c.bron, coalesce(p.voorbeeld, false) AS deels_voorbeeld_bevolking,
       'inwoners 0-17: ' || p.bron AS bron_bevolking
FROM gemeente AS g
JOIN counts AS c USING (gemeente_code)
LEFT JOIN stg_gemeente_jaar AS p ON p.gemeente_code = g.gemeente_code AND p.jaar = $jaar
WHERE g.regio_code = $regio
ORDER BY per_1000_jeugdigen DESC NULLS LAST;
