-- One row per inkoopmodel, jaar: youths in ambulant segments per youth with a stay, for the
-- selected gemeenten grouped by their purchasing model.
SELECT coalesce(g.inkoopmodel, 'regionaal') AS inkoopmodel, k.jaar,
       sum(k.jeugdigen_ambulant)::INTEGER AS jeugdigen_ambulant,
       sum(k.jeugdigen_verblijf)::INTEGER AS jeugdigen_verblijf,
       sum(k.jeugdigen_ambulant) / nullif(sum(k.jeugdigen_verblijf), 0) AS ambulant_per_bed
FROM pub_kpi_gemeente_jaar AS k
JOIN gemeente AS g USING (gemeente_code)
WHERE g.regio_code = $regio
  AND k.jaar BETWEEN $jaar_van AND $jaar_tot
  AND (len($gemeenten) = 0 OR list_contains($gemeenten, k.gemeente_code))
GROUP BY ALL
ORDER BY ALL;
