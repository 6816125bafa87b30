"""What each page loads, as pages/*.py load it: the page's `jeugdhulp.pagedata.<page>.load(con, sel)` with the
options the page passes when it opens (through dashboard.state.load, which round-trips them through JSON for
its cache key and hands a fresh cursor), and the councils' panel under the page (dashboard/ui.py::raden_panel:
`pagedata.consultatie.punten_over` with the page's measures). The bench times these calls, so it cannot drift
from the pages; FIELDS says where in their results each figure the check compares with the pandas baseline
(bench/baseline.py) sits."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from jeugdhulp.pagedata import consultatie, doelen, overzicht, uitgaven, volumes, wachttijden
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


def _page(label: str, function: Callable[..., object]) -> tuple[Load, ...]:
    """The page's own load, then its councils' panel if it has one."""
    raden = (Load("raden", consultatie.punten_over, {"measures": list(RADEN[label])}),) if label in RADEN else ()
    return (Load(label, function), *raden)


# Per page, the loads in the order the page makes them. The Doelen page loads once more only when the reader
# chooses another target or base year than the default.
PAGES: dict[str, tuple[Load, ...]] = {
    "overzicht": _page("overzicht", overzicht.load),
    "uitgaven": _page("uitgaven", uitgaven.load),
    "volumes": _page("volumes", volumes.load),
    "wachttijden": _page("wachttijden", wachttijden.load),
    "doelen": _page("doelen", doelen.load),
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


def run_page(con: duckdb.DuckDBPyConnection, page: str, sel: Selectie) -> tuple[dict[str, object], dict[str, float]]:
    """Run a page's loads once; return their results (by label) and the seconds each took."""
    results: dict[str, object] = {}
    seconds: dict[str, float] = {}
    for load in PAGES[page]:
        # The options as dashboard.state.load hands them over (through its JSON cache key), a fresh cursor.
        options = json.loads(json.dumps(load.options, sort_keys=True, default=list))
        started = time.perf_counter()
        results[load.label] = load.function(con.cursor(), sel, **options)
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
    return {name: frame(results, where) for name, where in FIELDS[page].items()}


def doel_keuze(data: doelen.DoelenData) -> dict[str, object]:
    """The target the Doelen page chose, in the terms of STANDAARD_DOEL."""
    if data.keuze is None:
        raise RuntimeError("no target for the region: the Doelen page shows its branch without a target")
    row = data.doelen.loc[data.keuze]
    return {"kpi_naam": row["kpi"], "segment": row["segment_code"] if isinstance(row["segment_code"], str) else None,
            "basisjaar": data.basisjaar, "doeljaar": data.doeljaar, "wijziging_pct": float(row["wijziging_pct"])}
