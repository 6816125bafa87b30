-- One row per gemeente_code, jaar: mart_kpi_gemeente_jaar as it may be published (counts of 1-4
-- replaced by the fixed value of pub_klein.sql).
CREATE OR REPLACE VIEW pub_kpi_gemeente_jaar AS
SELECT gemeente_code, jaar,
       gepubliceerd(jeugdigen_ambulant) AS jeugdigen_ambulant,
       gepubliceerd(jeugdigen_verblijf) AS jeugdigen_verblijf,
       gepubliceerd(jeugdigen_pleegzorg_gezinshuis) AS jeugdigen_pleegzorg_gezinshuis
FROM mart_kpi_gemeente_jaar;
