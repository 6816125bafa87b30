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
    def bron_trend(self) -> str:
        return tables.sources(self.trend)

    @property
    def voorbeeld_trend(self) -> bool:
        return tables.any_example(self.trend)


def _has(amount: float | None) -> bool:
    """An amount to compare with: present and not zero."""
    return amount is not None and not pd.isna(amount) and amount != 0


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> OverzichtData:
    kern = queries.kerncijfers(con, **sel.params("regio", "gemeenten", "segmenten"), jaar=sel.jaar_tot)
    trend = queries.uitgaven_trend(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
    mine, region = kern.iloc[0], kern.iloc[1]
    # No spend in a year is NaN, which is truthy: without these checks "↑ – t.o.v. 2018" compared with nothing.
    change = (mine.realisatie_eur / mine.realisatie_vorig_jaar_eur - 1) \
        if _has(mine.realisatie_vorig_jaar_eur) and _has(mine.realisatie_eur) else None
    gap = (mine.realisatie_eur / mine.begroting_eur - 1) if _has(mine.begroting_eur) and _has(mine.realisatie_eur) else None
    return OverzichtData(
        jaar=sel.jaar_tot,
        selectie=mine,
        regio=region,
        verandering=change,
        afwijking_begroting=gap,
        verschil_begroting_eur=mine.realisatie_eur - mine.begroting_eur if gap is not None else None,
        trend=trend,
        voorbeeld=tables.any_example(kern, trend),
    )
