"""Data of the page 'Waar gaat het geld voor jeugdhulp naartoe?' (pages/uitgaven.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries, tables
from jeugdhulp.selectie import Selectie

GRJR = "GRJR"   # the region whose strategy states its begroting and jaarrekening 2015-2019


@dataclass(frozen=True)
class UitgavenData:
    trend: pd.DataFrame             # jaar x soort: spend and spend per youth of the selection and the region
    realisatie: pd.DataFrame        # the trend's realisatie rows: the table behind the per-youth chart
    per_gemeente: pd.DataFrame      # every gemeente of the region in the last year: realisatie, per youth 0-17
    regio_per_jeugdige: float | None  # the region's realisatie per youth 0-17 (gemeenten with youths only)
    per_segment: pd.DataFrame       # jaar x segment: realisatie, begroting and share of the selection
    laatste_jaar: pd.DataFrame      # per_segment in the last year chosen
    grjr: pd.DataFrame              # GRJR's published begroting and jaarrekening 2015-2019, with source lines
                                    # (empty for the other regions: the figures are GRJR's alone)
    voorbeeld: bool                 # example data in the trend, per gemeente or per segment

    @property
    def bron_trend(self) -> str:
        return tables.sources(self.trend)

    @property
    def voorbeeld_trend(self) -> bool:
        return tables.any_example(self.trend)

    @property
    def bron_per_gemeente(self) -> str:
        return tables.sources(self.per_gemeente)

    @property
    def voorbeeld_per_gemeente(self) -> bool:
        return tables.any_example(self.per_gemeente)

    @property
    def bron_laatste_jaar(self) -> str:
        return tables.sources(self.laatste_jaar)

    @property
    def voorbeeld_laatste_jaar(self) -> bool:
        return tables.any_example(self.laatste_jaar)

    @property
    def bron_per_segment(self) -> str:
        return tables.sources(self.per_segment)

    @property
    def voorbeeld_per_segment(self) -> bool:
        return tables.any_example(self.per_segment)

    @property
    def bron_grjr(self) -> str:
        return tables.sources(self.grjr)


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> UitgavenData:
    trend = queries.uitgaven_trend(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
    per_gemeente = queries.uitgaven_per_gemeente(con, **sel.params("regio", "segmenten"), jaar=sel.jaar_tot)
    per_segment = queries.uitgaven_per_segment(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van",
                                                                 "jaar_tot"))
    grjr = queries.bron_begroting_jaarrekening(con, regio=GRJR)
    if sel.regio != GRJR:
        grjr = grjr.iloc[0:0]
    return UitgavenData(
        trend=trend,
        realisatie=trend[trend["soort"] == "realisatie"],
        per_gemeente=per_gemeente,
        regio_per_jeugdige=tables.ratio(
            per_gemeente["realisatie_eur"].where(per_gemeente["jeugdigen_0_17"] > 0).sum(),
            per_gemeente["jeugdigen_0_17"].sum()),
        per_segment=per_segment,
        laatste_jaar=per_segment[per_segment["jaar"] == sel.jaar_tot],
        grjr=grjr.assign(bron=grjr["document"] + ", regel " + grjr["regel"], voorbeeld=False),
        voorbeeld=tables.any_example(trend, per_gemeente, per_segment),
    )
