-- One row per gemeente_code, segment_code, startjaar, wacht_dagen: trajectories that waited that long.
DELETE FROM mart_wachttijd_dag;
INSERT INTO mart_wachttijd_dag
SELECT gemeente_code, segment_code, year(startdatum) AS startjaar,
       greatest(startdatum - aanmelddatum, 0) AS wacht_dagen, count(*) AS aantal
FROM stg_trajecten
WHERE aanmelddatum IS NOT NULL
GROUP BY ALL;
