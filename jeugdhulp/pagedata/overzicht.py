"""Data of the page 'Hoe staat de jeugdhulp in mijn gemeente ervoor?' (pages/overzicht.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import bronfeiten, fmt, queries, tables
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
    feit_realisatie: bronfeiten.Feit | None  # the region's realisatie in that year from a public document
    feit_begroting: bronfeiten.Feit | None   # (both only when the whole region and all segments are chosen)
    feit_melding: str | None           # what the page says about document totals it does not show

    @property
    def begroting_tekst(self) -> str:
        """The headline 'realisatie t.o.v. begroting': +2,6%, or why there is none."""
        if self.afwijking_begroting is not None:
            return fmt.pct_change(self.afwijking_begroting)
        return "geen begroting" if pd.notna(self.selectie.realisatie_eur) and pd.isna(self.selectie.begroting_eur) else "–"

    @property
    def begroting_uitleg(self) -> str:
        if self.afwijking_begroting is not None:
            return "Positief: meer uitgegeven dan begroot."
        if pd.notna(self.selectie.realisatie_eur) and pd.isna(self.selectie.begroting_eur):
            return (f"Voor {self.jaar} is voor deze selectie geen begroting ingelezen. Zonder begroting is er niets "
                    "om de realisatie mee te vergelijken.")
        return (f"Voor {self.jaar} zijn voor deze selectie geen gerealiseerde uitgaven ingelezen. Zonder realisatie "
                "is er niets om met de begroting te vergelijken.")

    @property
    def feit_afwijking(self) -> float | None:
        """The document's realisatie against its begroting, as a fraction (None: not both)."""
        if self.feit_realisatie is None or self.feit_begroting is None:
            return None
        return _change(self.feit_realisatie.waarde, self.feit_begroting.waarde)

    @property
    def feit_verschil_eur(self) -> float | None:
        if self.feit_afwijking is None:
            return None
        return self.feit_realisatie.waarde - self.feit_begroting.waarde

    @property
    def bron_uitgaven(self) -> str:
        return self.selectie.bron_uitgaven or "geen gegevens"

    @property
    def bron_jeugdigen(self) -> str:
        return self.selectie.bron_jeugdigen or "geen gegevens"

    @property
    def dekking(self) -> str | None:
        """When the region's spend covers only some of its gemeenten (a controller loaded real figures for those):
        what the region's totals and averages then count."""
        region = self.regio
        if not region.gemeenten_met_uitgaven or region.gemeenten_met_uitgaven >= region.gemeenten:
            return None
        return (f"De regio telt in {self.jaar} alleen de {region.gemeenten_met_uitgaven} van de {region.gemeenten} "
                "gemeenten met uitgaven; de regiocijfers en het gemiddelde per jeugdige gelden voor die gemeenten.")

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


def _change(value: float, base: float) -> float | None:
    """value against base as a fraction; None without a base (a missing figure is NaN, and NaN is truthy)."""
    ratio = tables.ratio(value, base)
    return None if ratio is None else ratio - 1


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> OverzichtData:
    kern = queries.kerncijfers(con, **sel.params("regio", "gemeenten", "segmenten"), jaar=sel.jaar_tot)
    trend = queries.uitgaven_trend(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
    mine, region = kern.iloc[0], kern.iloc[1]
    change = _change(mine.realisatie_eur, mine.realisatie_vorig_jaar_eur)
    gap = _change(mine.realisatie_eur, mine.begroting_eur)
    totalen = bronfeiten.feiten(con, sel.regio, bronfeiten.PAGINAS["overzicht"])
    in_year = {f.soort: f for f in totalen if f.jaar == sel.jaar_tot} if bronfeiten.hele_regio(sel) else {}
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
        feit_realisatie=in_year.get("realisatie"),
        feit_begroting=in_year.get("begroting"),
        feit_melding=bronfeiten.melding_totaal(totalen, sel, range(sel.jaar_tot, sel.jaar_tot + 1), laatste_jaar=True,
                                              kiesbaar=queries.jaren(con, sel.regio)),
    )
