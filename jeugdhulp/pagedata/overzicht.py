"""Data of the page 'Hoe staat de jeugdhulp in mijn gemeente ervoor?' (pages/overzicht.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries, tables
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class OverzichtData:
    jaar: int                          # the year of the headline figures: the last year chosen
    selectie: pd.Series                # headline figures of the selection in that year (a row of kerncijfers)
    regio: pd.Series                   # the same figures for the whole region
    verandering: float | None          # realisatie against the year before, as a fraction (None: no earlier year)
    afwijking_begroting: float | None  # realisatie against begroting, as a fraction (None: no begroting)
    verschil_begroting_eur: float | None  # realisatie minus begroting in euros (None: no begroting)
    trend: pd.DataFrame                # jaar x soort: begroting and realisatie of the selection and the region
    voorbeeld: bool                    # example data in any of it

    @property
    def bron_uitgaven(self) -> str:
        return self.selectie.bron_uitgaven or "geen gegevens"

    @property
    def bron_jeugdigen(self) -> str:
        return self.selectie.bron_jeugdigen or "geen gegevens"

    @property
    def gemengd(self) -> bool:
        """Real spend next to example counts (or the reverse): the page says which is which."""
        mine = self.selectie
        kinds = [bool(flag) for flag, bron in ((mine.voorbeeld_uitgaven, mine.bron_uitgaven),
                                               (mine.voorbeeld_jeugdigen, mine.bron_jeugdigen)) if isinstance(bron, str)]
        return len(set(kinds)) > 1

    @property
    def bron_bevolking(self) -> str:
        """Source of the youths 0-17 the spend per youth divides by (may be example data under real spend)."""
        return (self.selectie.bron_bevolking or "geen gegevens").removeprefix("inwoners 0-17: ")

    @property
    def bron_trend(self) -> str:
        return tables.sources(self.trend)

    @property
    def voorbeeld_trend(self) -> bool:
        return tables.any_example(self.trend)


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> OverzichtData:
    kern = queries.kerncijfers(con, **sel.params("regio", "gemeenten", "segmenten"), jaar=sel.jaar_tot)
    trend = queries.uitgaven_trend(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
    mine, region = kern.iloc[0], kern.iloc[1]
    # A year without spend or begroting is NaN, not None (and NaN is truthy): tables.ratio gives None for it, so the
    # page shows no comparison at all instead of "– t.o.v. 2022" with an arrow.
    growth = tables.ratio(mine.realisatie_eur, mine.realisatie_vorig_jaar_eur)
    against_budget = tables.ratio(mine.realisatie_eur, mine.begroting_eur)
    change = growth - 1 if growth is not None else None
    gap = against_budget - 1 if against_budget is not None else None
    return OverzichtData(
        jaar=sel.jaar_tot,
        selectie=mine,
        regio=region,
        verandering=change,
        afwijking_begroting=gap,
        verschil_begroting_eur=mine.realisatie_eur - mine.begroting_eur if gap is not None else None,
        # The trend chart shows euros only: the youths 0-17 (and their source) belong to the per-youth figures.
        trend=trend.drop(columns=["deels_voorbeeld_bevolking", "bron_bevolking"]),
        voorbeeld=tables.any_example(kern, trend),
    )
