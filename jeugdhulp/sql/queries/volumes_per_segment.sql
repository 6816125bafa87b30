-- One row per jaar, segment_code: youths and trajectories of the selected gemeenten.
-- Youths are counted per gemeente and summed: a youth who moved counts in both gemeenten.
SELECT v.jaar, v.segment_code, s.naam AS segment, s.vorm, s.volgorde,
       sum(v.jeugdigen)::INTEGER AS jeugdigen,
       sum(v.trajecten)::INTEGER AS trajecten,
       bool_or(v.voorbeeld) AS voorbeeld,
       string_agg(DISTINCT v.bron, '; ') AS bron
FROM pub_volumes_segment_jaar AS v
JOIN gemeente AS g ON g.gemeente_code = v.gemeente_code
JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = v.segment_code
WHERE g.regio_code = $regio
  AND v.jaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, v.gemeente_code))
  AND (len($segmenten) = 0 OR list_contains($segmenten, v.segment_code))
GROUP BY ALL
ORDER BY v.jaar, s.volgorde;
