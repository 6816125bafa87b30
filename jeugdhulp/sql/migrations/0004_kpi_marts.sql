-- KPI aggregates of trajecten, rebuilt with the other marts inside every trajecten import.
-- Durations are kept per whole day, so medians and percentiles over any selection stay exact.

CREATE TABLE mart_verblijfsduur_dag (
    gemeente_code VARCHAR NOT NULL,
    segment_code  VARCHAR NOT NULL,
    eindjaar      INTEGER NOT NULL,   -- year the stay ended
    duur_dagen    INTEGER NOT NULL,   -- einddatum - startdatum
    aantal        INTEGER NOT NULL,   -- ended stays of this length
    PRIMARY KEY (gemeente_code, segment_code, eindjaar, duur_dagen)
);

CREATE TABLE mart_wachttijd_dag (
    gemeente_code VARCHAR NOT NULL,
    segment_code  VARCHAR NOT NULL,
    startjaar     INTEGER NOT NULL,   -- year the help started
    wacht_dagen   INTEGER NOT NULL,   -- startdatum - aanmelddatum
    aantal        INTEGER NOT NULL,
    PRIMARY KEY (gemeente_code, segment_code, startjaar, wacht_dagen)
);

CREATE TABLE mart_kpi_gemeente_jaar (
    gemeente_code               VARCHAR NOT NULL,
    jaar                        INTEGER NOT NULL,
    jeugdigen_ambulant          INTEGER NOT NULL,   -- distinct youths in an ambulant segment
    jeugdigen_verblijf          INTEGER NOT NULL,   -- distinct youths with a stay
    jeugdigen_pleegzorg_gezinshuis INTEGER NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
);

CREATE TABLE mart_aanbieder_jaar (
    gemeente_code VARCHAR NOT NULL,
    segment_code  VARCHAR NOT NULL,
    jaar          INTEGER NOT NULL,
    aanbieder     VARCHAR NOT NULL,
    jeugdigen     INTEGER NOT NULL,
    trajecten     INTEGER NOT NULL,
    PRIMARY KEY (gemeente_code, segment_code, jaar, aanbieder)
);
