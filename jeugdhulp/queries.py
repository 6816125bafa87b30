"""Named queries: SQL files in sql/queries with bound parameters, returning DataFrames.

Every function takes a DuckDB connection (or cursor) and plain values, so results can be cached
by their arguments. Counts of people under 5 are masked here, before anything is drawn."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from jeugdhulp.fmt import SMALL_COUNT

QUERY_DIR = Path(__file__).parent / "sql" / "queries"


@cache
def _sql(name: str) -> str:
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    return con.execute(_sql(name), params).df()


def _list(values: tuple[str, ...] | list[str] | None) -> list[str]:
    return list(values or [])


def mask_small_counts(frame: pd.DataFrame, counts: list[str], derived: list[str] = ()) -> pd.DataFrame:
    """Counts of 1-4 become missing (shown as "<5"), and so do figures derived from them.

    Adds a boolean column '<count>_klein' per count so charts and tables can say "<5"."""
    frame = frame.copy()
    small_any = pd.Series(False, index=frame.index)
    for column in counts:
        values = pd.to_numeric(frame[column], errors="coerce")
        small = ((values > 0) & (values < SMALL_COUNT)).fillna(False).astype(bool)
        frame[f"{column}_klein"] = small
        frame[column] = values.astype("float64").where(~small, np.nan)
        small_any |= small
    for column in derived:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64").where(~small_any, np.nan)
    return frame


# --- options for the filter bar -------------------------------------------------------------

def regios(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT regio_code, naam FROM regio ORDER BY naam").df()


def gemeenten(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return con.execute(
        "SELECT gemeente_code, naam, inkoopmodel FROM gemeente WHERE regio_code = $regio ORDER BY naam",
        {"regio": regio},
    ).df()


def segmenten(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return _run(con, "segmenten", regio=regio)


def jaren(con: duckdb.DuckDBPyConnection, regio: str) -> list[int]:
    """Years with spend or volumes for the region."""
    rows = con.execute(
        "SELECT DISTINCT jaar FROM mart_uitgaven_gemeente_jaar WHERE regio_code = $regio"
        " UNION SELECT DISTINCT v.jaar FROM mart_volumes_segment_jaar v JOIN gemeente g USING (gemeente_code)"
        " WHERE g.regio_code = $regio ORDER BY 1",
        {"regio": regio},
    ).fetchall()
    return [r[0] for r in rows]


def standaard_jaar(con: duckdb.DuckDBPyConnection, regio: str) -> int | None:
    """The last year with realised spend for at least half of the region's gemeenten: the default
    'this year' (a year for which only a few gemeenten have figures would show a misleading total)."""
    row = con.execute(
        "SELECT max(jaar) FROM (SELECT jaar, count(DISTINCT gemeente_code) AS n FROM mart_uitgaven_gemeente_jaar"
        " WHERE regio_code = $regio AND soort = 'realisatie' GROUP BY jaar)"
        " WHERE n * 2 >= (SELECT count(*) FROM gemeente WHERE regio_code = $regio)",
        {"regio": regio},
    ).fetchone()
    return row[0] if row else None


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever a batch is added, replaced or undone: the key that invalidates caches."""
    row = con.execute("SELECT count(*), coalesce(max(batch_id), 0), count(*) FILTER (WHERE status = 'actief')"
                      " FROM batch").fetchone()
    return "-".join(str(x) for x in row)


# --- spend ----------------------------------------------------------------------------------

def uitgaven_trend(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                   jaar_van: int, jaar_tot: int) -> pd.DataFrame:
    return _run(con, "uitgaven_trend", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten),
                jaar_van=jaar_van, jaar_tot=jaar_tot)


def uitgaven_per_gemeente(con: duckdb.DuckDBPyConnection, regio: str, segmenten: list[str], jaar: int) -> pd.DataFrame:
    return _run(con, "uitgaven_per_gemeente", regio=regio, segmenten=_list(segmenten), jaar=jaar)


def uitgaven_per_segment(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                         jaar_van: int, jaar_tot: int) -> pd.DataFrame:
    frame = _run(con, "uitgaven_per_segment", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten),
                 jaar_van=jaar_van, jaar_tot=jaar_tot)
    totals = frame.groupby("jaar")["realisatie_eur"].transform("sum")
    frame["aandeel"] = frame["realisatie_eur"] / totals.replace(0, np.nan)
    return frame


def bron_begroting_jaarrekening(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return _run(con, "bron_begroting_jaarrekening", regio=regio)


# --- volumes --------------------------------------------------------------------------------

def volumes_per_segment(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                        jaar_van: int, jaar_tot: int) -> pd.DataFrame:
    frame = _run(con, "volumes_per_segment", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten),
                 jaar_van=jaar_van, jaar_tot=jaar_tot)
    return mask_small_counts(frame, ["jeugdigen", "trajecten"])


def volumes_per_gemeente(con: duckdb.DuckDBPyConnection, regio: str, segmenten: list[str], jaar: int) -> pd.DataFrame:
    frame = _run(con, "volumes_per_gemeente", regio=regio, segmenten=_list(segmenten), jaar=jaar)
    masked = mask_small_counts(frame, ["jeugdigen"], derived=["per_1000_jeugdigen"])
    # Sorted after masking, by name where the value is hidden: the order must not betray a small count.
    return masked.sort_values(["per_1000_jeugdigen", "gemeente"], ascending=[False, True], na_position="last",
                              ignore_index=True)


# --- overview -------------------------------------------------------------------------------

def kerncijfers(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                jaar: int) -> pd.DataFrame:
    frame = _run(con, "kerncijfers", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten), jaar=jaar)
    return mask_small_counts(frame, ["jeugdigen_in_zorg", "jeugdigen_residentieel"], derived=["aandeel_residentieel"])


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _run(con, "batches")


def batch_geschiedenis(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _run(con, "batch_geschiedenis")
