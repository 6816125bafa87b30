-- Replacing figures: a replacing batch hides the (regio, jaar) slices of earlier batches it covers,
-- so a partial replacement keeps the other years; undoing the replacing batch shows them again.
-- batch_totaal keeps the totals per measure of each batch for the history.

CREATE TABLE vervanging (
    nieuw_batch_id INTEGER NOT NULL REFERENCES batch (batch_id),
    oud_batch_id   INTEGER NOT NULL REFERENCES batch (batch_id),
    regio_code     VARCHAR NOT NULL,
    jaar           INTEGER NOT NULL,
    PRIMARY KEY (nieuw_batch_id, oud_batch_id, regio_code, jaar)
);

CREATE TABLE batch_totaal (
    batch_id INTEGER NOT NULL REFERENCES batch (batch_id),
    maat     VARCHAR NOT NULL,      -- bedrag_eur, jeugdigen, trajecten, rijen
    waarde   DOUBLE NOT NULL,
    PRIMARY KEY (batch_id, maat)
);
