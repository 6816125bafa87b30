-- One row per groep, vorm in one jaar: realisatie of a gemeente, its whole region and the given
-- comparable gemeenten per common form of care (segments differ per region, their vorm does not),
-- and its share of the group's realisatie.
WITH scope AS (
    SELECT gemeente_code, groep FROM profiel_groepen($gemeente, $vergelijkbaar)   -- see sql/views
),
per_vorm AS (
    SELECT s.groep, v.vorm, v.naam AS vorm_naam, v.volgorde, sum(u.bedrag_eur) AS realisatie_eur,
           bool_or(u.voorbeeld) AS voorbeeld, string_agg(DISTINCT u.bron, '; ' ORDER BY u.bron) AS bron
    FROM scope AS s
    JOIN mart_uitgaven_gemeente_jaar AS u ON u.gemeente_code = s.gemeente_code
    JOIN segment AS seg ON seg.regio_code = u.regio_code AND seg.segment_code = u.segment_code
    JOIN vorm AS v ON v.vorm = seg.vorm
    WHERE u.jaar = $jaar AND u.soort = 'realisatie'
    GROUP BY ALL
)
SELECT groep, vorm, vorm_naam, volgorde, realisatie_eur,
       realisatie_eur / nullif(sum(realisatie_eur) OVER (PARTITION BY groep), 0) AS aandeel,
       voorbeeld, bron
FROM per_vorm
ORDER BY CASE groep WHEN 'gemeente' THEN 1 WHEN 'regio' THEN 2 ELSE 3 END, volgorde;
