-- One row per segment_code, aanbieder for one jaar: youths and trajectories of the selected gemeenten.
SELECT a.segment_code, s.naam AS segment, s.volgorde, a.aanbieder,
       sum(a.jeugdigen)::INTEGER AS jeugdigen, sum(a.trajecten)::INTEGER AS trajecten
FROM pub_aanbieder_jaar AS a
JOIN gemeente AS g ON g.gemeente_code = a.gemeente_code
JOIN segment AS s ON s.regio_code = g.regio_code AND s.segment_code = a.segment_code
WHERE g.regio_code = $regio
  AND a.jaar = $jaar
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, a.gemeente_code))
  AND (len($segmenten) = 0 OR list_contains($segmenten, a.segment_code))
GROUP BY ALL
ORDER BY s.volgorde, jeugdigen DESC;
