-- One row per jaar, soort: spend of the selected gemeenten and of the whole region, and per youth 0-17.
-- voorbeeld/bron: of the spend; deels_voorbeeld_bevolking/bron_bevolking: of the youths 0-17 per youth figures divide by.
WITH spend AS (
    SELECT u.jaar, u.soort,
           sum(u.bedrag_eur) FILTER (WHERE len($gemeenten) = 0 OR list_contains($gemeenten, u.gemeente_code)) AS selectie_eur,
           sum(u.bedrag_eur) AS regio_eur,
           bool_or(u.voorbeeld) AS voorbeeld,
           string_agg(DISTINCT u.bron, '; ') AS bron
    FROM mart_uitgaven_gemeente_jaar AS u
    WHERE u.regio_code = $regio
      AND u.jaar BETWEEN $jaar_van AND $jaar_tot
      AND (len($segmenten) = 0 OR list_contains($segmenten, u.segment_code))
    GROUP BY ALL
),
-- Per youth divides by the youths of the gemeenten that have spend of that soort in that year (in any segment: no
-- row in a chosen segment is no spend there): real figures of some gemeenten are never spread over the whole region.
with_spend AS (
    SELECT DISTINCT u.gemeente_code, u.jaar, u.soort
    FROM mart_uitgaven_gemeente_jaar AS u
    WHERE u.regio_code = $regio AND u.jaar BETWEEN $jaar_van AND $jaar_tot
),
youths AS (
    SELECT c.jaar, c.soort,
           sum(p.jeugdigen_0_17) FILTER (WHERE len($gemeenten) = 0 OR list_contains($gemeenten, p.gemeente_code)) AS selectie_jeugdigen_0_17,
           sum(p.jeugdigen_0_17) AS regio_jeugdigen_0_17,
           bool_or(p.voorbeeld) AS deels_voorbeeld_bevolking,
           'inwoners 0-17: ' || string_agg(DISTINCT p.bron, '; ') AS bron_bevolking
    FROM with_spend AS c
    JOIN stg_gemeente_jaar AS p ON p.gemeente_code = c.gemeente_code AND p.jaar = c.jaar
    GROUP BY ALL
)
SELECT s.jaar, s.soort, s.selectie_eur, s.regio_eur,
       y.selectie_jeugdigen_0_17, y.regio_jeugdigen_0_17,
       s.selectie_eur / nullif(y.selectie_jeugdigen_0_17, 0) AS selectie_eur_per_jeugdige,
       s.regio_eur / nullif(y.regio_jeugdigen_0_17, 0) AS regio_eur_per_jeugdige,
       s.voorbeeld, s.bron, coalesce(y.deels_voorbeeld_bevolking, false) AS deels_voorbeeld_bevolking, y.bron_bevolking
FROM spend AS s
LEFT JOIN youths AS y USING (jaar, soort)
ORDER BY s.jaar, s.soort;
