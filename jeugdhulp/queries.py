"""Named queries: SQL files in sql/queries with bound parameters, returning DataFrames.

Every function takes a DuckDB connection (or cursor) and plain values, so results can be cached
by their arguments. Counts of people under 5 are masked here, before anything is drawn.

It is longer than 300 lines because it holds one small typed function per SQL file for every page."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd

from jeugdhulp import kpi, themas
from jeugdhulp.fmt import SMALL_COUNT

QUERY_DIR = Path(__file__).parent / "sql" / "queries"


@cache
def _sql(name: str) -> str:
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    return con.execute(_sql(name), params).df()


# Threads that run a page's slowest query while the page's thread runs its other queries and shapes their frames:
# DuckDB does not hold Python's interpreter lock while it executes, so the two overlap on a second core.
_AHEAD = ThreadPoolExecutor(max_workers=4, thread_name_prefix="query-ahead")
_T = TypeVar("_T")


def ahead(con: duckdb.DuckDBPyConnection, function: Callable[..., _T], *args: object, **kwargs: object) -> Future[_T]:
    """Start `function(cursor, *args, **kwargs)` on a cursor of its own in another thread; .result() waits for it."""
    cursor = con.cursor()

    def run() -> _T:
        try:
            return function(cursor, *args, **kwargs)
        finally:
            cursor.close()
    return _AHEAD.submit(run)


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
    """Every region, those with figures first (sql/queries/regios.sql)."""
    return _run(con, "regios")


def gemeenten(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return con.execute(
        "SELECT gemeente_code, naam, inkoopmodel FROM gemeente WHERE regio_code = $regio ORDER BY naam",
        {"regio": regio},
    ).df()


def segmenten(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return _run(con, "segmenten", regio=regio)


def jaren(con: duckdb.DuckDBPyConnection, regio: str) -> list[int]:
    """Years the region has figures for (sql/queries/jaren.sql): spend, uploaded volumes, and youths from
    trajecten from the first of those years on."""
    return _run(con, "jaren", regio=regio)["jaar"].astype(int).tolist()


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
    row = con.execute("SELECT count(*), coalesce(max(batch_id), 0), coalesce(sum(hash(batch_id, status)), 0)"
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


def bron_cijfers(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    """Every figure quoted from the region's public documents, with `onzeker` for the uncertain ones."""
    return _run(con, "bron_cijfers", regio=regio)


# --- volumes --------------------------------------------------------------------------------

def volumes_per_segment(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                        jaar_van: int, jaar_tot: int) -> pd.DataFrame:
    frame = _run(con, "volumes_per_segment", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten),
                 jaar_van=jaar_van, jaar_tot=jaar_tot)
    return mask_small_counts(frame, ["jeugdigen", "trajecten"])


def volumes_per_gemeente(con: duckdb.DuckDBPyConnection, regio: str, segmenten: list[str], jaar: int) -> pd.DataFrame:
    frame = _run(con, "volumes_per_gemeente", regio=regio, segmenten=_list(segmenten), jaar=jaar)
    # The region's rate from the published counts (a hidden cell counts as 3), before they are masked.
    with_population = frame["jeugdigen_0_17"].notna()
    population = frame.loc[with_population, "jeugdigen_0_17"].sum()
    frame["regio_per_1000_jeugdigen"] = 1000 * frame.loc[with_population, "jeugdigen"].sum() / population \
        if population else np.nan
    masked = mask_small_counts(frame, ["jeugdigen"], derived=["per_1000_jeugdigen"])
    # Sorted after masking, by name where the value is hidden: the order must not betray a small count.
    return masked.sort_values(["per_1000_jeugdigen", "gemeente"], ascending=[False, True], na_position="last",
                              ignore_index=True)


# --- overview -------------------------------------------------------------------------------

def kerncijfers(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                jaar: int) -> pd.DataFrame:
    frame = _run(con, "kerncijfers", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten), jaar=jaar)
    return mask_small_counts(frame, ["jeugdigen_in_zorg", "jeugdigen_residentieel"], derived=["aandeel_residentieel"])


