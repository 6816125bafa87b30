-- One row per import batch, newest first, with its totals (rows, spend, youths, trajectories).
SELECT b.batch_id, timezone('Europe/Amsterdam', timezone('UTC', b.geladen_op)) AS geladen_op, b.gebruiker, b.bestand, b.kind, b.status, b.regio_code, b.jaren, b.rijen,
       max(t.waarde) FILTER (WHERE t.maat = 'bedrag_eur') AS bedrag_eur,
       max(t.waarde) FILTER (WHERE t.maat = 'jeugdigen') AS jeugdigen,
       max(t.waarde) FILTER (WHERE t.maat = 'trajecten') AS trajecten,
       b.voorbeeld, b.sha256, b.bron,
       (SELECT string_agg(DISTINCT v.oud_batch_id::VARCHAR, ', ') FROM vervanging AS v
        WHERE v.nieuw_batch_id = b.batch_id) AS vervangt
FROM batch AS b
LEFT JOIN batch_totaal AS t USING (batch_id)
GROUP BY ALL
ORDER BY b.batch_id DESC;
