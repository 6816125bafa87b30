-- Spend per gemeente, segment, year and kind becomes a table (sql/refresh/mart_uitgaven_gemeente_jaar.sql) instead
-- of a view: jeugdhulp.db.migrate fills it once, every import and undo rebuilds it.
DROP VIEW IF EXISTS mart_uitgaven_gemeente_jaar;
CREATE TABLE mart_uitgaven_gemeente_jaar (
    gemeente_code VARCHAR NOT NULL,
    regio_code    VARCHAR NOT NULL,
    segment_code  VARCHAR NOT NULL,
    jaar          INTEGER NOT NULL,
    soort         VARCHAR NOT NULL,
    bedrag_eur    DOUBLE,
    voorbeeld     BOOLEAN,
    bron          VARCHAR
);
