"""The slide show on a projector, in real Chromium: at 1024×768, 1280×720 and 1920×1080 every part of a slide
(title, chart, legend or line-end labels, source line, example mark, counter, buttons) lies inside the viewport
and the page does not scroll; no plotly toolbar; text of at least 18 px at 720p; B blanks the screen and a
number + Enter jumps to that slide. The same for the offline HTML file at 1280×720.

One server for the module, on its own database with a deck written before the server opened the file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import charts, export, presentatie, queries, tables
from jeugdhulp.pagedata import gemeente, uitgaven, volumes
from jeugdhulp.selectie import Selectie
from tests.browser_util import (
    RERUN_MS,
    Server,
    app_env,
    build_database,
    require_chromium,
    run_in_browser,
    start_server,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

TOKEN = "dia-op-beamer-0001"
SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
MIN_TEXT_PX = 18
FIRST_RENDER_MS = 60_000
PARTLY = "Deels voorbeelddata: inwoners 0-17 fictief"


def _selectie(con: duckdb.DuckDBPyConnection) -> Selectie:
    """Dordrecht in Zuid-Holland Zuid over the filter bar's default years."""
    years = queries.jaren(con, "ZHZ")
    last = queries.standaard_jaar(con, "ZHZ") or years[-1]
    return Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), max(years[0], last - 6), last, ())


def _add(con: duckdb.DuckDBPyConnection, token: str, fig: object, frame: object, key: str, voorbeeld: bool) -> None:
    """As the "Naar presentatie" button stores a chart (dashboard/ui.py: the table as the reader sees it)."""
    table = tables.export_frame(frame, {c: c for c in frame.columns if c not in ("bron", "voorbeeld")})
    presentatie.add(con, token, fig, table, sleutel=key, titel=fig.layout.title.text, definitie="Testdefinitie.",
                    bron=tables.sources(frame), voorbeeld=voorbeeld)


def add_deck(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    """Four slides made by the chart calls of the pages for Dordrecht: three lines (end labels), stacked bars with
    a legend of every segment, bars of all gemeenten with the region line, and a chart that is partly example data
    (real spend over example youths, as after a controller's upload). Returns their titles in order."""
    sel = _selectie(con)
    profiel = gemeente.load(con, sel, "GM0505")
    geld = uitgaven.load(con, sel)
    aantallen = volumes.load(con, sel)
    trend = charts.vergelijking_trend(profiel.per_jaar, "eur_per_jeugdige", profiel.labels,
                                      "Uitgaven per jeugdige — Dordrecht", profiel.bron_per_jaar, True,
                                      "€ per jeugdige (0-17 jaar)")
    _add(con, token, trend, profiel.per_jaar_benoemd, "gemeente_uitgaven", True)
    stacked = charts.per_segment_stacked(aantallen.per_segment, "jeugdigen", "Jeugdigen per segment — Dordrecht",
                                         aantallen.bron_per_segment, True, "Aantal jeugdigen", kind="count")
    _add(con, token, stacked, aantallen.per_segment, "volumes_per_segment", True)
    bars = charts.per_gemeente(geld.per_gemeente, "eur_per_jeugdige", f"Uitgaven per jeugdige per gemeente, {sel.jaar_tot}",
                               geld.bron_per_gemeente, True, "€ per jeugdige (0-17 jaar)", ["GM0505"],
                               average=geld.regio_per_jeugdige, average_label="regio")
    _add(con, token, bars, geld.per_gemeente, "uitgaven_per_gemeente", True)
    partly = charts.per_jeugdige_trend(geld.trend, "Uitgaven per jeugdige — Dordrecht en de regio", geld.bron_trend,
                                       PARTLY, "Dordrecht")
    _add(con, token, partly, geld.realisatie, "uitgaven_per_jeugdige", False)
    return [d.titel for d in presentatie.dias(con, token)]