def prognose_reeksen(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str]) -> pd.DataFrame:
    """Per year of the selection: realised spend and distinct youths in care (none when segments are chosen), with
    status and source; youths of 1-4 masked as everywhere."""
    frame = _run(con, "prognose_reeksen", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten))
    return mask_small_counts(frame, ["jeugdigen_in_zorg"])


def scenario_groepen(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                     jaar: int) -> pd.DataFrame:
    """Per vorm and residential flag of the chosen segments in one year: realised spend and youths in care (summed
    published counts per segment), with status and source (sql/queries/scenario_groepen.sql)."""
    return _run(con, "scenario_groepen", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten), jaar=jaar)


def batches(con: duckdb.DuckDBPyConnection, controller: bool = False) -> pd.DataFrame:
    """Loaded batches; user and row counts of people only for a controller (see batches.sql)."""
    return _run(con, "batches", controller=controller)


def trajecten_herkomst(con: duckdb.DuckDBPyConnection, regio: str) -> tuple[str, bool]:
    """Source line and example flag of the figures computed from trajecten for a region (the marts carry what is
    visible: a region whose example trajecten real figures replaced names only the real file)."""
    rows = _run(con, "trajecten_herkomst", regio=regio)
    parts = sorted({part for bron in rows["bron"] for part in str(bron).split("; ") if part})
    return "; ".join(parts) or "geen trajecten ingelezen", bool(rows["voorbeeld"].fillna(False).any())


