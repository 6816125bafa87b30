-- One row per active target (kpi, regio, gemeente, segment, doeljaar), newest batch first.
CREATE OR REPLACE VIEW stg_doel AS
SELECT d.kpi, d.basisjaar, d.doeljaar, d.doelwaarde, d.wijziging_pct, d.regio_code, d.gemeente_code,
       d.segment_code, coalesce(d.bron, b.bron) AS bron, b.batch_id, b.voorbeeld
FROM doel AS d
JOIN batch AS b USING (batch_id)
WHERE b.status = 'actief'
QUALIFY row_number() OVER (PARTITION BY d.kpi, d.regio_code, d.gemeente_code, d.segment_code, d.doeljaar
                           ORDER BY d.batch_id DESC) = 1;
