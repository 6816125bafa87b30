-- One row per gemeente_code, segment_code, jaar, soort: spend in EUR summed over periods.
CREATE OR REPLACE VIEW mart_uitgaven_gemeente_jaar AS
SELECT gemeente_code, regio_code, segment_code, jaar, soort,
       sum(bedrag_eur)::DOUBLE AS bedrag_eur,
       bool_or(voorbeeld) AS voorbeeld,
       string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
FROM stg_uitgaven
GROUP BY ALL;
