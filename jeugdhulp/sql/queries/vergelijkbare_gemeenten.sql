-- One row per gemeente (any region, not $gemeente itself) with youths 0-17 in $jaar, nearest in size
-- first: afstand = |ln(jeugdigen_0_17 / jeugdigen_0_17 of $gemeente)|, so twice as large counts the
-- same as half as large; ties by CBS code. The first $aantal rows are the "vergelijkbare gemeenten".
WITH eigen AS (
    SELECT jeugdigen_0_17::DOUBLE AS jeugdigen_0_17
    FROM stg_gemeente_jaar
    WHERE gemeente_code = $gemeente AND jaar = $jaar AND jeugdigen_0_17 > 0
)
SELECT g.gemeente_code, g.naam AS gemeente, g.regio_code, r.naam AS regio, p.jeugdigen_0_17,
       abs(ln(p.jeugdigen_0_17 / e.jeugdigen_0_17)) AS afstand,
       p.voorbeeld, p.bron
FROM stg_gemeente_jaar AS p
CROSS JOIN eigen AS e
JOIN gemeente AS g ON g.gemeente_code = p.gemeente_code
JOIN regio AS r ON r.regio_code = g.regio_code
WHERE p.jaar = $jaar
  AND p.gemeente_code <> $gemeente
  AND p.jeugdigen_0_17 > 0
ORDER BY afstand, g.gemeente_code
LIMIT $aantal;
