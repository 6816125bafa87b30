-- One row per gemeente_code, segment_code, eindjaar, duur_dagen: ended stays of that length.
DELETE FROM mart_verblijfsduur_dag WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_verblijfsduur_dag
SELECT gemeente_code, segment_code, year(einddatum) AS eindjaar,
       (einddatum - startdatum) AS duur_dagen, count(*) AS aantal
FROM stg_trajecten
WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope) AND einddatum IS NOT NULL AND coalesce(verblijf, false) AND einddatum >= startdatum
GROUP BY ALL;
