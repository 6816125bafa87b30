-- One row per scope (selectie, regio) for one jaar: the headline figures of the overview page.
WITH scope AS (
    SELECT gemeente_code, 'selectie' AS scope FROM gemeente
    WHERE regio_code = $regio AND (len($gemeenten) = 0 OR list_contains($gemeenten, gemeente_code))
    UNION ALL
    SELECT gemeente_code, 'regio' FROM gemeente WHERE regio_code = $regio
),
with_spend AS (
    SELECT DISTINCT gemeente_code FROM mart_uitgaven_gemeente_jaar
    WHERE regio_code = $regio AND soort = 'realisatie' AND jaar = $jaar   -- any segment: no row is no spend there
),
spend AS (
    SELECT s.scope,
           sum(u.bedrag_eur) FILTER (WHERE u.soort = 'realisatie' AND u.jaar = $jaar) AS realisatie_eur,
           sum(u.bedrag_eur) FILTER (WHERE u.soort = 'realisatie' AND u.jaar = $jaar - 1) AS realisatie_vorig_jaar_eur,
           sum(u.bedrag_eur) FILTER (WHERE u.soort = 'begroting' AND u.jaar = $jaar) AS begroting_eur,
           -- a region total of real figures may cover only the gemeenten a controller loaded: the page says so
           (SELECT count(*) FROM with_spend AS w JOIN scope AS t USING (gemeente_code) WHERE t.scope = s.scope)
               AS gemeenten_met_uitgaven,
           bool_or(u.voorbeeld) AS voorbeeld_uitgaven,
           string_agg(DISTINCT u.bron, '; ') AS bron_uitgaven
    FROM scope AS s
    JOIN mart_uitgaven_gemeente_jaar AS u USING (gemeente_code)
    WHERE u.jaar IN ($jaar, $jaar - 1)
      AND (len($segmenten) = 0 OR list_contains($segmenten, u.segment_code))
    GROUP BY s.scope
),
youths AS (
    SELECT s.scope, sum(m.jeugdigen)::INTEGER AS jeugdigen_in_zorg,
           sum(m.jeugdigen_residentieel)::INTEGER AS jeugdigen_residentieel,
           bool_or(m.voorbeeld) AS voorbeeld_jeugdigen,
           string_agg(DISTINCT m.bron, '; ') AS bron_jeugdigen
    FROM scope AS s
    JOIN pub_jeugdigen_gemeente_jaar AS m USING (gemeente_code)
    WHERE m.jaar = $jaar
    GROUP BY s.scope
),
population AS (
    SELECT s.scope, sum(p.jeugdigen_0_17)::INTEGER AS jeugdigen_0_17,
           -- per youth divides by the youths of the gemeenten with spend: real figures of some gemeenten are
           -- never spread over the youths of the whole region
           sum(p.jeugdigen_0_17) FILTER (WHERE p.gemeente_code IN (SELECT gemeente_code FROM with_spend))::INTEGER
               AS jeugdigen_0_17_met_uitgaven,
           bool_or(p.voorbeeld) AS deels_voorbeeld_bevolking,
           'inwoners 0-17: ' || string_agg(DISTINCT p.bron, '; ') AS bron_bevolking
    FROM scope AS s
    JOIN stg_gemeente_jaar AS p USING (gemeente_code)
    WHERE p.jaar = $jaar
    GROUP BY s.scope
)
SELECT scope, realisatie_eur, realisatie_vorig_jaar_eur, begroting_eur,
       jeugdigen_in_zorg, jeugdigen_residentieel, jeugdigen_0_17,
       realisatie_eur / nullif(jeugdigen_0_17_met_uitgaven, 0) AS eur_per_jeugdige,
       coalesce(gemeenten_met_uitgaven, 0) AS gemeenten_met_uitgaven, gemeenten,
       jeugdigen_residentieel / nullif(jeugdigen_in_zorg, 0) AS aandeel_residentieel,
       coalesce(voorbeeld_uitgaven, false) AS voorbeeld_uitgaven, bron_uitgaven,
       coalesce(voorbeeld_jeugdigen, false) AS voorbeeld_jeugdigen, bron_jeugdigen,
       coalesce(deels_voorbeeld_bevolking, false) AS deels_voorbeeld_bevolking, bron_bevolking
FROM (SELECT 'selectie' AS scope UNION ALL SELECT 'regio') AS scopes
LEFT JOIN spend USING (scope)
LEFT JOIN youths USING (scope)
LEFT JOIN population USING (scope)
LEFT JOIN (SELECT scope, count(*) AS gemeenten FROM scope GROUP BY scope) AS sizes USING (scope)
ORDER BY scope DESC;
