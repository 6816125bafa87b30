-- One row per vorm and residential flag of the selection's segments in one jaar: realised spend and youths in care
-- summed over the segments (published counts: a cell of 1-4 adds the fixed value of pub_klein.sql; a youth in two
-- segments counts in both), each with its status and source. jeugdhulp.scenario groups the rows.
WITH scope AS (
    SELECT gemeente_code FROM gemeente
    WHERE regio_code = $regio AND (len($gemeenten) = 0 OR list_contains($gemeenten, gemeente_code))
),
seg AS (
    SELECT segment_code, vorm, residentieel FROM segment
    WHERE regio_code = $regio AND (len($segmenten) = 0 OR list_contains($segmenten, segment_code))
),
spend AS (
    SELECT s.vorm, s.residentieel, sum(u.bedrag_eur)::DOUBLE AS realisatie_eur, bool_or(u.voorbeeld) AS voorbeeld_uitgaven,
           string_agg(DISTINCT u.bron, '; ' ORDER BY u.bron) AS bron_uitgaven
    FROM mart_uitgaven_gemeente_jaar AS u
    JOIN scope USING (gemeente_code)
    JOIN seg AS s USING (segment_code)
    WHERE u.soort = 'realisatie' AND u.jaar = $jaar
    GROUP BY ALL
),
youths AS (
    SELECT s.vorm, s.residentieel, sum(v.jeugdigen)::INTEGER AS jeugdigen, bool_or(v.voorbeeld) AS voorbeeld_jeugdigen,
           string_agg(DISTINCT v.bron, '; ' ORDER BY v.bron) AS bron_jeugdigen
    FROM pub_volumes_segment_jaar AS v
    JOIN scope USING (gemeente_code)
    JOIN seg AS s USING (segment_code)
    WHERE v.jaar = $jaar AND v.jeugdigen IS NOT NULL
    GROUP BY ALL
)
SELECT vorm, residentieel, realisatie_eur, jeugdigen,
       coalesce(voorbeeld_uitgaven, false) AS voorbeeld_uitgaven, bron_uitgaven,
       coalesce(voorbeeld_jeugdigen, false) AS voorbeeld_jeugdigen, bron_jeugdigen
FROM spend FULL JOIN youths USING (vorm, residentieel)
ORDER BY vorm, residentieel;
