-- Table macro: the gemeenten of each groep on the Gemeenteprofiel — the gemeente itself ('gemeente'), its
-- whole region including it ('regio') and the given comparable gemeenten ('vergelijkbaar').
CREATE OR REPLACE MACRO profiel_groepen(gemeente, vergelijkbaar) AS TABLE
    WITH eigen AS (SELECT gemeente_code, regio_code FROM gemeente WHERE gemeente_code = gemeente)
    SELECT gemeente_code, 'gemeente' AS groep FROM eigen
    UNION ALL
    SELECT g.gemeente_code, 'regio' FROM gemeente AS g JOIN eigen AS e ON e.regio_code = g.regio_code
    UNION ALL
    SELECT gemeente_code, 'vergelijkbaar' FROM gemeente WHERE list_contains(vergelijkbaar, gemeente_code);
