"""Data of the page 'Hoe lang wachten jeugdigen, en hoe lang duurt verblijf?' (pages/wachttijden.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import bronfeiten, queries, tables
from jeugdhulp.selectie import Selectie

# The columns of the table of KPI values loaded by controllers, with their Dutch names (bench/ compares it too).
GELEVERD_KOLOMMEN = {"kpi": "KPI", "jaar": "Jaar", "waarde": "Waarde", "eenheid": "Eenheid", "gemeente": "Gemeente",
                     "segment": "Segment", "periode": "Periode"}


@dataclass(frozen=True)
class WachttijdenData:
    wacht: pd.DataFrame             # waits per start year: n and whole-day statistics, share within the norm
    wacht_segment: pd.DataFrame     # waits per segment over the years chosen (the box per segment)
    wacht_modellen: pd.DataFrame    # waits per purchasing model and year (empty with a single model)
    duur: pd.DataFrame              # lengths of ended stays per year of ending
    duur_segment: pd.DataFrame      # lengths of ended stays per segment
    duur_modellen: pd.DataFrame     # lengths of ended stays per purchasing model and year (or empty)
    aanbieders_per_segment: pd.DataFrame  # distinct providers per segment in the last year
    aanbieders: pd.DataFrame        # the providers of every segment in the last year, ranked, without counts
    geleverd: pd.DataFrame          # KPI values loaded by controllers (soort 'kpi') in the chosen years, "<5" under 5
    bron: str                       # the sources of the loaded trajecten (the marts carry none per row)
    voorbeeld: bool                 # the loaded trajecten are example data
    feiten_wacht: tuple[bronfeiten.Feit, ...]   # waits in the region's public documents (the region as a whole)
    feiten_markt: tuple[bronfeiten.Feit, ...]   # numbers of providers and percelen in those documents

    def met_bron(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A table of this page with the trajecten source and example flag, for its downloads."""
        return tables.with_source(frame, self.bron, self.voorbeeld)

    @property
    def segmenten(self) -> list[str]:
        """The segments with providers in the last year, in the region's order (the drill-down's choices)."""
        return self.aanbieders_per_segment["segment"].tolist()

    def aanbieders_van(self, segment: str | None) -> pd.DataFrame:
        """The provider list of one segment as shown: place, name, providers in the line — no counts."""
        per_segment = self.aanbieders_per_segment
        codes = per_segment.loc[per_segment["segment"] == segment, "segment_code"].tolist()
        chosen = self.aanbieders[self.aanbieders["segment_code"].isin(codes)]
        return chosen[["rang", "aanbieder", "aanbieders_in_groep"]].reset_index(drop=True)


def _in_jaren(frame: pd.DataFrame, sel: Selectie) -> pd.DataFrame:
    """The uploaded values of the chosen years only."""
    return frame[frame["jaar"].between(sel.jaar_van, sel.jaar_tot)].reset_index(drop=True)


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> WachttijdenData:
    args = sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")
    # One query for both, the page's slowest: it runs while this thread runs the others (queries.ahead).
    bundels = queries.ahead(con, queries.kpi_bundels, ("wachttijd", "verblijfsduur"), **args)
    last_year = {**sel.params("regio", "gemeenten", "segmenten"), "jaar": sel.jaar_tot}
    bron, voorbeeld = queries.trajecten_herkomst(con, sel.regio)
    aanbieders = queries.aanbieders_rijen(con, **last_year)   # one query for the count and the list
    # The documents' figures of both themes from one read of the region's figures.
    feiten = bronfeiten.feiten(con, sel.regio, bronfeiten.WACHTTIJD + bronfeiten.MARKT)
    wacht_onderwerpen = {t.onderwerp for t in bronfeiten.WACHTTIJD}
    # export_frame writes "<5" for a count of people under 5 (waarde_klein), on screen and in both downloads.
    geleverd = tables.export_frame(_in_jaren(queries.kpi_waarden(con, **sel.params("regio", "gemeenten")), sel),
                                   GELEVERD_KOLOMMEN)
    per_segment, lijst = queries.aanbieders_tellen(aanbieders), queries.aanbieders_lijst(aanbieders)
    both = bundels.result()
    wachten, duren = both["wachttijd"], both["verblijfsduur"]
    return WachttijdenData(
        wacht=wachten["jaar"], wacht_segment=wachten["segment"], wacht_modellen=wachten["inkoopmodel"],
        duur=duren["jaar"], duur_segment=duren["segment"], duur_modellen=duren["inkoopmodel"],
        aanbieders_per_segment=per_segment,
        aanbieders=lijst,
        geleverd=geleverd,
        bron=bron,
        voorbeeld=voorbeeld,
        feiten_wacht=tuple(f for f in feiten if f.onderwerp in wacht_onderwerpen),
        feiten_markt=tuple(f for f in feiten if f.onderwerp not in wacht_onderwerpen),
    )
