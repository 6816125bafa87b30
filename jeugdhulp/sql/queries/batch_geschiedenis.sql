-- One row per import batch, newest first, with its totals (rows, spend, youths, trajectories).
-- Without the controller role ($controller false) counts of people and who loaded stay in the database:
-- a batch total minus the per-gemeente figures on the pages would give back a count shown as "<5", and
-- the user is an OS account or an e-mail address. Rows of trajecten are trajectories, and rows of
-- volumes give the number of cells back, so those row counts stay hidden too; spend totals may be shown, the costs
-- in a trajecten file not.
SELECT b.batch_id, timezone('Europe/Amsterdam', timezone('UTC', b.geladen_op)) AS geladen_op,
       CASE WHEN $controller THEN b.gebruiker END AS gebruiker, b.bestand, b.kind, b.status, b.regio_code, b.jaren,
       CASE WHEN $controller OR b.kind NOT IN ('trajecten', 'volumes') THEN b.rijen END AS rijen,
       -- spend files: the realisatie (begroting apart, never added to it); trajecten files: their costs, for a
       -- controller only (the costs of a file of a few trajecten are the care of a few children)
       coalesce(max(t.waarde) FILTER (WHERE t.maat = 'realisatie_eur'),
                max(t.waarde) FILTER (WHERE t.maat = 'bedrag_eur' AND ($controller OR b.kind <> 'trajecten')))
           AS bedrag_eur,
       max(t.waarde) FILTER (WHERE t.maat = 'jeugdigen' AND $controller) AS jeugdigen,
       max(t.waarde) FILTER (WHERE t.maat = 'trajecten' AND $controller) AS trajecten,
       b.voorbeeld, b.sha256, b.bron,
       (SELECT string_agg(o::VARCHAR, ', ' ORDER BY o) FROM (SELECT DISTINCT v.oud_batch_id AS o FROM vervanging AS v
        WHERE v.nieuw_batch_id = b.batch_id)) AS vervangt
FROM batch AS b
LEFT JOIN batch_totaal AS t USING (batch_id)
GROUP BY ALL
ORDER BY b.batch_id DESC;
