-- CBS StatLine tables for the national comparison (loaders/cbs.py): one row per table, measure, vorm, gemeente
-- (or NL01 for Nederland) and year. waarde NULL is a cell CBS did not publish ("."), never 0. Costs in euro.
CREATE TABLE IF NOT EXISTS cbs_cijfer (
    batch_id      INTEGER NOT NULL REFERENCES batch (batch_id),
    tabel         VARCHAR NOT NULL,     -- 85099NED, 83454NED, 03759ned
    maat          VARCHAR NOT NULL,     -- jeugdigen, kosten, begroting, bevolking
    vorm          VARCHAR NOT NULL,     -- jeugdzorg, jeugdhulp, zonder_verblijf, met_verblijf, ..., 0-17
    gemeente_code VARCHAR NOT NULL,     -- GMxxxx (successor of a merged gemeente) or NL01
    jaar          INTEGER NOT NULL,
    waarde        DOUBLE,
    voorlopig     BOOLEAN NOT NULL
);
