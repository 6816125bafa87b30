-- One row per KPI or steering variable named in a region's source document.
SELECT k.onderdeel, k.kpi, k.definitie, k.richting, k.streefwaarde, k.eenheid, k.streefjaar, k.toelichting, k.regel,
       k.vindplaats
FROM bron_kpi AS k
JOIN batch AS b USING (batch_id)
WHERE b.status = 'actief' AND k.regio_code = $regio
ORDER BY k.kpi;
