-- Core tables: reference data (regions, gemeenten, segments), import batches and fact tables.
-- Facts always carry the batch they came from; a batch is active, replaced or undone.

CREATE SEQUENCE IF NOT EXISTS batch_id_seq START 1;

CREATE TABLE regio (
    regio_code   VARCHAR PRIMARY KEY,          -- ZHZ, GRJR, MIJOV
    naam         VARCHAR NOT NULL UNIQUE,
    bron         VARCHAR NOT NULL
);

CREATE TABLE vorm (
    vorm         VARCHAR PRIMARY KEY,           -- common form of care, comparable across regions
    naam         VARCHAR NOT NULL,
    met_verblijf BOOLEAN NOT NULL,
    volgorde     INTEGER NOT NULL
);

CREATE TABLE batch (
    batch_id     INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
    kind         VARCHAR NOT NULL,              -- uitgaven, volumes, trajecten, ...
    bestand      VARCHAR NOT NULL,              -- file name as uploaded, or the embedded file
    sha256       VARCHAR NOT NULL,
    bron         VARCHAR NOT NULL,              -- provenance text shown next to figures
    voorbeeld    BOOLEAN NOT NULL DEFAULT false, -- fictitious example data
    status       VARCHAR NOT NULL DEFAULT 'actief' CHECK (status IN ('actief', 'vervangen', 'ongedaan')),
    regio_code   VARCHAR,
    jaren        VARCHAR,                       -- e.g. '2019-2025'
    rijen        INTEGER NOT NULL,
    gebruiker    VARCHAR NOT NULL,
    geladen_op   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    vervangt     INTEGER                        -- batch_id this batch replaced
);

CREATE TABLE gemeente (
    gemeente_code VARCHAR PRIMARY KEY,          -- CBS code GMxxxx
    naam          VARCHAR NOT NULL,
    regio_code    VARCHAR NOT NULL REFERENCES regio (regio_code),
    inkoopmodel   VARCHAR,
    bron          VARCHAR NOT NULL
);

CREATE TABLE gemeente_jaar (
    gemeente_code  VARCHAR NOT NULL REFERENCES gemeente (gemeente_code),
    jaar           INTEGER NOT NULL,
    inwoners       INTEGER,
    jeugdigen_0_17 INTEGER,
    batch_id       INTEGER NOT NULL REFERENCES batch (batch_id)
);

CREATE TABLE segment (
    regio_code    VARCHAR NOT NULL REFERENCES regio (regio_code),
    segment_code  VARCHAR NOT NULL,
    naam          VARCHAR NOT NULL,
    vorm          VARCHAR NOT NULL REFERENCES vorm (vorm),
    residentieel  BOOLEAN NOT NULL,             -- counts for the residential reduction target
    structuur     VARCHAR NOT NULL,             -- which purchasing structure the segment belongs to
    volgorde      INTEGER NOT NULL,
    aliassen      VARCHAR,                      -- other names used in exports, separated by |
    toelichting   VARCHAR,
    bron          VARCHAR NOT NULL,
    PRIMARY KEY (regio_code, segment_code)
);

CREATE TABLE uitgaven (
    batch_id      INTEGER NOT NULL REFERENCES batch (batch_id),
    gemeente_code VARCHAR NOT NULL REFERENCES gemeente (gemeente_code),
    regio_code    VARCHAR NOT NULL,
    segment_code  VARCHAR NOT NULL,
    jaar          INTEGER NOT NULL,
    periode       VARCHAR NOT NULL DEFAULT 'jaar',
    soort         VARCHAR NOT NULL CHECK (soort IN ('begroting', 'realisatie', 'prognose')),
    bedrag_eur    DECIMAL(18, 2) NOT NULL
);

CREATE TABLE volumes (
    batch_id      INTEGER NOT NULL REFERENCES batch (batch_id),
    gemeente_code VARCHAR NOT NULL REFERENCES gemeente (gemeente_code),
    regio_code    VARCHAR NOT NULL,
    segment_code  VARCHAR NOT NULL,
    jaar          INTEGER NOT NULL,
    periode       VARCHAR NOT NULL DEFAULT 'jaar',
    jeugdigen     INTEGER,
    trajecten     INTEGER
);

CREATE TABLE trajecten (
    batch_id          INTEGER NOT NULL REFERENCES batch (batch_id),
    client_key        VARCHAR NOT NULL,         -- keyed hash, never the client id itself
    gemeente_code     VARCHAR NOT NULL REFERENCES gemeente (gemeente_code),
    regio_code        VARCHAR NOT NULL,
    segment_code      VARCHAR NOT NULL,
    productcategorie  VARCHAR,
    productcode       VARCHAR,
    aanmelddatum      DATE,
    startdatum        DATE NOT NULL,
    einddatum         DATE,
    aanbieder         VARCHAR,
    verblijf          BOOLEAN,
    bedrag_eur        DECIMAL(18, 2)
);

CREATE TABLE kpi_waarde (
    batch_id      INTEGER NOT NULL REFERENCES batch (batch_id),
    kpi           VARCHAR NOT NULL,
    jaar          INTEGER NOT NULL,
    waarde        DOUBLE NOT NULL,
    regio_code    VARCHAR,
    gemeente_code VARCHAR,
    segment_code  VARCHAR,
    periode       VARCHAR,
    eenheid       VARCHAR
);

CREATE TABLE doel (
    batch_id      INTEGER NOT NULL REFERENCES batch (batch_id),
    kpi           VARCHAR NOT NULL,
    basisjaar     INTEGER,
    doeljaar      INTEGER NOT NULL,
    doelwaarde    DOUBLE,
    wijziging_pct DOUBLE,
    regio_code    VARCHAR,
    gemeente_code VARCHAR,
    segment_code  VARCHAR,
    bron          VARCHAR
);

CREATE TABLE consultatie (
    batch_id          INTEGER NOT NULL REFERENCES batch (batch_id),
    regio_code        VARCHAR NOT NULL,
    gemeente_code     VARCHAR,                  -- empty for regional consultations
    document          VARCHAR NOT NULL,
    punt              VARCHAR,
    thema             VARCHAR NOT NULL,
    thema2            VARCHAR,
    standpunt         VARCHAR,
    samenvatting      VARCHAR NOT NULL,
    reactie_uitkomst  VARCHAR,
    reactie           VARCHAR,
    bron_regel        VARCHAR
);

-- Figures and KPI definitions quoted (as numbers) from the source documents, with their citation.
CREATE TABLE bron_cijfer (
    batch_id      INTEGER NOT NULL REFERENCES batch (batch_id),
    regio_code    VARCHAR NOT NULL,
    gemeente_code VARCHAR,
    jaar          INTEGER,
    maat          VARCHAR NOT NULL,
    onderdeel     VARCHAR,
    waarde        DOUBLE NOT NULL,
    eenheid       VARCHAR NOT NULL,
    soort         VARCHAR NOT NULL,
    document      VARCHAR NOT NULL,
    regel         VARCHAR NOT NULL,
    toelichting   VARCHAR,
    onzeker       BOOLEAN NOT NULL              -- 'toewijzing onzeker': stored, never charted as fact
);

CREATE TABLE bron_kpi (
    batch_id       INTEGER NOT NULL REFERENCES batch (batch_id),
    regio_code     VARCHAR NOT NULL,
    onderdeel      VARCHAR,
    kpi            VARCHAR NOT NULL,
    definitie      VARCHAR,
    richting       VARCHAR,
    streefwaarde   DOUBLE,
    eenheid        VARCHAR,
    streefjaar     INTEGER,
    toelichting    VARCHAR,
    regel          VARCHAR
);
