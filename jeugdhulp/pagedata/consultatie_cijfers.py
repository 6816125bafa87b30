"""The charts that answer a consultation theme ('Thema en cijfers' on pages/consultatie.py), as data: MATEN maps
each measure of the theme vocabulary (jeugdhulp.themas.MEASURES) to its frame, chart, title, columns and
definition; `load` gets the frames for the gemeenten that raised a theme. The app draws them in one loop."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import duckdb
import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import charts, kpi, queries, tables, themas
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class Maat:
    """How one measure answers a theme."""

    titel: str                                                      # the chart block's title (downloads, slide)
    kolommen: dict[str, str]                                        # columns of the table behind it -> Dutch label
    definitie: str                                                  # the definition under the chart
    frame: Callable[[duckdb.DuckDBPyConnection, Selectie], pd.DataFrame]     # the queried (and shaped) frame
    figuur: Callable[[pd.DataFrame, Selectie, str, bool], go.Figure]         # chart of (frame, view, source, example)
    trajecten: bool = False                                         # computed from trajecten: source of their batches
    tabel: Callable[[pd.DataFrame], pd.DataFrame] = field(default=lambda frame: frame)  # the rows behind the chart


def _span(view: Selectie) -> dict[str, object]:
    return view.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")


def _chosen_years(frame: pd.DataFrame, view: Selectie) -> pd.DataFrame:
    """The rows of the chosen years only (the target series holds every year of the data)."""
    return frame[frame["jaar"].between(view.jaar_van, view.jaar_tot)].reset_index(drop=True)


def _last_year(con: duckdb.DuckDBPyConnection, view: Selectie) -> pd.DataFrame:
    per_segment = queries.uitgaven_per_segment(con, **_span(view))
    return per_segment[per_segment["jaar"] == view.jaar_tot]


def _stats(measure: str) -> Maat:
    lines = [("mediaan", "Mediaan"), ("p90", "90e percentiel")]
    return Maat(
        measure.capitalize(), dict(tables.STAT_COLUMNS),
        "Dagen van aanmelding tot start (wachttijd) of van start tot einde van verblijf.",
        lambda con, view: queries.kpi_bundel(con, measure, **_span(view), alleen=("jaar",))["jaar"],
        lambda frame, view, bron, voorbeeld: charts.stats_per_year(frame, lines, f"{measure.capitalize()} — {view.label}",
                                                                   bron, voorbeeld, "Dagen"),
        trajecten=True)


MATEN: Mapping[str, Maat] = MappingProxyType({   # one per measure of themas.MEASURES (a test checks it)
    "uitgaven": Maat(
        "Begroting en realisatie", {"jaar": "Jaar", "soort": "Soort", "selectie_eur": "Bedrag (EUR)"},
        "Uitgaven per jaar van de gemeenten die dit noemden.",
        lambda con, view: queries.uitgaven_trend(con, **_span(view)),
        lambda frame, view, bron, voorbeeld: charts.begroting_realisatie(
            frame, "selectie_eur", f"Begroting en realisatie — {view.label}", bron, voorbeeld)),
    "per_jeugdige": Maat(
        "Uitgaven per jeugdige", {"jaar": "Jaar", "selectie_eur_per_jeugdige": "Selectie",
                                  "regio_eur_per_jeugdige": "Regio"},
        "Realisatie per inwoner van 0-17 jaar.",
        lambda con, view: queries.uitgaven_trend(con, **_span(view)),
        lambda frame, view, bron, voorbeeld: charts.per_jeugdige_trend(
            frame, f"Uitgaven per jeugdige — {view.label}" + (" en de regio" if view.gemeenten else ""), bron,
            voorbeeld, view.label),
        tabel=lambda frame: frame[frame["soort"] == "realisatie"]),
    "segmenten": Maat(
        "Aandeel per segment", {"segment": "Segment", "realisatie_eur": "Realisatie (EUR)", "aandeel": "Aandeel"},
        "Lokale en regionale segmenten naast elkaar.",
        _last_year,
        lambda frame, view, bron, voorbeeld: charts.share_per_segment(
            frame, f"Aandeel per segment, {view.jaar_tot} — {view.label}", bron, voorbeeld)),
    "wachttijd": _stats("wachttijd"),
    "verblijfsduur": _stats("verblijfsduur"),
    "aanbieders": Maat(
        "Aanbieders per segment", {"segment": "Segment", "aanbieders": "Aanbieders"},
        "Verschillende aanbieders met een lopend traject.",
        lambda con, view: queries.aanbieders_per_segment(con, **view.params("regio", "gemeenten", "segmenten"),
                                                         jaar=view.jaar_tot),
        lambda frame, view, bron, voorbeeld: charts.bars(
            frame, "segment", "aanbieders", f"Aanbieders per segment, {view.jaar_tot} — {view.label}", bron, voorbeeld,
            "Aanbieders", kind="int"),
        trajecten=True),
    "doelen": Maat(
        "Residentieel volume", {"jaar": "Jaar", "waarde": "Jeugdigen"},
        kpi.DOEL_KPIS["residentieel_volume"] + " Het doel en de status staan op de pagina 'Doel residentiële zorg'.",
        lambda con, view: _chosen_years(queries.doel_jaarreeks(con, **view.params("regio", "gemeenten"),
                                                               kpi_naam="residentieel_volume", segment=None), view),
        lambda frame, view, bron, voorbeeld: charts.doel_traject(
            frame, view.jaar_van, view.jaar_tot, None, None, None, None,
            f"Jeugdigen in residentiële zorg — {view.label}", bron, voorbeeld, "Jeugdigen"),
        trajecten=True),
})


@dataclass(frozen=True)
class Cijfers:
    """One measure's figures for the gemeenten that raised a theme."""

    maat: str                  # the measure (a key of MATEN)
    frame: pd.DataFrame        # what the chart draws
    tabel: pd.DataFrame        # the table behind it, with its source and example flag
    bron: str                  # the source line in the chart
    voorbeeld: bool            # example data in the chart


@dataclass(frozen=True)
class AntwoordData:
    view: Selectie                  # the selection narrowed to the gemeenten that raised the theme (none: the region)
    cijfers: tuple[Cijfers, ...]    # per measure of the theme, in the order the theme lists them

    @property
    def label(self) -> str:
        """Whom the figures are about: those gemeenten, or the region."""
        return self.view.label


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, thema: str, gemeenten: list[str]) -> AntwoordData:
    """The figures that answer `thema` for `gemeenten` (those of the region that raised it; none: the region),
    in the selection's years and segments."""
    names = queries.gemeenten(con, sel.regio).set_index("gemeente_code")["naam"]
    view = replace(sel, gemeenten=tuple(gemeenten), gemeente_namen=tuple(names.get(g, g) for g in gemeenten))
    provenance = queries.trajecten_herkomst(con, sel.regio)
    out = []
    for measure in themas.measures(thema):
        maat = MATEN[measure]
        frame = maat.frame(con, view)
        bron, voorbeeld = provenance if maat.trajecten else (tables.sources(frame), tables.any_example(frame))
        tabel = maat.tabel(frame)
        out.append(Cijfers(measure, frame, tabel.assign(bron=bron, voorbeeld=voorbeeld) if maat.trajecten else tabel,
                           bron, voorbeeld))
    return AntwoordData(view, tuple(out))
