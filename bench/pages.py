"""The query set of each page, called as pages/*.py call them (through jeugdhulp.state.query, which
passes the selection's lists as keyword arguments and takes a fresh cursor per query)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries


@dataclass(frozen=True)
class Selectie:
    """The filter bar's selection (mirrors jeugdhulp.state.Selectie without importing streamlit)."""

    label: str
    regio: str
    gemeenten: tuple[str, ...]
    jaar_van: int
    jaar_tot: int
    segmenten: tuple[str, ...] = ()

    def params(self, *names: str) -> dict[str, object]:
        values = {"regio": self.regio, "gemeenten": list(self.gemeenten), "segmenten": list(self.segmenten),
                  "jaar_van": self.jaar_van, "jaar_tot": self.jaar_tot}
        return {n: values[n] for n in names}


SELECTIES = (
    Selectie("ZHZ/GM0505", "ZHZ", ("GM0505",), 2019, 2025),
    Selectie("GRJR (regio)", "GRJR", (), 2019, 2025),
)

# Per page, in the order the page runs them: (query function name, arguments from the selection).
QueryCall = tuple[str, Callable[[Selectie], dict[str, object]]]
PAGES: dict[str, tuple[QueryCall, ...]] = {
    "overzicht": (
        ("kerncijfers", lambda s: {**s.params("regio", "gemeenten", "segmenten"), "jaar": s.jaar_tot}),
        ("uitgaven_trend", lambda s: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
    ),
    "uitgaven": (
        ("uitgaven_trend", lambda s: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
        ("uitgaven_per_gemeente", lambda s: {**s.params("regio", "segmenten"), "jaar": s.jaar_tot}),
        ("uitgaven_per_segment", lambda s: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
        ("bron_begroting_jaarrekening", lambda s: {"regio": "GRJR"}),
    ),
    "volumes": (
        ("volumes_per_segment", lambda s: s.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")),
        ("volumes_per_gemeente", lambda s: {**s.params("regio", "segmenten"), "jaar": s.jaar_tot}),
    ),
}


def run_page(con: duckdb.DuckDBPyConnection, page: str, sel: Selectie) -> tuple[dict[str, pd.DataFrame],
                                                                               dict[str, float]]:
    """Run a page's queries once; return their results and the seconds each took."""
    results: dict[str, pd.DataFrame] = {}
    seconds: dict[str, float] = {}
    for name, arguments in PAGES[page]:
        params = arguments(sel)
        started = time.perf_counter()
        # A fresh cursor per query, as jeugdhulp.state.query takes one per call.
        results[name] = getattr(queries, name)(con.cursor(), **params)
        seconds[name] = time.perf_counter() - started
    return results, seconds
