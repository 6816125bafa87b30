-- The title slide of a presentation: its title and subtitle as the presenter set them (or as a deck made after an
-- upload proposed them: region, years, the file and when it was loaded). One row per presentation that has one;
-- without a row the page proposes a title from the selection.
CREATE TABLE IF NOT EXISTS presentatie_kop (
    presentatie VARCHAR     NOT NULL PRIMARY KEY,
    titel       VARCHAR     NOT NULL,
    ondertitel  VARCHAR     NOT NULL,
    gewijzigd   TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
