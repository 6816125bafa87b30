-- One row per jaar, segment_code: begroting and realisatie of the selected gemeenten.
SELECT u.jaar, u.segment_code, s.naam AS segment, s.vorm, s.volgorde,
       sum(u.bedrag_eur) FILTER (WHERE u.soort = 'realisatie') AS realisatie_eur,
       sum(u.bedrag_eur) FILTER (WHERE u.soort = 'begroting') AS begroting_eur,
       bool_or(u.voorbeeld) AS voorbeeld,
       string_agg(DISTINCT u.bron, '; ') AS bron
FROM mart_uitgaven_gemeente_jaar AS u
JOIN segment AS s ON s.regio_code = u.regio_code AND s.segment_code = u.segment_code
WHERE u.regio_code = $regio
  AND u.jaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, u.gemeente_code))
  AND (len($segmenten) = 0 OR list_contains($segmenten, u.segment_code))
GROUP BY ALL
ORDER BY u.jaar, s.volgorde;
