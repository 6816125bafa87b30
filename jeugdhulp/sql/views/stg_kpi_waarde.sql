-- One row per active uploaded KPI value, with its batch's provenance.
CREATE OR REPLACE VIEW stg_kpi_waarde AS
SELECT k.kpi, k.jaar, k.waarde, k.regio_code, k.gemeente_code, k.segment_code, k.periode, k.eenheid,
       b.batch_id, b.voorbeeld, b.bron
FROM kpi_waarde AS k
JOIN batch AS b USING (batch_id)
WHERE b.status = 'actief';
