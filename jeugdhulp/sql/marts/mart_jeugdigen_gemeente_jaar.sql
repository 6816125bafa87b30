-- One row per gemeente_code, jaar: distinct youths in care, and of them in residential care.
DELETE FROM mart_jeugdigen_gemeente_jaar;
INSERT INTO mart_jeugdigen_gemeente_jaar
WITH peil AS (
    SELECT year(greatest(max(startdatum), coalesce(max(einddatum), max(startdatum)))) AS laatste_jaar
    FROM stg_trajecten
),
per_jaar AS (
    SELECT t.gemeente_code, t.client_key, t.residentieel, t.voorbeeld, t.bron,
           unnest(range(year(t.startdatum), coalesce(year(t.einddatum), p.laatste_jaar) + 1)) AS jaar
    FROM stg_trajecten AS t, peil AS p
)
SELECT gemeente_code, jaar,
       count(DISTINCT client_key) AS jeugdigen,
       count(DISTINCT client_key) FILTER (WHERE residentieel) AS jeugdigen_residentieel,
       bool_or(voorbeeld) AS voorbeeld,
       string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
FROM per_jaar
GROUP BY ALL;