def batch_bereik(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """Per region a batch has figures for: kind, regio, first and last year, most rows first."""
    return _run(con, "batch_bereik", batch=batch_id)


def batch_geschiedenis(con: duckdb.DuckDBPyConnection, controller: bool = False) -> pd.DataFrame:
    """Every batch with its totals; counts of people and the user only for a controller."""
    return _run(con, "batch_geschiedenis", controller=controller)


# --- KPIs -----------------------------------------------------------------------------------

_DAG_KOLOM = {"wachttijd": "wacht_dagen", "verblijfsduur": "duur_dagen"}


# The purchasing models of a region, numbered in the order of their names (the histograms carry the number).
_MODELLEN = ("SELECT inkoopmodel, (row_number() OVER (ORDER BY inkoopmodel) - 1)::INTEGER AS model FROM "
             "(SELECT DISTINCT coalesce(inkoopmodel, 'regionaal') AS inkoopmodel FROM gemeente WHERE regio_code = $regio)")


# The names behind those numbers, and behind the segments' volgorde.
_NAMEN = ("SELECT 'segment' AS soort, volgorde AS nr, naam FROM segment WHERE regio_code = $regio\n"
          f"UNION ALL SELECT 'model', model, inkoopmodel FROM ({_MODELLEN})")


@cache
def _bundel_sql(measures: tuple[str, ...]) -> str:
    """The histograms of several measures (sql/queries/<measure>_histogram.sql) in one query, as numbers only (a
    text column costs more to hand to Python than the query costs): maat (the measure's place in `measures`),
    jaar, volgorde (the segment), model (the purchasing model, see _MODELLEN), in_selectie, dagen (NaN on a cell
    row), aantal, cel_aantal, binnen, buiten, norm_dagen (NaN: none). Their rows as they are: summing them in
    DuckDB per grouping costs more than it saves."""
    parts = [f"SELECT {number} AS maat, * RENAME ({_DAG_KOLOM[measure]} AS dagen)"
             f" FROM ({_sql(f'{measure}_histogram').strip().rstrip(';')})" for number, measure in enumerate(measures)]
    return ("WITH h AS (\n" + "\nUNION ALL BY NAME\n".join(parts) + "\n),\n"
            f"modellen AS ({_MODELLEN})\n"
            "SELECT h.maat, h.jaar, h.volgorde, modellen.model, h.in_selectie,\n"
            "       coalesce(h.dagen::DOUBLE, 'nan'::DOUBLE) AS dagen, h.aantal, h.cel_aantal, h.binnen, h.buiten,\n"
            "       coalesce(h.norm_dagen, 'nan'::DOUBLE) AS norm_dagen\n"
            "FROM h JOIN modellen USING (inkoopmodel)")


def _bundel_frame(part: str, histogram: pd.DataFrame, norm: str | None, namen: pd.DataFrame) -> pd.DataFrame:
    """One frame of a KPI bundle: statistics per year or per segment of the selection, per purchasing model and year
    (empty with a single model), or per year of the whole region (the same rows, every gemeente). `namen`: the
    segments' and models' names by number (_NAMEN)."""
    selected = histogram[histogram["in_selectie"]] if part in ("jaar", "segment") else histogram
    if part in ("jaar", "regio"):
        return kpi.histogram_stats(selected, ["jaar"], "dagen", norm=norm)
    if part == "segment":
        out = kpi.histogram_stats(selected, ["volgorde"], "dagen", norm=norm)
        names = namen[namen["soort"] == "segment"].set_index("nr")["naam"]
        out.insert(1, "segment", out["volgorde"].map(names).astype("str"))
        return out
    if histogram["model"].nunique() < 2:   # "inkoopmodel": only when the region has more than one
        return pd.DataFrame()
    out = kpi.histogram_stats(histogram, ["model", "jaar"], "dagen", norm=norm)
    names = namen[namen["soort"] == "model"].set_index("nr")["naam"]
    return out.rename(columns={"model": "inkoopmodel"}).assign(inkoopmodel=out["model"].map(names).astype("str"))


def kpi_bundels(con: duckdb.DuckDBPyConnection, measures: tuple[str, ...], regio: str, gemeenten: list[str],
                segmenten: list[str], jaar_van: int, jaar_tot: int, met_regio: bool = False,
                alleen: tuple[str, ...] | None = None) -> dict[str, dict[str, pd.DataFrame]]:
    """kpi_bundel of several measures in one query (one round trip for a page that shows waits and stays).
    `alleen`: compute only these of its frames ('jaar', 'segment', 'inkoopmodel', 'regio'), for a page that
    shows fewer (the statistics per group are the Python half of the cost)."""
    params = {"regio": regio, "gemeenten": _list(gemeenten), "segmenten": _list(segmenten), "jaar_van": jaar_van,
              "jaar_tot": jaar_tot}
    both = pd.DataFrame(con.execute(_bundel_sql(tuple(measures)), params).fetchnumpy())
    wanted = alleen or ("jaar", "segment", "inkoopmodel", *(("regio",) if met_regio else ()))
    namen = con.execute(_NAMEN, {"regio": regio}).df() if {"segment", "inkoopmodel"} & set(wanted) else None
    out = {}
    for number, measure in enumerate(measures):
        histogram = both[both["maat"] == number]
        norm = "norm_dagen" if measure == "wachttijd" else None
        out[measure] = {part: _bundel_frame(part, histogram, norm, namen) for part in wanted}
    return out


def kpi_bundel(con: duckdb.DuckDBPyConnection, measure: str, regio: str, gemeenten: list[str], segmenten: list[str],
               jaar_van: int, jaar_tot: int, met_regio: bool = False,
               alleen: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """verblijfsduur or wachttijd in one query: statistics per year and per segment for the selected
    gemeenten, and per year for each purchasing model of the region (empty with a single model); with
    `met_regio` also per year for the whole region ('regio').
    Stays: days from start to end of ended stays, per year of ending; waits: days from aanmelding to
    start, per start year, with the share within the norm where a target sets one."""
    return kpi_bundels(con, (measure,), regio, gemeenten, segmenten, jaar_van, jaar_tot, met_regio, alleen)[measure]


def verblijfsduur(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                  jaar_van: int, jaar_tot: int, per: str = "jaar") -> pd.DataFrame:
    """Length of ended stays per year of ending (per='jaar') or per segment (per='segment'):
    n, mean, median, p90 and the box; statistics only from kpi.MIN_CASES_STATISTICS stays of visible cells."""
    return kpi_bundel(con, "verblijfsduur", regio, gemeenten, segmenten, jaar_van, jaar_tot, alleen=(per,))[per]


def wachttijd(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
              jaar_van: int, jaar_tot: int, per: str = "jaar") -> pd.DataFrame:
    """Days from aanmelding to start per start year or per segment, with the share within the norm."""
    return kpi_bundel(con, "wachttijd", regio, gemeenten, segmenten, jaar_van, jaar_tot, alleen=(per,))[per]


def doelen(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return _run(con, "doelen", regio=regio)


def doel_reeks(con: duckdb.DuckDBPyConnection, regio: str, kpi_naam: str, segment: str | None) -> pd.DataFrame:
    """Yearly values of a volume KPI per gemeente of the region (unmasked: for the trend only)."""
    return _run(con, "doel_reeks", regio=regio, kpi=kpi_naam, segment=segment)


def _status_rows(series: pd.DataFrame, key: str | None, niveau: str, naam: str | None, basisjaar: int, doeljaar: int,
                 wijziging_pct: float, tot_jaar: int) -> list[dict[str, object]]:
    """kpi.voortgang per group of `series` (by the column `key`, in sorted order; None: one group called `naam`) on
    its yearly sums, with the group's example flag and sources: numpy on the series' columns, no pandas grouping
    (a page view asks for it per gemeente, for the selection and per model, on a few hundred rows)."""
    if key is None:
        codes, groups = np.zeros(len(series), dtype=np.int64), np.array([naam], dtype=object)
    else:
        codes, groups = pd.factorize(series[key], sort=True)
    jaren = series["jaar"].to_numpy(dtype=np.int64)
    order = np.lexsort((jaren, codes))
    codes, jaren = codes[order], jaren[order]
    waarden = np.nan_to_num(series["waarde"].to_numpy(dtype=float)[order])   # a missing value adds 0, as in pandas
    voorbeeld = series["voorbeeld"].to_numpy(dtype=bool)[order]
    bron = series["bron"].to_numpy(dtype=object)[order]
    rows = []
    for number, groep in enumerate(groups):
        lo, hi = np.searchsorted(codes, number, side="left"), np.searchsorted(codes, number, side="right")
        if lo == hi:
            continue
        years, at = np.unique(jaren[lo:hi], return_index=True)   # the yearly sums of the group
        sums = np.add.reduceat(waarden[lo:hi], at)
        result = kpi.voortgang_arrays(years.astype(float), sums, basisjaar, doeljaar, wijziging_pct, tot_jaar)
        rows.append({"niveau": niveau, "naam": groep, **result.__dict__, "voorbeeld": bool(voorbeeld[lo:hi].any()),
                     "bron": "; ".join(sorted({b for b in bron[lo:hi] if isinstance(b, str)}))})
    if key is None and not rows:   # an empty selection is still a row: too little data
        rows.append({"niveau": niveau, "naam": naam, **kpi.voortgang_arrays(
            np.array([]), np.array([]), basisjaar, doeljaar, wijziging_pct, tot_jaar).__dict__,
            "voorbeeld": False, "bron": ""})
    return rows


def doel_status(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], kpi_naam: str,
                segment: str | None, basisjaar: int, doeljaar: int, wijziging_pct: float,
                tot_jaar: int, series: pd.DataFrame | None = None, alleen_selectie: bool = False) -> pd.DataFrame:
    """Per gemeente, the selection and each purchasing model: base, target, latest value, trend
    projection and status. Gemeenten with fewer than 5 youths in the base year get no base, target or trend;
    a last value under 5 is hidden together with the trend (laatste_waarde_klein).

    `series`: doel_reeks(con, regio, kpi_naam, segment) when the caller has it already (one query per page view);
    `alleen_selectie`: only the selection's row (the Gemeenteprofiel needs no other)."""
    if series is None:
        series = doel_reeks(con, regio, kpi_naam, segment)
    chosen = series[series["gemeente_code"].isin(gemeenten)] if gemeenten else series
    args = (basisjaar, doeljaar, wijziging_pct, tot_jaar)
    rows = [] if alleen_selectie else _status_rows(series, "gemeente", "gemeente", None, *args)
    rows += _status_rows(chosen, None, "selectie", "Selectie" if gemeenten else "Hele regio", *args)
    if not alleen_selectie:
        rows += _status_rows(series, "inkoopmodel", "inkoopmodel", None, *args)
    out = pd.DataFrame(rows)
    small = out["basiswaarde"].fillna(0) < SMALL_COUNT
    for column in ("basiswaarde", "doelwaarde", "prognose", "helling"):
        out.loc[small, column] = np.nan
    out["basiswaarde_klein"] = small & out["basiswaarde"].isna()
    # A last value of 1-4 is hidden, and so is the trend: it runs through that year and, printed next to "<5",
    # reads as the hidden count. (The status stays: it is computed from published values only, a hidden year
    # counting as the fixed value of pub_klein.sql, so it is the same whatever the real count.)
    last = out["laatste_waarde"]
    last_small = ((last > 0) & (last < SMALL_COUNT)).fillna(False).astype(bool)
    out.loc[last_small, ["laatste_waarde", "prognose", "helling"]] = np.nan
    out["laatste_waarde_klein"] = last_small
    return out


def doel_jaarreeks(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], kpi_naam: str,
                   segment: str | None, groep: str = "selectie", series: pd.DataFrame | None = None) -> pd.DataFrame:
    """Yearly values of the selection (groep='selectie') or per purchasing model (groep='inkoopmodel'),
    counts under 5 masked. `series`: doel_reeks of the same arguments, when the caller has it already."""
    if series is None:
        series = doel_reeks(con, regio, kpi_naam, segment)
    if groep == "selectie":
        chosen = series[series["gemeente_code"].isin(gemeenten)] if gemeenten else series
        frame = chosen.groupby("jaar", as_index=False).agg(waarde=("waarde", "sum"), voorbeeld=("voorbeeld", "any"))
        frame["groep"] = "Selectie" if gemeenten else "Hele regio"
    else:
        frame = series.groupby(["inkoopmodel", "jaar"], as_index=False).agg(
            waarde=("waarde", "sum"), voorbeeld=("voorbeeld", "any")).rename(columns={"inkoopmodel": "groep"})
    frame["bron"] = "; ".join(sorted(set(series["bron"].dropna())))
    return mask_small_counts(frame, ["waarde"])


def ambulant_per_bed(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], jaar_van: int,
                     jaar_tot: int) -> pd.DataFrame:
    frame = _run(con, "ambulant_per_bed", regio=regio, gemeenten=_list(gemeenten), jaar_van=jaar_van,
                 jaar_tot=jaar_tot)
    return mask_small_counts(frame, ["jeugdigen_ambulant", "jeugdigen_verblijf"], derived=["ambulant_per_bed"])


