-- One row per active uploaded volumes fact (gemeente_code, segment_code, jaar, periode), with provenance.
CREATE OR REPLACE VIEW stg_volumes AS
SELECT v.gemeente_code, v.regio_code, v.segment_code, v.jaar, v.periode,
       v.jeugdigen, v.trajecten, b.batch_id, b.voorbeeld, b.bron
FROM volumes AS v
JOIN batch AS b USING (batch_id)
ANTI JOIN stg_vervangen_deel AS r ON r.batch_id = v.batch_id AND r.regio_code = v.regio_code AND r.jaar = v.jaar
WHERE b.status = 'actief';
