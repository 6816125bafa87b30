"""What each page loads, as pages/*.py load it: the page's `jeugdhulp.pagedata.<page>.load(con, sel)` with the
options the page passes when it opens (through dashboard.state.load, which round-trips them through JSON for
its cache key and hands a fresh cursor), and the councils' panel under the page (dashboard/ui.py::raden_panel:
`pagedata.consultatie.punten_over` with the page's measures). The bench times these calls, so it cannot drift
from the pages; FIELDS says where in their results each figure the check compares with the pandas baseline
(bench/baseline.py) sits.

It is longer than 300 lines because every page's loads and every compared field are listed here, in one place
beside each other, so a page's change shows in one diff."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from jeugdhulp import db, queries
from jeugdhulp.pagedata import (
    bronnen,
    consultatie,
    consultatie_cijfers,
    doelen,
    gemeente,
    keuzes,
    overzicht,
    prognose,
    scenario,
    uitgaven,
    volumes,
    wachttijden,
)
from jeugdhulp.selectie import Selectie

# The selections measured, as the filter bar hands them to a page (names as in data/bronnen/gemeenten.csv and
# data/referentie/regios.csv; Selectie.label names them in the report).
SELECTIES = (
    Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), 2019, 2025, ()),
    Selectie("GRJR", "Rijnmond (GRJR)", (), (), 2019, 2025, ()),
)

# Pages measured only for some regions: the Doelen page for GRJR, whose sources give the default targets
# (ZHZ has none, and its page would show the trend without a target instead).
PAGE_REGIOS: dict[str, tuple[str, ...]] = {"doelen": ("GRJR",)}

# Pages whose figures the check compares with the pandas baseline (FIELDS); the others are timed only (their
# figures: tests/test_pagedata*.py, and the same on both sides of a change by bench --dump).

# The default target the Doelen page opens with, from data/referentie/doelen_standaard.csv: GRJR, 30% fewer
# youths in residential care (segment B) in 2025 than in the base year 2021. The check verifies the page's
# choice from the database equals this.
STANDAARD_DOEL = {"kpi_naam": "residentieel_volume", "segment": "B", "basisjaar": 2021, "doeljaar": 2025,
                  "wijziging_pct": -30.0}

# The measures of the councils' panel under a page (the arguments of its ui.raden_panel call).
RADEN: dict[str, tuple[str, ...]] = {
    "uitgaven": ("uitgaven", "per_jeugdige", "segmenten"),
    "wachttijden": ("wachttijd", "verblijfsduur", "aanbieders"),
    "doelen": ("doelen",),
}


@dataclass(frozen=True)
class Load:
    """One data load of a page: its name in the results and the report, the pagedata function and the
    keyword options the page passes when it opens (JSON-serialisable, as for dashboard.state.load)."""

    label: str
    function: Callable[..., object]
    options: Mapping[str, object] = field(default_factory=dict)
    # Options that depend on the selection or on what the page loaded before (e.g. the theme the Consultatie page
    # opens on): called with the selection and the results so far, merged over `options`.
    then: Callable[[Selectie, Mapping[str, object]], Mapping[str, object]] | None = None


def _page(label: str, function: Callable[..., object]) -> tuple[Load, ...]:
    """The page's own load, then its councils' panel if it has one."""
    raden = (Load("raden", consultatie.punten_over, {"measures": list(RADEN[label])}),) if label in RADEN else ()
    return (Load(label, function), *raden)


# Per page, the loads in the order the page makes them. The Doelen page loads once more only when the reader
# chooses another target or base year than the default.
def _regio_keuzes(con: duckdb.DuckDBPyConnection, sel: Selectie) -> keuzes.RegioKeuzes:
    return keuzes.van_regio(con, sel.regio)


def _open_thema(sel: Selectie, done: Mapping[str, object]) -> dict[str, object]:
    """The theme the Consultatie page opens on (pages/consultatie.py: its radio's index)."""
    data = done["consultatie"]
    return {"thema": data.themas[data.eerste_met_cijfers] if data.themas else ""}


# Per page, the loads in the order the page makes them (pages/*.py). The Doelen page loads once more only when the
# reader chooses another target or base year than the default. 'filterbalk' is the sidebar every page draws
# (dashboard.state.filter_bar: keuzes.van_regio), loaded once per region and data version.
PAGES: dict[str, tuple[Load, ...]] = {
    "filterbalk": (Load("keuzes", _regio_keuzes),),
    "overzicht": _page("overzicht", overzicht.load),
    "uitgaven": _page("uitgaven", uitgaven.load),
    "volumes": _page("volumes", volumes.load),
    "wachttijden": _page("wachttijden", wachttijden.load),
    "doelen": _page("doelen", doelen.load),
    # The profile shows the filter bar's first gemeente, else the region's first (gemeente.kies).
    "gemeente": (Load("namen", gemeente.namen),
                 Load("gemeente", gemeente.load,
                      then=lambda sel, done: {"gemeente": gemeente.kies(done["namen"], *sel.gemeenten)})),
    # Its other tabs load their own data when opened (the opening view's is in Streamlit's cache by then).
    "gemeente[doelen]": (Load("namen", gemeente.namen),
                         Load("doelen_tab", gemeente.doelen_tab,
                              then=lambda sel, done: {"gemeente": gemeente.kies(done["namen"], *sel.gemeenten)})),
    "gemeente[raad]": (Load("namen", gemeente.namen),
                       Load("raad_tab", gemeente.raad_tab,
                            then=lambda sel, done: {"gemeente": gemeente.kies(done["namen"], *sel.gemeenten)})),
    "gemeente[kaart]": (Load("kaart_tab", gemeente.kaart_tab),),
    # The Consultatie page: documents, the Dordrecht lens, all documents per theme, then the theme it opens on with
    # the figures that answer it (dashboard/ui.py::answering_charts).
    "consultatie": (Load("documenten", consultatie.documenten), Load("lens", consultatie.kernwaarden_lens),
                    Load("consultatie", consultatie.load, {"documenten": [], "per": "thema"}),
                    Load("thema", consultatie.thema_punten, {"documenten": []}, then=_open_thema),
                    Load("cijfers", consultatie_cijfers.load,
                         then=lambda sel, done: {**_open_thema(sel, done),
                                                 "gemeenten": list(done["thema"].cijfers_voor)})),
    "bronnen": (Load("bronnen", bronnen.load, {"controller": False}),),
    "prognose": (Load("prognose", prognose.load, {"prijsstijging": 0.0}),),
    # Wat als? opens on the region's targets (pages/scenario.py: every knob passed, in fractions).
    "scenario": (Load("standaard", scenario.standaard),
                 Load("scenario", scenario.load,
                      then=lambda sel, done: {"residentieel": 0.0, "pleegzorg": 0.0, "ambulant": 0.0, "prijs": 0.0,
                                              "instroom": 0.0, "bereikt": 3,
                                              **{d.knop: d.wijziging for d in done["standaard"]}})),
}


@dataclass(frozen=True)
class Field:
    """Where a figure compared with the baseline sits: the load (its label) and the field(s) of its result.
    One field holds a frame; several fields are the rows (pd.Series) of one frame or, for plain values, the
    columns of a frame of one row."""

    load: str
    names: tuple[str, ...]


def _f(load: str, *names: str) -> Field:
    return Field(load, names)


# Per page: the name of each compared frame (its entry in baseline.BASELINES and baseline.COMPARED) -> where the
# page's data holds it.
FIELDS: dict[str, dict[str, Field]] = {
    "overzicht": {
        "kerncijfers": _f("overzicht", "selectie", "regio"),
        "uitgaven_trend": _f("overzicht", "trend"),
    },
    "uitgaven": {
        "uitgaven_trend": _f("uitgaven", "trend"),
        "uitgaven_per_gemeente": _f("uitgaven", "per_gemeente"),
        "uitgaven_per_segment": _f("uitgaven", "per_segment"),
        "bron_begroting_jaarrekening": _f("uitgaven", "grjr"),
        "consultatie_punten": _f("raden", "punten"),
    },
    "volumes": {
        "volumes_per_segment": _f("volumes", "per_segment"),
        "volumes_per_gemeente": _f("volumes", "per_gemeente"),
    },
    "wachttijden": {
        "wachttijd": _f("wachttijden", "wacht"),
        "wachttijd[segment]": _f("wachttijden", "wacht_segment"),
        "per_inkoopmodel[wachttijd]": _f("wachttijden", "wacht_modellen"),
        "verblijfsduur": _f("wachttijden", "duur"),
        "verblijfsduur[segment]": _f("wachttijden", "duur_segment"),
        "per_inkoopmodel[verblijfsduur]": _f("wachttijden", "duur_modellen"),
        "geleverd": _f("wachttijden", "geleverd"),
        "trajecten_bron": _f("wachttijden", "bron", "voorbeeld"),
        "aanbieders_per_segment": _f("wachttijden", "aanbieders_per_segment"),
        "aanbieders": _f("wachttijden", "aanbieders"),
        "consultatie_punten": _f("raden", "punten"),
    },
    "doelen": {
        "doelen": _f("doelen", "doelen"),
        "trajecten_bron": _f("doelen", "bron", "voorbeeld"),
        "doel_status": _f("doelen", "status"),
        "doel_jaarreeks": _f("doelen", "reeks"),
        "doel_jaarreeks[inkoopmodel]": _f("doelen", "modellen"),
        "ambulant_per_bed": _f("doelen", "ratio"),
        "stuurvariabelen": _f("doelen", "stuurvariabelen"),
        "consultatie_punten": _f("raden", "punten"),
    },
}

Results = Mapping[str, object]


def applies(page: str, sel: Selectie) -> bool:
    return sel.regio in PAGE_REGIOS.get(page, (sel.regio,))


def compared(page: str) -> bool:
    """The check compares this page's figures with the pandas baseline."""
    return page in FIELDS


def _query_names() -> dict[str, str]:
    """SQL text -> its name: the files of sql/queries, sql/views and sql/marts."""
    names = {queries._bundel_sql(("wachttijd", "verblijfsduur")): "wachttijd+verblijfsduur_histogram"}
    for folder in ("queries", "views", "marts"):
        for path in sorted((db.SQL_DIR / folder).glob("*.sql")):
            names[path.read_text(encoding="utf-8")] = path.stem
    return names


EXECUTIONS = "#queries"   # the key in run_page's per_query dict that counts the queries run (round trips)


class _TimedResult:
    """The cursor after execute: times fetching its rows, to the same query."""

    def __init__(self, cursor: _TimedCursor, name: str) -> None:
        self._cursor, self._name = cursor, name

    def _timed(self, method: str, *args: object) -> object:
        started = time.perf_counter()
        try:
            return getattr(self._cursor.inner, method)(*args)
        finally:
            self._cursor.add(self._name, time.perf_counter() - started)

    def df(self) -> pd.DataFrame:
        return self._timed("df")

    def fetchdf(self) -> pd.DataFrame:
        return self._timed("fetchdf")

    def fetchone(self) -> object:
        return self._timed("fetchone")

    def fetchall(self) -> list[object]:
        return self._timed("fetchall")

    def __getattr__(self, name: str) -> object:
        return getattr(self._cursor.inner, name)


class _TimedCursor:
    """A cursor that times every query a page load runs (execute and fetch), named after its sql/ file or its
    first words: the time per query inside a page load."""

    _names: dict[str, str] | None = None

    def __init__(self, inner: duckdb.DuckDBPyConnection, seconds: dict[str, float], prefix: str) -> None:
        self.inner, self._seconds, self._prefix = inner, seconds, prefix
        if _TimedCursor._names is None:
            _TimedCursor._names = _query_names()

    def add(self, name: str, seconds: float) -> None:
        key = f"{self._prefix}:{name}"
        self._seconds[key] = self._seconds.get(key, 0.0) + seconds

    def count(self) -> None:
        self._seconds[EXECUTIONS] = self._seconds.get(EXECUTIONS, 0) + 1

    def execute(self, sql: str, *args: object, **kwargs: object) -> _TimedResult:
        name = (self._names or {}).get(sql) or " ".join(sql.split())[:48]
        started = time.perf_counter()
        self.inner.execute(sql, *args, **kwargs)
        self.add(name, time.perf_counter() - started)
        self.count()
        return _TimedResult(self, name)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def run_page(con: duckdb.DuckDBPyConnection, page: str, sel: Selectie,
             per_query: dict[str, float] | None = None) -> tuple[dict[str, object], dict[str, float]]:
    """Run a page's loads once; return their results (by label) and the seconds each took. With `per_query`,
    each query is timed too (execute and fetch; a little overhead) and its seconds added there under
    'load:query' (a query run twice in a load adds up), and the number of queries run under EXECUTIONS."""
    results: dict[str, object] = {}
    seconds: dict[str, float] = {}
    for load in PAGES[page]:
        # The options as dashboard.state.load hands them over (through its JSON cache key), a fresh cursor.
        options = {**load.options, **(load.then(sel, results) if load.then else {})}
        options = json.loads(json.dumps(options, sort_keys=True, default=list))
        cursor = con.cursor()
        target = cursor if per_query is None else _TimedCursor(cursor, per_query, load.label)
        started = time.perf_counter()
        results[load.label] = load.function(target, sel, **options)
        seconds[load.label] = time.perf_counter() - started
    return results, seconds


def frame(results: Results, where: Field) -> pd.DataFrame:
    """The compared frame from a page's results (see Field)."""
    values = [getattr(results[where.load], name) for name in where.names]
    if len(values) == 1 and isinstance(values[0], pd.DataFrame):
        return values[0]
    if all(isinstance(v, pd.Series) for v in values):
        return pd.DataFrame(values)
    return pd.DataFrame([dict(zip(where.names, values, strict=True))])


def frames(page: str, results: Results) -> dict[str, pd.DataFrame]:
    """Every compared frame of a page, by its name in FIELDS."""
    return {name: frame(results, where) for name, where in FIELDS.get(page, {}).items()}


def doel_keuze(data: doelen.DoelenData) -> dict[str, object]:
    """The target the Doelen page chose, in the terms of STANDAARD_DOEL."""
    if data.keuze is None:
        raise RuntimeError("no target for the region: the Doelen page shows its branch without a target")
    row = data.doelen.loc[data.keuze]
    return {"kpi_naam": row["kpi"], "segment": row["segment_code"] if isinstance(row["segment_code"], str) else None,
            "basisjaar": data.basisjaar, "doeljaar": data.doeljaar, "wijziging_pct": float(row["wijziging_pct"])}
