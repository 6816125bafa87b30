-- One row per gemeente_code, segment_code, jaar: mart_trajecten_segment_jaar as it may be published
-- (counts of 1-4 replaced by the fixed value of pub_klein.sql, and flagged).
CREATE OR REPLACE VIEW pub_trajecten_segment_jaar AS
SELECT gemeente_code, segment_code, jaar,
       gepubliceerd(jeugdigen) AS jeugdigen, klein(jeugdigen) AS jeugdigen_klein,
       gepubliceerd(jeugdigen_verblijf) AS jeugdigen_verblijf,
       gepubliceerd(trajecten) AS trajecten, klein(trajecten) AS trajecten_klein,
       voorbeeld, bron
FROM mart_trajecten_segment_jaar;
