-- One row per gemeente_code, segment_code, startjaar, wacht_dagen: trajectories that waited that long.
DELETE FROM mart_wachttijd_dag WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_wachttijd_dag
SELECT gemeente_code, segment_code, year(startdatum) AS startjaar,
       greatest(startdatum - aanmelddatum, 0) AS wacht_dagen, count(*) AS aantal
FROM stg_trajecten
WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope) AND aanmelddatum IS NOT NULL
GROUP BY ALL;