def aanbieders(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
               jaar: int) -> pd.DataFrame:
    """The providers of each segment in one year, largest first: those with at least 5 youths by name, the
    others in one line 'overig' with how many providers it holds.

    No counts of youths or trajectories per provider: the segment's own count is exact on other pages, so the
    count of 'overig' would come back by subtraction (and with it a count of 1-4). The order and the split at 5
    come from published cells only (sql/views/pub_aanbieder_jaar.sql); a hidden cell joins 'overig' without
    its providers."""
    return aanbieders_lijst(aanbieders_rijen(con, regio, gemeenten, segmenten, jaar))


def aanbieders_rijen(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                     jaar: int) -> pd.DataFrame:
    """The published rows behind aanbieders and aanbieders_per_segment (sql/queries/aanbieders.sql): one query
    for both when a page shows both."""
    return _run(con, "aanbieders", regio=regio, gemeenten=_list(gemeenten), segmenten=_list(segmenten), jaar=jaar)


def aanbieders_lijst(frame: pd.DataFrame) -> pd.DataFrame:
    """aanbieders from the rows of aanbieders_rijen."""
    named = frame[(frame["jeugdigen"] >= SMALL_COUNT) & frame["aanbieder"].notna()]
    rest = frame.drop(named.index)
    rows = [named.assign(aanbieders_in_groep=1, overig=False)[
        ["volgorde", "segment_code", "segment", "aanbieder", "aanbieders_in_groep", "overig", "jeugdigen"]]]
    if len(rest):
        # A hidden cell's row names no provider but stands for at least one.
        others = rest.groupby(["volgorde", "segment_code", "segment"], as_index=False).agg(
            aanbieders_in_groep=("aanbieder", lambda a: max(1, a.nunique())))
        rows.append(others.assign(aanbieder=OVERIG_AANBIEDERS, overig=True, jeugdigen=-1))
    out = pd.concat(rows, ignore_index=True).sort_values(["volgorde", "jeugdigen", "aanbieder"],
                                                         ascending=[True, False, True], ignore_index=True)
    out["rang"] = out.groupby("segment_code").cumcount() + 1
    return out.drop(columns=["jeugdigen"])


