-- One row per gemeente_code, jaar: inwoners and jeugdigen 0-17 from the newest active batch.
CREATE OR REPLACE VIEW stg_gemeente_jaar AS
SELECT gemeente_code, jaar, inwoners, jeugdigen_0_17, voorbeeld, bron
FROM (
    SELECT g.*, b.voorbeeld, b.bron,
           row_number() OVER (PARTITION BY g.gemeente_code, g.jaar ORDER BY g.batch_id DESC) AS rn
    FROM gemeente_jaar AS g
    JOIN batch AS b USING (batch_id)
    WHERE b.status = 'actief'
)
WHERE rn = 1;
