-- The whole country: regions are known by other names too (the jeugdregio list calls GRJR "Rijnmond"), a gemeente
-- has its province, and a segment can come from a controller's upload (kind segmenten), so it remembers its batch:
-- NULL for the shipped lists (a region's own, or the standard one per vorm for a region without a list).
ALTER TABLE regio ADD COLUMN IF NOT EXISTS aliassen VARCHAR;
ALTER TABLE gemeente ADD COLUMN IF NOT EXISTS provincie VARCHAR;
ALTER TABLE segment ADD COLUMN IF NOT EXISTS batch_id INTEGER;
