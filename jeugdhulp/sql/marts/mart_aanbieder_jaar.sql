-- One row per gemeente_code, segment_code, jaar, aanbieder: youths and trajectories of a provider.
DELETE FROM mart_aanbieder_jaar;
INSERT INTO mart_aanbieder_jaar
SELECT gemeente_code, segment_code, jaar, aanbieder,
       count(DISTINCT client) AS jeugdigen, count(*) AS trajecten
FROM tmp_traject_jaar
WHERE aanbieder IS NOT NULL
GROUP BY ALL;
