-- The regions a reader can choose: those with figures of any kind (spend, volumes, trajecten, KPIs, consultations,
-- figures from documents). All 42 jeugdregio's are known, so an upload for any of them loads; a region shows up
-- in the choice once something of it is loaded. A database without any figures offers every region.
WITH met_cijfers AS (
    SELECT regio_code FROM mart_uitgaven_gemeente_jaar
    UNION SELECT regio_code FROM stg_volumes
    UNION SELECT g.regio_code FROM mart_trajecten_segment_jaar AS t JOIN gemeente AS g USING (gemeente_code)
    UNION SELECT k.regio_code FROM kpi_waarde AS k JOIN batch AS b USING (batch_id) WHERE b.status = 'actief'
    UNION SELECT c.regio_code FROM consultatie AS c JOIN batch AS b USING (batch_id) WHERE b.status = 'actief'
    UNION SELECT f.regio_code FROM bron_cijfer AS f JOIN batch AS b USING (batch_id) WHERE b.status = 'actief'
)
SELECT regio_code, naam
FROM regio
WHERE regio_code IN (SELECT regio_code FROM met_cijfers) OR NOT EXISTS (SELECT 1 FROM met_cijfers)
ORDER BY naam;
