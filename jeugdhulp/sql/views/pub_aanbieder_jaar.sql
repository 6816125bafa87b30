-- One row per gemeente_code, segment_code, jaar, aanbieder: mart_aanbieder_jaar as it may be published.
-- Counts of 1-4 get the fixed value of pub_klein.sql. A provider breakdown would tell how a hidden cell
-- (gemeente, segment, jaar) is made up, so such a cell is one row without a provider (aanbieder NULL).
CREATE OR REPLACE VIEW pub_aanbieder_jaar AS
SELECT a.gemeente_code, a.segment_code, a.jaar, a.aanbieder,
       gepubliceerd(a.jeugdigen) AS jeugdigen, gepubliceerd(a.trajecten) AS trajecten
FROM mart_aanbieder_jaar AS a
JOIN mart_trajecten_segment_jaar AS c USING (gemeente_code, segment_code, jaar)
WHERE NOT klein(c.jeugdigen)
UNION ALL
SELECT a.gemeente_code, a.segment_code, a.jaar, NULL AS aanbieder,
       verborgen_waarde() AS jeugdigen, verborgen_waarde() AS trajecten
FROM mart_aanbieder_jaar AS a
JOIN mart_trajecten_segment_jaar AS c USING (gemeente_code, segment_code, jaar)
WHERE klein(c.jeugdigen)
GROUP BY a.gemeente_code, a.segment_code, a.jaar;
