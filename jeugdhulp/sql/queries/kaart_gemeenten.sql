-- One row per gemeente of any region with youths 0-17 in $jaar: the measures the maps can colour by
-- (realisatie per youth 0-17, youths in care and in residential care, absolute and per 1,000).
WITH realisatie AS (
    SELECT gemeente_code, sum(bedrag_eur) AS realisatie_eur, bool_or(voorbeeld) AS voorbeeld,
           string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
    FROM mart_uitgaven_gemeente_jaar
    WHERE soort = 'realisatie' AND jaar = $jaar
    GROUP BY gemeente_code
)
SELECT g.gemeente_code, g.naam AS gemeente, g.regio_code, r.naam AS regio, p.jeugdigen_0_17,
       u.realisatie_eur, u.realisatie_eur / nullif(p.jeugdigen_0_17, 0) AS eur_per_jeugdige,
       m.jeugdigen, 1000.0 * m.jeugdigen / nullif(p.jeugdigen_0_17, 0) AS per_1000_jeugdigen,
       m.jeugdigen_residentieel, 1000.0 * m.jeugdigen_residentieel / nullif(p.jeugdigen_0_17, 0) AS residentieel_per_1000,
       p.voorbeeld OR coalesce(u.voorbeeld, false) OR coalesce(m.voorbeeld, false) AS voorbeeld,
       array_to_string(list_sort(list_distinct(list_filter([p.bron, u.bron, m.bron], lambda b: b IS NOT NULL))), '; ') AS bron
FROM gemeente AS g
JOIN regio AS r ON r.regio_code = g.regio_code
JOIN stg_gemeente_jaar AS p ON p.gemeente_code = g.gemeente_code AND p.jaar = $jaar
LEFT JOIN realisatie AS u ON u.gemeente_code = g.gemeente_code
LEFT JOIN pub_jeugdigen_gemeente_jaar AS m ON m.gemeente_code = g.gemeente_code AND m.jaar = $jaar
ORDER BY g.gemeente_code;
