-- One row per segment of a region, with its common vorm and whether it counts as residential. A standard segment
-- (one per vorm, loaders/segmenten.py) is left out once the region has a list of its own, unless figures on the
-- pages still use it.
SELECT s.segment_code, s.naam AS segment, s.vorm, v.naam AS vorm_naam, s.residentieel, s.structuur,
       s.toelichting, s.bron
FROM segment AS s
JOIN vorm AS v USING (vorm)
WHERE s.regio_code = $regio
  AND (s.structuur <> 'standaard (vormen)'
       OR NOT EXISTS (SELECT 1 FROM segment AS own WHERE own.regio_code = s.regio_code
                      AND own.structuur <> 'standaard (vormen)')
       OR EXISTS (SELECT 1 FROM mart_uitgaven_gemeente_jaar AS u WHERE u.regio_code = s.regio_code
                  AND u.segment_code = s.segment_code)
       OR EXISTS (SELECT 1 FROM mart_trajecten_segment_jaar AS t JOIN gemeente AS g USING (gemeente_code)
                  WHERE g.regio_code = s.regio_code AND t.segment_code = s.segment_code)
       OR EXISTS (SELECT 1 FROM stg_volumes AS m WHERE m.regio_code = s.regio_code
                  AND m.segment_code = s.segment_code))
ORDER BY s.volgorde;
