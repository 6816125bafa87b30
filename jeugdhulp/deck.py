"""A ready-made presentation of what a controller just loaded: the standard charts of the pages for that region,
those gemeenten and years, in the order a council meeting takes them, with a title slide naming the file.

Spend per youth against the region, per gemeente and per segment; youths in care; for trajecten also waits, stays
and the residential target; then the councils' recurring themes where the region has consultations. A chart
without figures for the selection is left out. The charts are jeugdhulp.grafieken's, the pages' own. No Streamlit.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from jeugdhulp import fmt, grafieken, presentatie, tables
from jeugdhulp.grafieken import Grafiek
from jeugdhulp.pagedata import consultatie, doelen, uitgaven, volumes, wachttijden
from jeugdhulp.selectie import Selectie

# The kinds of figures a deck can be made of, and the groups of charts each brings.
GROEPEN_PER_SOORT = {
    "uitgaven": ("uitgaven",),
    "volumes": ("volumes",),
    "trajecten": ("volumes", "wachttijden", "doel"),
    "kpi": ("wachttijden",),
    "doelen": ("doel",),
}
SOORTEN = frozenset(GROEPEN_PER_SOORT)


def _uitgaven(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[Grafiek]:
    data = uitgaven.load(con, sel)
    # The trend per youth against the region says nothing for one year (a dot or two): the bars per gemeente, with
    # the region's line, make that comparison then.
    # Nor does one year of spend per segment stacked in a single bar: the shares per segment show that year.
    years = sel.jaar_van < sel.jaar_tot
    return [*([grafieken.uitgaven_per_jeugdige(data, sel)] if years else []), grafieken.uitgaven_per_gemeente(data, sel),
            grafieken.uitgaven_aandeel_segment(data, sel), *([grafieken.uitgaven_per_segment(data, sel)] if years else [])]


def _volumes(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[Grafiek]:
    data = volumes.load(con, sel)
    return [grafieken.volumes_per_segment(data, sel), grafieken.volumes_per_gemeente(data, sel)]


def _wachttijden(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[Grafiek]:
    data = wachttijden.load(con, sel)
    return [grafieken.wachttijd_jaar(data, sel), grafieken.verblijfsduur_jaar(data, sel)]


def _doel(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[Grafiek]:
    return [grafieken.doel(doelen.load(con, sel), sel)]


def _themas(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[Grafiek]:
    return [grafieken.thema_rangorde(consultatie.load(con, sel))]


# In this order on the slides.
_GROEPEN: tuple[tuple[str, Callable[[duckdb.DuckDBPyConnection, Selectie], list[Grafiek]]], ...] = (
    ("uitgaven", _uitgaven), ("volumes", _volumes), ("wachttijden", _wachttijden), ("doel", _doel))


def _getal(value: object) -> bool:
    """A number to draw (numpy's too), not a bool, a gap or a text such as "<5"."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isnan(float(value))


def _heeft_cijfers(g: Grafiek) -> bool:
    """A chart worth a slide: one of its traces has a number to draw (charts.empty draws no trace at all; a year
    without population gives bars of unknown values)."""
    if g.frame.empty:
        return False
    for trace in g.fig.data:
        for attr in ("x", "y", "values", "z"):
            values = getattr(trace, attr, None)
            if values is not None and any(_getal(v) or (isinstance(v, list | tuple) and any(map(_getal, v)))
                                          for v in values):
                return True
    return False


def _leunt_op_voorbeeld(g: Grafiek) -> bool:
    """Partly or wholly fictitious example figures: real spend per youth of example population, say."""
    return tables.any_example(g.frame) or bool(tables.example_label(g.frame))


def grafieken_voor(con: duckdb.DuckDBPyConnection, sel: Selectie, soorten: Iterable[str]) -> list[Grafiek]:
    """The deck's charts for figures of these kinds, in the deck's order; the themes always last where they exist.
    Charts of only real figures come before those that lean on example figures (a deck of the example data keeps
    its order): a council deck does not open on a figure that is partly fictitious."""
    groepen = {g for soort in soorten for g in GROEPEN_PER_SOORT.get(soort, ())}
    charts = [g for naam, maak in _GROEPEN if naam in groepen for g in maak(con, sel) if _heeft_cijfers(g)]
    charts.sort(key=_leunt_op_voorbeeld)       # stable: the meeting's order within each
    return charts + [g for g in _themas(con, sel) if _heeft_cijfers(g)]


@dataclass(frozen=True)
class Kop:
    titel: str
    ondertitel: str


def kop(sel: Selectie, bestanden: Iterable[str], ingelezen: datetime) -> Kop:
    """The proposed title slide: the region (or gemeenten) and years, and which file was loaded when."""
    wie = f"regio {sel.regio_naam}" if not sel.gemeenten else sel.label
    namen = ", ".join(bestanden)
    return Kop(f"Jeugdhulp in {wie}, {sel.jaren}"[:presentatie.MAX_TITEL],
               f"Bron: {namen}, ingelezen {fmt.date_nl(ingelezen)}"[:presentatie.MAX_ONDERTITEL])


def maak(con: duckdb.DuckDBPyConnection, sel: Selectie, soorten: Iterable[str], bestanden: Iterable[str],
         ingelezen: datetime) -> tuple[str, int]:
    """A new presentation of the standard charts for `sel`; returns its token and number of slides. Raises
    ValueError (Dutch) when there is nothing to show or the storage for presentations is full."""
    charts = grafieken_voor(con, sel, soorten)
    if not charts:
        raise ValueError("voor deze selectie zijn er geen grafieken met cijfers")
    token = presentatie.new_token()
    added = 0
    try:
        for g in charts:
            if presentatie.add(con, token, **grafieken.prepare(g).slide()) is not None:
                added += 1
        voorstel = kop(sel, bestanden, ingelezen)
        presentatie.set_kop(con, token, voorstel.titel, voorstel.ondertitel)
    except ValueError:
        presentatie.clear(con, token)      # never half a deck
        raise
    return token, added
