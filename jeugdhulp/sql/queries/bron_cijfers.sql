-- One row per figure quoted from a region's public documents (active batches), uncertain ones flagged.
SELECT c.jaar, c.maat, c.onderdeel, c.waarde, c.eenheid, c.soort, c.document, c.regel, c.toelichting, c.onzeker,
       c.vindplaats
FROM bron_cijfer AS c
JOIN batch AS b USING (batch_id)
WHERE b.status = 'actief'
  AND c.regio_code = $regio
ORDER BY c.maat, c.jaar NULLS FIRST, c.soort, c.onderdeel, c.regel;
