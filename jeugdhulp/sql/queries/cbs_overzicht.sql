-- What CBS figures the database holds: per table and year, the batch's source and whether it is an example.
SELECT tabel, jaar, min(bron) AS bron, bool_or(voorbeeld) AS voorbeeld, bool_or(voorlopig) AS voorlopig,
       count(*) FILTER (WHERE waarde IS NULL) AS onbekend
FROM stg_cbs
GROUP BY ALL
ORDER BY jaar, tabel;
