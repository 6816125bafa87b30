-- One row per gemeente of the region in one jaar: begroting, realisatie and realisatie per youth 0-17.
-- voorbeeld/bron: of the spend; deels_voorbeeld_bevolking/bron_bevolking: of the youths 0-17.
SELECT g.gemeente_code, g.naam AS gemeente,
       sum(u.bedrag_eur) FILTER (WHERE u.soort = 'realisatie') AS realisatie_eur,
       sum(u.bedrag_eur) FILTER (WHERE u.soort = 'begroting') AS begroting_eur,
       any_value(p.jeugdigen_0_17) AS jeugdigen_0_17,
       sum(u.bedrag_eur) FILTER (WHERE u.soort = 'realisatie') / nullif(any_value(p.jeugdigen_0_17), 0) AS eur_per_jeugdige,
       bool_or(u.voorbeeld) AS voorbeeld,
       string_agg(DISTINCT u.bron, '; ') AS bron,
       coalesce(bool_or(p.voorbeeld), false) AS deels_voorbeeld_bevolking,
       'inwoners 0-17: ' || any_value(p.bron) AS bron_bevolking
FROM gemeente AS g
JOIN mart_uitgaven_gemeente_jaar AS u
  ON u.gemeente_code = g.gemeente_code AND u.jaar = $jaar
 AND (len($segmenten) = 0 OR list_contains($segmenten, u.segment_code))
LEFT JOIN stg_gemeente_jaar AS p ON p.gemeente_code = g.gemeente_code AND p.jaar = $jaar
WHERE g.regio_code = $regio
GROUP BY ALL
ORDER BY eur_per_jeugdige DESC NULLS LAST;
