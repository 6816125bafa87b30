-- One row per segment of a region, with its common vorm and whether it counts as residential.
SELECT s.segment_code, s.naam AS segment, s.vorm, v.naam AS vorm_naam, s.residentieel, s.structuur,
       s.toelichting, s.bron
FROM segment AS s
JOIN vorm AS v USING (vorm)
WHERE s.regio_code = $regio
ORDER BY s.volgorde;