OVERIG_AANBIEDERS = "overige aanbieders (elk minder dan 5 jeugdigen)"


def aanbieders_per_segment(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str], segmenten: list[str],
                           jaar: int) -> pd.DataFrame:
    """Number of distinct providers per segment (the 'aantal aanbieders' theme); a provider seen only in a
    hidden cell is not counted (how many there are would tell how the cell is made up)."""
    return aanbieders_tellen(aanbieders_rijen(con, regio, gemeenten, segmenten, jaar))


def aanbieders_tellen(frame: pd.DataFrame) -> pd.DataFrame:
    """aanbieders_per_segment from the rows of aanbieders_rijen."""
    return frame.groupby(["volgorde", "segment_code", "segment"], as_index=False).agg(
        aanbieders=("aanbieder", "nunique"), jeugdigen=("jeugdigen", "sum")).sort_values("volgorde", ignore_index=True)


# A KPI value counts people when its unit names people or things counted per person (Dutch and English,
# compared without accents and capitals): a value of 1-4 is then a small count, hidden like any other.
_PEOPLE_WORDS = re.compile(
    r"\b(jeugdige|jongere|kind|client|perso|aantal|traject|gezin|huishoud|deelnemer|aanmeld|leerling|ouder|"
    r"youth|child|people|person|famil|household|count|number|case)")
