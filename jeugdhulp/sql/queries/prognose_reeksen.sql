-- One row per jaar of the selection: realised spend (of the chosen segments) and distinct youths in care (all
-- segments: a youth in two segments is one youth; NULL when segments are chosen, as youths per segment would count
-- a youth twice), each with its status and source. The series the forecast (jeugdhulp.prognose) reads.
WITH scope AS (
    SELECT gemeente_code FROM gemeente
    WHERE regio_code = $regio AND (len($gemeenten) = 0 OR list_contains($gemeenten, gemeente_code))
),
spend AS (
    SELECT u.jaar, sum(u.bedrag_eur) AS realisatie_eur, bool_or(u.voorbeeld) AS voorbeeld_uitgaven,
           string_agg(DISTINCT u.bron, '; ') AS bron_uitgaven
    FROM mart_uitgaven_gemeente_jaar AS u JOIN scope USING (gemeente_code)
    WHERE u.soort = 'realisatie' AND (len($segmenten) = 0 OR list_contains($segmenten, u.segment_code))
    GROUP BY u.jaar
),
youths AS (
    SELECT m.jaar, sum(m.jeugdigen)::INTEGER AS jeugdigen_in_zorg, bool_or(m.voorbeeld) AS voorbeeld_jeugdigen,
           string_agg(DISTINCT m.bron, '; ') AS bron_jeugdigen
    FROM pub_jeugdigen_gemeente_jaar AS m JOIN scope USING (gemeente_code)
    WHERE len($segmenten) = 0
    GROUP BY m.jaar
)
SELECT jaar, realisatie_eur, jeugdigen_in_zorg,
       coalesce(voorbeeld_uitgaven, false) AS voorbeeld_uitgaven, bron_uitgaven,
       coalesce(voorbeeld_jeugdigen, false) AS voorbeeld_jeugdigen, bron_jeugdigen
FROM spend FULL JOIN youths USING (jaar)
ORDER BY jaar;
