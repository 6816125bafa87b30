-- One row per gemeente_code, jaar: mart_jeugdigen_gemeente_jaar as it may be published (distinct youths
-- in care and in residential care; counts of 1-4 replaced by the fixed value of pub_klein.sql, and flagged).
CREATE OR REPLACE VIEW pub_jeugdigen_gemeente_jaar AS
SELECT gemeente_code, jaar,
       gepubliceerd(jeugdigen) AS jeugdigen, klein(jeugdigen) AS jeugdigen_klein,
       gepubliceerd(jeugdigen_residentieel) AS jeugdigen_residentieel,
       klein(jeugdigen_residentieel) AS jeugdigen_residentieel_klein,
       voorbeeld, bron
FROM mart_jeugdigen_gemeente_jaar;
