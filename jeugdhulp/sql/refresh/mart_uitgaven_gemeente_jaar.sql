-- One row per gemeente_code, segment_code, jaar, soort: spend in EUR for the year. A whole-year
-- figure leads; where there is none, the periods (quarters, months) are added up.
-- A table, rebuilt whole (it is small: one row per gemeente, segment, year and kind of figure) by
-- jeugdhulp.db.refresh_uitgaven inside every write that changes the active spend (an import, an undo). As a
-- view it was computed again by every query that read it, several times per page view.
DELETE FROM mart_uitgaven_gemeente_jaar;
INSERT INTO mart_uitgaven_gemeente_jaar
WITH per_key AS (
    SELECT gemeente_code, regio_code, segment_code, jaar, soort,
           sum(bedrag_eur) FILTER (WHERE periode = 'jaar') AS jaarbedrag,
           sum(bedrag_eur) FILTER (WHERE periode <> 'jaar') AS periodebedrag,
           bool_or(voorbeeld) AS voorbeeld,
           string_agg(DISTINCT bron, '; ' ORDER BY bron) AS bron
    FROM stg_uitgaven
    GROUP BY ALL
)
SELECT gemeente_code, regio_code, segment_code, jaar, soort,
       coalesce(jaarbedrag, periodebedrag)::DOUBLE AS bedrag_eur, voorbeeld, bron
FROM per_key;
