-- One row per import batch: what was loaded, from where, by whom, and whether it is example data.
-- Without the controller role the user and the row counts of trajecten and volumes stay hidden, as in
-- batch_geschiedenis.sql (why: see there).
SELECT batch_id, kind, bestand, bron, voorbeeld, status, regio_code, jaren,
       CASE WHEN $controller OR kind NOT IN ('trajecten', 'volumes') THEN rijen END AS rijen,
       CASE WHEN $controller THEN gebruiker END AS gebruiker,
       timezone('Europe/Amsterdam', timezone('UTC', geladen_op)) AS geladen_op
FROM batch
ORDER BY batch_id;
