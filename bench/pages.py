"""The query set of each page, called as pages/*.py call them (through dashboard.state.query, which
passes the selection's lists as keyword arguments, round-trips them through JSON for its cache key and
takes a fresh cursor per query). A query whose arguments depend on an earlier result of the page (the
Doelen page's chosen target, the Aanbieders tab's first segment) gets them from that result, as the page
does with the default choice of its select boxes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries
from jeugdhulp.kpi import DOEL_KPIS
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

Results = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Call:
    """One query of a page: its name in results and tables, the jeugdhulp.queries function, and its
    keyword arguments from the selection and the page's earlier results."""

    label: str
    function: str
    arguments: Callable[[Selectie, Results], dict[str, object]]


def _call(function: str, arguments: Callable[[Selectie, Results], dict[str, object]], label: str = "") -> Call:
    return Call(label or function, function, arguments)


def doel_keuze(results: Results) -> dict[str, object]:
    """The Doelen page's target as it preselects it: the first of its kpis in DOEL_KPIS order, with the
    base year the select box starts at (the target's own when it lies before the target year)."""
    doelen = results["doelen"]
    doelen = doelen[doelen["kpi"].isin(list(DOEL_KPIS))].sort_values("kpi", key=lambda k: k.map(list(DOEL_KPIS).index))
    if doelen.empty:
        raise RuntimeError("no target for the region: the Doelen page would show its branch without a target")
    doel = doelen.iloc[0]
    jaren = list(range(2017, int(doel["doeljaar"])))
    basisjaar = jaren[jaren.index(int(doel["basisjaar"]))] if int(doel["basisjaar"]) in jaren else jaren[0]
    return {"kpi_naam": doel["kpi"], "segment": doel["segment_code"] if isinstance(doel["segment_code"], str) else None,
            "basisjaar": basisjaar, "doeljaar": int(doel["doeljaar"]), "wijziging_pct": float(doel["wijziging_pct"])}


def _eerste_segment(results: Results) -> list[str]:
    """The Aanbieders tab's drill-down: the select box preselects the first segment of the table above."""
    per_segment = results["aanbieders_per_segment"]
    if per_segment.empty:
        return []
    segment = per_segment["segment"].tolist()[0]
    return per_segment.loc[per_segment["segment"] == segment, "segment_code"].tolist()


def _status_args(s: Selectie, r: Results) -> dict[str, object]:
    return {**s.params("regio", "gemeenten"), **doel_keuze(r), "tot_jaar": s.jaar_tot}


def _reeks_args(s: Selectie, r: Results, **extra: object) -> dict[str, object]:
    keuze = doel_keuze(r)
    return {**s.params("regio", "gemeenten"), "kpi_naam": keuze["kpi_naam"], "segment": keuze["segment"], **extra}


def _all(s: Selectie) -> dict[str, object]:
    return s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")


# Per page, in the order the page runs them. The KPI pages also call ui.trajecten_provenance() (the
# 'batches' query) before their charts; the other pages take their source from the marts' rows. The spend
# and KPI pages end with ui.raden_panel (the 'consultatie_punten' query).
_RADEN = _call("consultatie_punten", lambda s, _: s.params("regio", "gemeenten"))
PAGES: dict[str, tuple[Call, ...]] = {
    "overzicht": (
        _call("kerncijfers", lambda s, _: {**s.params("regio", "gemeenten", "segmenten"), "jaar": s.jaar_tot}),
        _call("uitgaven_trend", lambda s, _: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
    ),
    "uitgaven": (
        _call("uitgaven_trend", lambda s, _: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
        _call("uitgaven_per_gemeente", lambda s, _: {**s.params("regio", "segmenten"), "jaar": s.jaar_tot}),
        _call("uitgaven_per_segment", lambda s, _: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
        _call("bron_begroting_jaarrekening", lambda s, _: {"regio": "GRJR"}),
        _RADEN,
    ),
    "volumes": (
        _call("volumes_per_segment", lambda s, _: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
        _call("volumes_per_gemeente", lambda s, _: {**s.params("regio", "segmenten"), "jaar": s.jaar_tot}),
    ),
    "wachttijden": (
        # One query per measure (queries.kpi_bundel); its parts are compared under their own names.
        _call("kpi_bundel", lambda s, _: {"measure": "wachttijd", **_all(s)}, "kpi_bundel[wachttijd]"),
        _call("kpi_bundel", lambda s, _: {"measure": "verblijfsduur", **_all(s)}, "kpi_bundel[verblijfsduur]"),
        _call("kpi_waarden", lambda s, _: s.params("regio", "gemeenten")),
        _call("batches", lambda s, _: {}),
        _call("aanbieders_per_segment", lambda s, _: {**s.params("regio", "gemeenten", "segmenten"), "jaar": s.jaar_tot}),
        _call("aanbieders", lambda s, r: {**s.params("regio", "gemeenten"), "segmenten": _eerste_segment(r),
                                          "jaar": s.jaar_tot}),
        _RADEN,
    ),
    "doelen": (
        _call("doelen", lambda s, _: {"regio": s.regio}),
        _call("batches", lambda s, _: {}),
        _call("doel_status", _status_args),
        _call("doel_jaarreeks", lambda s, r: _reeks_args(s, r)),
        _call("doel_jaarreeks", lambda s, r: _reeks_args(s, r, groep="inkoopmodel"), "doel_jaarreeks[inkoopmodel]"),
        _call("ambulant_per_bed", lambda s, _: s.params("regio", "gemeenten", "jaar_van", "jaar_tot")),
        _call("bron_kpis", lambda s, _: {"regio": s.regio}),
        _RADEN,
    ),
}


def applies(page: str, sel: Selectie) -> bool:
    return sel.regio in PAGE_REGIOS.get(page, (sel.regio,))


def run_page(con: duckdb.DuckDBPyConnection, page: str, sel: Selectie) -> tuple[dict[str, pd.DataFrame],
                                                                               dict[str, float]]:
    """Run a page's queries once; return their results and the seconds each took."""
    results: dict[str, pd.DataFrame] = {}
    seconds: dict[str, float] = {}
    for call in PAGES[page]:
        # The arguments as dashboard.state.query hands them over (through its JSON cache key), a fresh cursor.
        params = json.loads(json.dumps(call.arguments(sel, results), sort_keys=True, default=list))
        started = time.perf_counter()
        result = getattr(queries, call.function)(con.cursor(), **params)
        seconds[call.label] = time.perf_counter() - started
        if isinstance(result, dict):   # a bundle: per year, per segment and per purchasing model
            measure = params["measure"]
            results[measure] = result["jaar"]
            results[f"{measure}[segment]"] = result["segment"]
            results[f"per_inkoopmodel[{measure}]"] = result["inkoopmodel"]
        else:
            results[call.label] = result
    return results, seconds
