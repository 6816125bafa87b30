-- One row per jaar, groep: a gemeente ('gemeente'), its whole region ('regio', the gemeente included)
-- and the given comparable gemeenten ('vergelijkbaar'), added up: realisatie, youths in care and in
-- residential care, with rates over the youths 0-17 of the gemeenten that have that figure in the year.
WITH scope AS (
    SELECT gemeente_code, groep FROM profiel_groepen($gemeente, $vergelijkbaar)   -- see sql/views
),
realisatie AS (
    SELECT gemeente_code, jaar, sum(bedrag_eur) AS realisatie_eur, bool_or(voorbeeld) AS voorbeeld,
           string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
    FROM mart_uitgaven_gemeente_jaar
    WHERE soort = 'realisatie' AND jaar BETWEEN $jaar_van AND $jaar_tot
    GROUP BY ALL
),
per_gemeente AS (
    SELECT s.groep, p.jaar, p.jeugdigen_0_17, u.realisatie_eur, m.jeugdigen, m.jeugdigen_residentieel,
           p.voorbeeld OR coalesce(u.voorbeeld, false) OR coalesce(m.voorbeeld, false) AS voorbeeld,
           u.voorbeeld AS voorbeeld_u, m.voorbeeld AS voorbeeld_m,
           list_filter([p.bron, u.bron, m.bron], lambda b: b IS NOT NULL) AS bronnen
    FROM scope AS s
    JOIN stg_gemeente_jaar AS p ON p.gemeente_code = s.gemeente_code
    LEFT JOIN realisatie AS u ON u.gemeente_code = s.gemeente_code AND u.jaar = p.jaar
    LEFT JOIN pub_jeugdigen_gemeente_jaar AS m ON m.gemeente_code = s.gemeente_code AND m.jaar = p.jaar
    WHERE p.jaar BETWEEN $jaar_van AND $jaar_tot
)
SELECT jaar, groep, count(*) AS gemeenten, sum(jeugdigen_0_17)::BIGINT AS jeugdigen_0_17,
       sum(realisatie_eur) AS realisatie_eur,
       sum(realisatie_eur) / nullif(sum(jeugdigen_0_17) FILTER (WHERE realisatie_eur IS NOT NULL), 0)
           AS eur_per_jeugdige,
       sum(jeugdigen)::BIGINT AS jeugdigen,
       1000.0 * sum(jeugdigen) / nullif(sum(jeugdigen_0_17) FILTER (WHERE jeugdigen IS NOT NULL), 0)
           AS per_1000_jeugdigen,
       sum(jeugdigen_residentieel)::BIGINT AS jeugdigen_residentieel,
       1000.0 * sum(jeugdigen_residentieel)
           / nullif(sum(jeugdigen_0_17) FILTER (WHERE jeugdigen_residentieel IS NOT NULL), 0)
           AS residentieel_per_1000,
       bool_or(voorbeeld) AS voorbeeld,
       -- status of the spend and of the counts apart: the page never compares real with example figures
       CASE WHEN count(voorbeeld_u) = 0 THEN NULL WHEN bool_and(voorbeeld_u) THEN 'voorbeeld' WHEN NOT bool_or(voorbeeld_u) THEN 'echt' ELSE 'gemengd' END
           AS status_uitgaven,
       CASE WHEN count(voorbeeld_m) = 0 THEN NULL WHEN bool_and(voorbeeld_m) THEN 'voorbeeld' WHEN NOT bool_or(voorbeeld_m) THEN 'echt' ELSE 'gemengd' END
           AS status_jeugdigen,
       array_to_string(list_sort(list_distinct(flatten(list(bronnen)))), '; ') AS bron
FROM per_gemeente
GROUP BY jaar, groep
ORDER BY jaar, CASE groep WHEN 'gemeente' THEN 1 WHEN 'regio' THEN 2 ELSE 3 END;