# ...unless it is a rate or a share, whatever it is a rate of: "per 1.000 jeugdigen", "% jeugdigen".
_RATE_WORDS = re.compile(r"%|‰|\b(per|procent|pct|promille|percentage|aandeel|share|rate)\b")


def _plain(text: object) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def kpi_counts_people(eenheid: object, kpi_naam: object) -> bool:
    """Whether an uploaded KPI value is a count of people: its eenheid names people or a count and no rate
    (jeugdigen, Cliënten, aantal trajecten; not dagen, %, euro, per 1.000 jeugdigen). Without an eenheid the
    KPI's name decides ("aantal jeugdigen op de wachtlijst"): better a wait of 3 days shown as "<5" than a
    count of 3 children shown as 3."""
    unit = _plain(eenheid) or _plain(kpi_naam)
    return bool(unit) and not _RATE_WORDS.search(unit) and bool(_PEOPLE_WORDS.search(unit))


def kpi_waarden(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str]) -> pd.DataFrame:
    """Uploaded KPI values with their source; a count of people of 1-4 masked (waarde_klein)."""
    frame = _run(con, "kpi_waarden", regio=regio, gemeenten=_list(gemeenten))
    people = frame.apply(lambda r: kpi_counts_people(r["eenheid"], r["kpi"]), axis=1).astype(bool) if len(frame) \
        else pd.Series(False, index=frame.index)
    masked = mask_small_counts(frame, ["waarde"])
    # Days, percentages and money keep their value, however small.
    masked["waarde_klein"] &= people
    masked.loc[~people, "waarde"] = frame.loc[~people, "waarde"].astype("float64")
    return masked


