-- One row per fact slice (batch_id, regio_code, jaar) hidden by an active replacing batch.
CREATE OR REPLACE VIEW stg_vervangen_deel AS
SELECT v.oud_batch_id AS batch_id, v.regio_code, v.jaar
FROM vervanging AS v
JOIN batch AS b ON b.batch_id = v.nieuw_batch_id
WHERE b.status = 'actief';
