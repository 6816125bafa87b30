-- Materialised aggregates of trajecten, rebuilt inside every import transaction, so that pages
-- never scan the trajecten table itself (see sql/marts/*.sql for how they are filled).

CREATE TABLE mart_trajecten_segment_jaar (
    gemeente_code      VARCHAR NOT NULL,
    segment_code       VARCHAR NOT NULL,
    jaar               INTEGER NOT NULL,
    jeugdigen          INTEGER NOT NULL,   -- distinct youths with a trajectory running in the year
    jeugdigen_verblijf INTEGER NOT NULL,   -- of whom with a stay
    trajecten          INTEGER NOT NULL,   -- trajectories running in the year
    gestart            INTEGER NOT NULL,
    beeindigd          INTEGER NOT NULL,
    voorbeeld          BOOLEAN NOT NULL,
    bron               VARCHAR NOT NULL,
    PRIMARY KEY (gemeente_code, segment_code, jaar)
);

CREATE TABLE mart_jeugdigen_gemeente_jaar (
    gemeente_code          VARCHAR NOT NULL,
    jaar                   INTEGER NOT NULL,
    jeugdigen              INTEGER NOT NULL,   -- distinct youths in any segment
    jeugdigen_residentieel INTEGER NOT NULL,   -- distinct youths in residential care
    voorbeeld              BOOLEAN NOT NULL,
    bron                   VARCHAR NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
);
