-- The regions a reader can choose: all 42 jeugdregio's (an upload for any of them loads), those with figures of
-- any kind first (spend, volumes, trajecten, KPIs, consultations, figures from documents), then the rest, each
-- part by name. `met_cijfers` says which.
WITH met_cijfers AS (
    SELECT regio_code FROM mart_uitgaven_gemeente_jaar
    UNION SELECT regio_code FROM stg_volumes
    UNION SELECT g.regio_code FROM mart_trajecten_segment_jaar AS t JOIN gemeente AS g USING (gemeente_code)
    UNION SELECT k.regio_code FROM kpi_waarde AS k JOIN batch AS b USING (batch_id) WHERE b.status = 'actief'
    UNION SELECT c.regio_code FROM consultatie AS c JOIN batch AS b USING (batch_id) WHERE b.status = 'actief'
    UNION SELECT f.regio_code FROM bron_cijfer AS f JOIN batch AS b USING (batch_id) WHERE b.status = 'actief'
)
SELECT regio_code, naam, regio_code IN (SELECT regio_code FROM met_cijfers WHERE regio_code IS NOT NULL) AS met_cijfers
FROM regio
ORDER BY met_cijfers DESC, naam;
