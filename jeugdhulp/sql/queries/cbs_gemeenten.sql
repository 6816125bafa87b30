-- The CBS figures of one year per gemeente (and NL01, Nederland) as columns, for the national comparison.
-- Active batches only (stg_cbs); a value CBS did not publish stays NULL. $jaar: the year.
SELECT c.gemeente_code,
       coalesce(g.naam, CASE WHEN c.gemeente_code = 'NL01' THEN 'Nederland' END) AS naam,
       g.regio_code,
       max(c.waarde) FILTER (WHERE c.maat = 'bevolking') AS jeugdigen_0_17,
       max(c.waarde) FILTER (WHERE c.maat = 'jeugdigen' AND c.vorm = 'jeugdhulp') AS jeugdhulp,
       max(c.waarde) FILTER (WHERE c.maat = 'jeugdigen' AND c.vorm = 'met_verblijf') AS met_verblijf,
       max(c.waarde) FILTER (WHERE c.maat = 'kosten' AND c.vorm = 'jeugdzorg') AS kosten_jeugdzorg,
       max(c.waarde) FILTER (WHERE c.maat = 'kosten' AND c.vorm = 'jeugdhulp') AS kosten_jeugdhulp,
       bool_or(c.voorlopig) AS voorlopig,
       bool_or(c.voorbeeld) AS voorbeeld
FROM stg_cbs AS c
LEFT JOIN gemeente AS g USING (gemeente_code)
WHERE c.jaar = $jaar
GROUP BY ALL
ORDER BY c.gemeente_code;
