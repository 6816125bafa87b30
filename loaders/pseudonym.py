"""Pseudonymising client ids: a keyed hash, computed in Python for tests and in DuckDB when a file is checked.
The construction must never change: stored client keys of earlier imports would no longer match.

A checked sheet's client numbers are replaced by their keys before the sheet leaves the check (pseudonymise_column,
loaders.importer.check_content): a workbook is checked in a child process (loaders.apart), so the server never holds
its clients' own numbers, and the import's transaction does no hashing."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pandas as pd
import pyarrow as pa


def pseudonym_keys(key: bytes) -> tuple[str, str]:
    """Inner and outer keys derived from the secret, for a nested keyed hash (NMAC construction)."""
    return hashlib.sha256(key + b":in").hexdigest(), hashlib.sha256(key + b":out").hexdigest()


def pseudonymise(client_id: str, key: bytes) -> str:
    """Keyed hash of a client id: stable per key, not reversible without it.

    sha256(k_out || sha256(k_in || id)), first 24 hex digits; the import computes the same in
    DuckDB (PSEUDONYM_SQL) so a million ids cost no Python loop."""
    inner, outer = pseudonym_keys(key)
    digest = hashlib.sha256((inner + client_id.strip()).encode("utf-8")).hexdigest()
    return hashlib.sha256((outer + digest).encode("utf-8")).hexdigest()[:24]


PSEUDONYM_SQL = "left(sha256(concat($k_out, sha256(concat($k_in, trim(client))))), 24)"


def pseudonym_params(key: bytes) -> dict[str, str]:
    """The bound parameters PSEUDONYM_SQL reads ($k_in, $k_out) for one secret."""
    inner, outer = pseudonym_keys(key)
    return {"k_in": inner, "k_out": outer}


def pseudonymise_column(clients: pd.Series, key: bytes) -> pd.Series:
    """Every client id of a column as its key (PSEUDONYM_SQL, as stored), in a database of its own in memory: its
    hashing runs on every core, without Python's lock, once per distinct id (a client has several trajectories)."""
    column = pa.array(clients.astype("str"), type=pa.string())   # an Arrow-backed column may come in chunks
    encoded = (column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column).dictionary_encode()
    with duckdb.connect() as con:
        con.register("clients", pa.table({"client": encoded.dictionary}))
        keys = con.sql(f"SELECT {PSEUDONYM_SQL} AS client_key FROM clients",  # noqa: S608 - a fixed expression
                       params=pseudonym_params(key)).to_arrow_table().column("client_key").combine_chunks()
    return pd.Series(pd.array(keys.take(encoded.indices), dtype="str"), index=clients.index, name="client_key")


def key_tag(key: bytes) -> str:
    """A short keyed mark of the key a sheet was pseudonymised with: the import refuses a sheet checked with another key
    than its own (never the key itself, nor anything it can be found from)."""
    return hmac.new(key, b"pseudoniem-sleutel", hashlib.sha256).hexdigest()[:16]
