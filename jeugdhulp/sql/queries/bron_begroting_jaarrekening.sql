-- One row per jaar, soort: a region's spend as stated in its source document (begroting vs realisatie).
SELECT jaar, soort, waarde AS bedrag_eur, onderdeel, document, regel, toelichting, vindplaats
FROM bron_cijfer
JOIN batch USING (batch_id)
WHERE batch.status = 'actief'
  AND bron_cijfer.regio_code = $regio
  AND maat = 'uitgaven_jeugdhulp'
  AND soort IN ('begroting', 'realisatie')
  AND NOT onzeker
  AND jaar IS NOT NULL
ORDER BY jaar, soort;
