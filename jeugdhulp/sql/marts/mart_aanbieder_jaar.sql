-- One row per gemeente_code, segment_code, jaar, aanbieder: youths and trajectories of a provider.
DELETE FROM mart_aanbieder_jaar WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
INSERT INTO mart_aanbieder_jaar
SELECT gemeente_code, segment_code, jaar, aanbieder,
       count(DISTINCT client) AS jeugdigen, count(*) AS trajecten
FROM tmp_traject_jaar
WHERE aanbieder IS NOT NULL
GROUP BY ALL;
