-- One row per active uitgaven fact (gemeente_code, segment_code, jaar, periode, soort), with provenance.
CREATE OR REPLACE VIEW stg_uitgaven AS
SELECT u.gemeente_code, u.regio_code, u.segment_code, u.jaar, u.periode, u.soort,
       u.bedrag_eur, b.batch_id, b.voorbeeld, b.bron
FROM uitgaven AS u
JOIN batch AS b USING (batch_id)
ANTI JOIN stg_vervangen_deel AS r ON r.batch_id = u.batch_id AND r.regio_code = u.regio_code AND r.jaar = u.jaar
WHERE b.status = 'actief';
