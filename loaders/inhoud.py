"""The content of a sheet's rows, independent of the file that carried them.

A file's sha256 changes when Excel saves it again (document properties, zip order) or when it is renamed and
touched, while its rows do not; trajecten loaded twice count every youth twice. So every validated sheet gets a
digest of its rows: one 64-bit hash per row (pandas' vectorised hash over the table's columns, in a fixed column
order), sorted so that the rows' order does not matter, then sha256 over kind and hashes. That digest is made where
the file is checked (in loaders.apart's child for a large file) and kept in memory only; the batch table stores
it keyed with the pseudonymisation key (HMAC), because for a small sheet of client rows an unkeyed digest could be
confirmed by guessing client numbers."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pandas as pd

from loaders.problems import Problem
from loaders.validate import SheetResult

# Problems of one kind named row by row before the rest are counted in one line (as the other checks do).
MAX_ROWS_NAMED = 50


def digest(kind: str, frame: pd.DataFrame) -> str:
    """The unkeyed digest of a validated frame's rows: the same rows in any order give the same digest; columns
    starting with '_' (the Excel row number) are not content."""
    data = frame[sorted(c for c in frame.columns if not str(c).startswith("_"))]
    rows = pd.util.hash_pandas_object(data.apply(_plain), index=False).to_numpy().copy()
    rows.sort()
    return hashlib.sha256(kind.encode("utf-8") + b"\0" + ",".join(data.columns).encode("utf-8") + b"\0"
                          + rows.tobytes()).hexdigest()


def _plain(column: pd.Series) -> pd.Series:
    """One dtype per kind of value, whichever reader made the column (the fast path, the precise path, a CSV): the
    hash of a value depends on its dtype. Cheap casts only; an object column of Python values would take seconds."""
    if pd.api.types.is_bool_dtype(column):
        return column
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.astype("datetime64[s]")
    if pd.api.types.is_numeric_dtype(column):
        return column.astype("float64")
    return column.astype("str")


def stored(key: bytes, result: SheetResult) -> str | None:
    """What the batch table keeps of a sheet's digest: HMAC-SHA256 under the pseudonymisation key."""
    if result.inhoud is None:
        return None
    return hmac.new(key, result.inhoud.encode("ascii"), hashlib.sha256).hexdigest()


def loaded_before(con: duckdb.DuckDBPyConnection, key: bytes, results: list[SheetResult]) -> list[Problem]:
    """A 'zelfde-inhoud' problem for every sheet whose rows an active batch of the same kind already holds."""
    problems = []
    for result in results:
        value = stored(key, result)
        if value is None:
            continue
        previous = con.execute("SELECT min(batch_id) FROM batch WHERE inhoud = ? AND kind = ? AND status = 'actief'",
                               [value, result.kind.name]).fetchall()[0][0]
        if previous is not None:
            problems.append(Problem("zelfde-inhoud", sheet=result.sheet, value=str(previous)))
    return problems


def trajecten_loaded_before(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, sheet: str) -> list[Problem]:
    """A 'traject-bestaat-al' problem for every row of a trajecten sheet whose trajectory is on the pages already:
    the same client (by pseudonym: the checked sheet holds keys), gemeente, segment, product category and start date
    in an active batch. A file that repeats part of an earlier delivery (last month's rows and this month's) would
    count those trajectories twice; the rows are named, the controller leaves them out or replaces the earlier
    delivery."""
    columns = ["_rij", "client_key", "gemeente_code", "segment_code", "productcategorie", "startdatum"]
    con.register("_import_trajecten", frame[columns])
    try:
        rows = con.execute(
            "SELECT k._rij, min(t.batch_id)"
            " FROM (SELECT i.* REPLACE (i.startdatum::DATE AS startdatum) FROM _import_trajecten AS i) AS k"
            " JOIN stg_trajecten AS t"
            "   ON t.client_key = k.client_key AND t.gemeente_code = k.gemeente_code AND t.segment_code = k.segment_code"
            "  AND t.startdatum = k.startdatum AND t.productcategorie IS NOT DISTINCT FROM k.productcategorie"
            " GROUP BY k._rij ORDER BY k._rij").fetchall()
    finally:
        con.unregister("_import_trajecten")
    problems = [Problem("traject-bestaat-al", sheet=sheet, row=int(r), limit=str(b)) for r, b in rows[:MAX_ROWS_NAMED]]
    if len(rows) > MAX_ROWS_NAMED:
        problems.append(Problem("meer-meldingen", sheet=sheet, value=str(len(rows) - MAX_ROWS_NAMED),
                                limit="traject-bestaat-al"))
    return problems
