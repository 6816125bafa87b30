-- The fingerprint of the pseudonymisation key this database's client keys were made with: at most one row.
-- Client keys made with another key would count the same youths twice, so an import that writes them
-- with another key is refused. Stored: a salted PBKDF2-HMAC of a fixed text under the key (never the
-- key, never a plain hash of it). Written with the first pseudonymised data; a database from before
-- this migration adopts the key of its next import.

CREATE TABLE pseudoniem_sleutel (
    enige          BOOLEAN PRIMARY KEY DEFAULT true CHECK (enige),   -- one row at most
    zout           VARCHAR NOT NULL,                                 -- random per database, hex
    rondes         INTEGER NOT NULL,                                 -- PBKDF2 iterations
    vingerafdruk   VARCHAR NOT NULL,                                 -- hex
    vastgelegd_op  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Gemeenten loaded without an inkoopmodel were stored as the text 'nan' (a pandas NaN passed as a
-- parameter); they have none.
UPDATE gemeente SET inkoopmodel = NULL WHERE inkoopmodel = 'nan';
