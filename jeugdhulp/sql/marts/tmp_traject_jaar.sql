-- One row per active trajectory and calendar year it runs in (temporary, for the marts built on it), of the
-- gemeenten being refreshed (mart_scope, see jeugdhulp/db.py refresh_marts).
-- A trajectory runs in every year from its start to its end; open ones to the last year in the data.
-- Clients are counted on a 64-bit hash of their (already pseudonymised) key: far cheaper to count
-- distinct than 24-character text, with a negligible chance of collision at these numbers.
CREATE OR REPLACE TEMP TABLE tmp_traject_jaar AS
WITH peil AS (
    SELECT year(greatest(max(startdatum), coalesce(max(einddatum), max(startdatum)))) AS laatste_jaar
    FROM stg_trajecten
)
SELECT t.gemeente_code, t.segment_code, hash(t.client_key) AS client, coalesce(t.verblijf, false) AS verblijf,
       t.residentieel, t.batch_id, t.aanbieder,
       year(t.startdatum) AS startjaar, year(t.einddatum) AS eindjaar,
       unnest(range(year(t.startdatum), coalesce(year(t.einddatum), p.laatste_jaar) + 1)) AS jaar
FROM stg_trajecten AS t, peil AS p
WHERE t.gemeente_code IN (SELECT gemeente_code FROM mart_scope);
