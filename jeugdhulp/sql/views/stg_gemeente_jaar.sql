-- One row per gemeente_code, jaar: inwoners and jeugdigen 0-17 from the newest active batch. Example figures
-- of a region whose real population was loaded are hidden (stg_vervangen_deel), every year.
CREATE OR REPLACE VIEW stg_gemeente_jaar AS
SELECT gemeente_code, jaar, inwoners, jeugdigen_0_17, voorbeeld, bron
FROM (
    SELECT p.*, b.voorbeeld, b.bron,
           row_number() OVER (PARTITION BY p.gemeente_code, p.jaar ORDER BY p.batch_id DESC) AS rn
    FROM gemeente_jaar AS p
    JOIN batch AS b USING (batch_id)
    JOIN gemeente AS g USING (gemeente_code)
    ANTI JOIN stg_vervangen_deel AS r ON r.batch_id = p.batch_id AND r.regio_code = g.regio_code AND r.jaar = p.jaar
    WHERE b.status = 'actief'
)
WHERE rn = 1;
