-- The CBS figures of active batches, with their provenance. A real CBS load replaces every fictitious one
-- (loaders.importer), so the active rows are never real and example at once.
CREATE OR REPLACE VIEW stg_cbs AS
SELECT c.tabel, c.maat, c.vorm, c.gemeente_code, c.jaar, c.waarde, c.voorlopig, b.batch_id, b.voorbeeld, b.bron
FROM cbs_cijfer AS c
JOIN batch AS b USING (batch_id)
WHERE b.status = 'actief';