def bron_kpis(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    return _run(con, "bron_kpis", regio=regio)


def per_inkoopmodel(con: duckdb.DuckDBPyConnection, measure: str, regio: str, segmenten: list[str], jaar_van: int,
                    jaar_tot: int) -> pd.DataFrame:
    """verblijfsduur or wachttijd per year for each purchasing model of the region (e.g. GRJR's regional
    model next to the taakgericht model of Maassluis, Vlaardingen and Schiedam); empty with one model."""
    return kpi_bundel(con, measure, regio, [], segmenten, jaar_van, jaar_tot, alleen=("inkoopmodel",))["inkoopmodel"]


# --- consultations --------------------------------------------------------------------------

def consultatie_punten(con: duckdb.DuckDBPyConnection, regio: str, gemeenten: list[str] = (),
                       documenten: list[str] = (), thema: str | None = None) -> pd.DataFrame:
    """The points councils raised (paraphrased), with the board's response and the line in the source."""
    frame = _run(con, "consultatie_punten", regio=regio, gemeenten=_list(gemeenten), documenten=_list(documenten),
                 thema=thema)
    frame["kernwaarde"] = frame["thema"].map(themas.kernwaarde)
    return frame


def consultatie_matrix(con: duckdb.DuckDBPyConnection, regio: str, documenten: list[str] = (),
                       per: str = "thema", points: pd.DataFrame | None = None) -> pd.DataFrame:
    """Points per gemeente and theme (or kernwaarde), by the primary theme of each point. `points`: the
    consultatie_punten of the same region and documents, when the caller has them already."""
    points = consultatie_punten(con, regio, documenten=documenten) if points is None else points
    if per == "kernwaarde":
        points = points.dropna(subset=["kernwaarde"]).assign(thema=lambda f: f["kernwaarde"])
    counts = points.groupby(["gemeente", "thema"], as_index=False).agg(punten=("punt", "size"))
    return counts.sort_values(["gemeente", "thema"], ignore_index=True)


def thema_ranking(con: duckdb.DuckDBPyConnection, regio: str, documenten: list[str] = (),
                  points: pd.DataFrame | None = None) -> pd.DataFrame:
    """Themes by the number of gemeenten that raised them (primary or secondary theme); 'algemeen' and
    regional consultations are left out of the ranking. `points`: as for consultatie_matrix."""
    points = consultatie_punten(con, regio, documenten=documenten) if points is None else points
    points = points[points["gemeente_code"].notna()]
    long = pd.concat([points[["gemeente_code", "thema"]],
                      points[["gemeente_code", "thema2"]].rename(columns={"thema2": "thema"})]).dropna()
    long = long[long["thema"] != "algemeen"]
    if long.empty:   # e.g. GRJR: only regional consultations, so no gemeente to count
        return pd.DataFrame({"thema": pd.Series(dtype="object"), "gemeenten": pd.Series(dtype="int64"),
                             "punten": pd.Series(dtype="int64"), "naam": pd.Series(dtype="object")})
    ranking = long.groupby("thema", as_index=False).agg(gemeenten=("gemeente_code", "nunique"))
    primary = points[points["thema"] != "algemeen"].groupby("thema").size().rename("punten")
    ranking = ranking.join(primary, on="thema").fillna({"punten": 0})
    ranking["punten"] = ranking["punten"].astype(int)
    ranking["naam"] = ranking["thema"].map(themas.name)
    return ranking.sort_values(["gemeenten", "punten", "thema"], ascending=[False, False, True], ignore_index=True)


def thema_reacties(con: duckdb.DuckDBPyConnection, regio: str, documenten: list[str] = (),
                   points: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per theme: how many points took each stance, and how the board's response came out. `points`: as for
    consultatie_matrix."""
    points = consultatie_punten(con, regio, documenten=documenten) if points is None else points
    points = points.assign(standpunt=points["standpunt"].fillna("onbekend"),
                           reactie_uitkomst=points["reactie_uitkomst"].fillna("geen reactie"))
    stance = points.pivot_table(index="thema", columns="standpunt", values="punt", aggfunc="size", fill_value=0)
    outcome = points.pivot_table(index="thema", columns="reactie_uitkomst", values="punt", aggfunc="size", fill_value=0)
    out = stance.add_prefix("standpunt_").join(outcome.add_prefix("reactie_"), how="outer").fillna(0).astype(int)
    out = out.reset_index()
    out.insert(1, "naam", out["thema"].map(themas.name))
    return out


def documenten(con: duckdb.DuckDBPyConnection, regio: str) -> list[str]:
    rows = con.execute("SELECT DISTINCT document FROM consultatie JOIN batch USING (batch_id)"
                       " WHERE status = 'actief' AND consultatie.regio_code = $regio ORDER BY 1", {"regio": regio}).fetchall()
    return [r[0] for r in rows]


# --- gemeenteprofiel ------------------------------------------------------------------------

VERGELIJKBAAR_AANTAL = 5
YOUTH_RATES = (("jeugdigen", "per_1000_jeugdigen"), ("jeugdigen_residentieel", "residentieel_per_1000"))


def _mask_youths_and_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Each youth count under 5 masked with the rate derived from it, independently: a small residential
    count leaves the count of all youths visible."""
    for count, rate in YOUTH_RATES:
        frame = mask_small_counts(frame, [count], derived=[rate])
    return frame


def vergelijkbare_gemeenten(con: duckdb.DuckDBPyConnection, gemeente: str, jaar: int,
                            aantal: int = VERGELIJKBAAR_AANTAL) -> pd.DataFrame:
    """The `aantal` gemeenten of any region nearest to `gemeente` in youths 0-17 in `jaar`, by
    |ln(ratio)| (ties by CBS code); empty when the gemeente has no population figure for that year."""
    return _run(con, "vergelijkbare_gemeenten", gemeente=gemeente, jaar=jaar, aantal=aantal)


def vergelijking_per_jaar(con: duckdb.DuckDBPyConnection, gemeente: str, vergelijkbaar: list[str], jaar_van: int,
                          jaar_tot: int) -> pd.DataFrame:
    """Per year, the gemeente, its region and the comparable gemeenten (groep): realisatie per youth 0-17,
    youths in care and in residential care per 1,000 youths 0-17. Each count under 5 is masked together
    with the rate derived from it (a small residential count leaves the count of all youths visible)."""
    return _mask_youths_and_rates(_run(con, "vergelijking_per_jaar", gemeente=gemeente,
                                       vergelijkbaar=_list(vergelijkbaar), jaar_van=jaar_van, jaar_tot=jaar_tot))


def vorm_mix(con: duckdb.DuckDBPyConnection, gemeente: str, vergelijkbaar: list[str], jaar: int) -> pd.DataFrame:
    """Share of realisatie per vorm in one year for the gemeente, its region and the comparable gemeenten."""
    return _run(con, "vorm_mix", gemeente=gemeente, vergelijkbaar=_list(vergelijkbaar), jaar=jaar)


def kaart_gemeenten(con: duckdb.DuckDBPyConnection, jaar: int) -> pd.DataFrame:
    """Every gemeente in the database with its map measures for one year, counts under 5 masked (each
    with its own rate)."""
    return _mask_youths_and_rates(_run(con, "kaart_gemeenten", jaar=jaar))


def gemeente_themas(con: duckdb.DuckDBPyConnection, regio: str, gemeente: str,
                    points: pd.DataFrame | None = None) -> pd.DataFrame:
    """The themes a gemeente raised: points per primary theme, most first; 'algemeen' (compliments,
    headings, closings) left out, as in the theme rankings. `points`: the gemeente's consultatie_punten, when the
    caller has them already."""
    points = consultatie_punten(con, regio, gemeenten=[gemeente]) if points is None else points
    points = points[points["thema"] != "algemeen"]
    counts = points.groupby("thema", as_index=False).agg(punten=("punt", "size"))
    counts["naam"] = counts["thema"].map(themas.name)
    counts["bron"] = "; ".join(sorted(set(points["document"])))
    counts["voorbeeld"] = bool(points["voorbeeld"].any()) if len(points) else False
    return counts.sort_values(["punten", "naam"], ascending=[False, True], ignore_index=True)


def cbs_gemeenten(con: duckdb.DuckDBPyConnection, jaar: int) -> pd.DataFrame:
    """The CBS figures of `jaar` per gemeente and for NL01, one column per measure (sql/queries/cbs_gemeenten.sql)."""
    return _run(con, "cbs_gemeenten", jaar=jaar)


def cbs_overzicht(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per CBS table and year: source, example flag, provisional, unpublished cells (sql/queries/cbs_overzicht.sql)."""
    return _run(con, "cbs_overzicht")
