-- One row per gemeente_code, segment_code, jaar: youths and trajectories running in that year.
-- A trajectory runs in every calendar year from its start to its end (open ones: to the last
-- date seen in the data).
DELETE FROM mart_trajecten_segment_jaar;
INSERT INTO mart_trajecten_segment_jaar
WITH peil AS (
    SELECT year(greatest(max(startdatum), coalesce(max(einddatum), max(startdatum)))) AS laatste_jaar
    FROM stg_trajecten
),
per_jaar AS (
    SELECT t.gemeente_code, t.segment_code, t.client_key, t.verblijf, t.voorbeeld, t.bron,
           year(t.startdatum) AS startjaar, year(t.einddatum) AS eindjaar,
           unnest(range(year(t.startdatum), coalesce(year(t.einddatum), p.laatste_jaar) + 1)) AS jaar
    FROM stg_trajecten AS t, peil AS p
)
SELECT gemeente_code, segment_code, jaar,
       count(DISTINCT client_key) AS jeugdigen,
       count(DISTINCT client_key) FILTER (WHERE coalesce(verblijf, false)) AS jeugdigen_verblijf,
       count(*) AS trajecten,
       count(*) FILTER (WHERE startjaar = jaar) AS gestart,
       count(*) FILTER (WHERE eindjaar = jaar) AS beeindigd,
       bool_or(voorbeeld) AS voorbeeld,
       string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
FROM per_jaar
GROUP BY ALL;
