-- Marts now count over published cells only (disclosure control, sql/views/pub_klein.sql): no schema
-- change; applying this migration makes db.migrate rebuild the marts of an existing database.
SELECT 1;
