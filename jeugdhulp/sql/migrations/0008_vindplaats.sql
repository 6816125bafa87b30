-- Where a reader finds a quoted figure, KPI or consultation point in the real document: its section
-- ("§ 1.4", "bijlage 3", "bij Alblasserdam"), worked out once from the cited line of our text extraction
-- (loaders/vindplaats.py). The line itself stays (`regel`, `bron_regel`) for checkers.
ALTER TABLE bron_cijfer ADD COLUMN vindplaats VARCHAR;
ALTER TABLE bron_kpi ADD COLUMN vindplaats VARCHAR;
ALTER TABLE consultatie ADD COLUMN vindplaats VARCHAR;
-- The example data's source without the word "seed" (loaders.defaults.EXAMPLE_SOURCE), also in a database
-- that was filled before.
UPDATE batch SET bron = 'voorbeelddata (fictief)'
WHERE voorbeeld AND bron = 'voorbeelddata (fictief, gegenereerd met vaste seed)';
