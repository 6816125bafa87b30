-- One row per import batch: what was loaded, from where, by whom, and whether it is example data.
SELECT batch_id, kind, bestand, bron, voorbeeld, status, regio_code, jaren, rijen, gebruiker, timezone('Europe/Amsterdam', timezone('UTC', geladen_op)) AS geladen_op
FROM batch
ORDER BY batch_id;
