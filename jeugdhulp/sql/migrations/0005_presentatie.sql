-- Presentations: charts a reader collected for a meeting. A presentation is identified by a random
-- token kept in the reader's URL (?presentatie=...), so it survives a reload and can be shared as a
-- link. Each slide is a snapshot of what the reader saw when adding it: the plotly figure as JSON,
-- the table behind it (already masked: counts under 5 are "<5") and its title, definition and source.

CREATE TABLE presentatie_dia (
    presentatie VARCHAR   NOT NULL,
    dia_id      INTEGER   NOT NULL,   -- unique within the presentation, never reused
    positie     INTEGER   NOT NULL,   -- 1, 2, ... the order of the slides
    sleutel     VARCHAR   NOT NULL,   -- the chart's key on its page (where it came from)
    titel       VARCHAR   NOT NULL,
    definitie   VARCHAR   NOT NULL,
    bron        VARCHAR   NOT NULL,
    voorbeeld   BOOLEAN   NOT NULL,
    figuur      VARCHAR   NOT NULL,   -- plotly figure JSON
    tabel       VARCHAR   NOT NULL,   -- the table as shown, pandas JSON (orient "split")
    toegevoegd  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (presentatie, dia_id)
);
