-- One row per consultation point of the region (filtered by gemeenten, documents and theme), with
-- the gemeente's name; regional consultations have no gemeente.
SELECT c.regio_code, c.gemeente_code, coalesce(g.naam, '(regionaal)') AS gemeente, c.document, c.punt,
       c.thema, c.thema2, c.standpunt, c.samenvatting, c.reactie_uitkomst, c.reactie, c.bron_regel, c.vindplaats,
       b.bron, b.voorbeeld
FROM consultatie AS c
JOIN batch AS b USING (batch_id)
LEFT JOIN gemeente AS g ON g.gemeente_code = c.gemeente_code
WHERE b.status = 'actief'
  AND c.regio_code = $regio
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, c.gemeente_code))
  AND (len($documenten) = 0 OR list_contains($documenten, c.document))
  AND ($thema IS NULL OR c.thema = $thema OR c.thema2 = $thema)
ORDER BY gemeente, c.document, try_cast(regexp_extract(c.punt, '^\d+') AS INTEGER), c.punt;
