-- One row per active trajectory, with the segment's vorm and whether it counts as residential.
-- A replacing trajecten batch hides earlier trajectories by region and year of startdatum.
CREATE OR REPLACE VIEW stg_trajecten AS
SELECT t.client_key, t.gemeente_code, t.regio_code, t.segment_code, t.productcategorie,
       t.aanmelddatum, t.startdatum, t.einddatum, t.aanbieder, t.verblijf, t.bedrag_eur,
       s.vorm,
       -- DESIGN: residential when the segment is, or crisis care with a stay
       (s.residentieel OR (s.vorm = 'crisis' AND coalesce(t.verblijf, false))) AS residentieel,
       b.batch_id, b.voorbeeld, b.bron
FROM trajecten AS t
JOIN batch AS b USING (batch_id)
JOIN segment AS s ON s.regio_code = t.regio_code AND s.segment_code = t.segment_code
ANTI JOIN stg_vervangen_deel AS r
  ON r.batch_id = t.batch_id AND r.regio_code = t.regio_code AND r.jaar = year(t.startdatum)
WHERE b.status = 'actief';
