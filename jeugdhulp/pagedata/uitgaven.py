"""Data of the page 'Waar gaat het geld voor jeugdhulp naartoe?' (pages/uitgaven.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import bronfeiten, queries, tables
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
    totalen: pd.DataFrame           # jaar x reeks: spend of the selection, and the region's totals from a public
                                    # document as series of their own (openbaar) when the whole region is chosen
    feiten: tuple[bronfeiten.Feit, ...]  # those document totals, as the caption under the chart lists them
    feit_melding: str | None        # what the page says about document totals it does not draw
    gemeenten_in_regio: int = 0     # the region's gemeenten; per_gemeente lists only those with spend

    @property
    def regio_label(self) -> str:
        """What the region's figure is: the whole region, or only its gemeenten with spend in the last year (a
        controller loaded some of them), said so wherever the figure is drawn."""
        with_spend = int(self.per_gemeente["realisatie_eur"].notna().sum())
        if not self.gemeenten_in_regio or with_spend >= self.gemeenten_in_regio:
            return "regio"
        return f"{with_spend} van de {self.gemeenten_in_regio} gemeenten met cijfers"

    @property
    def bron_totalen(self) -> str:
        return tables.sources(self.totalen)

    @property
    def voorbeeld_totalen(self) -> bool:
        return tables.any_example(self.totalen)

    @property
    def bron_trend(self) -> str:
        return tables.sources(self.trend)

    @property
    def voorbeeld_trend(self) -> bool | str:
        return tables.example_flag(self.trend)

    @property
    def bron_per_gemeente(self) -> str:
        return tables.sources(self.per_gemeente)

    @property
    def voorbeeld_per_gemeente(self) -> bool | str:
        return tables.example_flag(self.per_gemeente)

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


# The status of a row in the table behind the chart of totals: a controller's batch or fictitious example data
# (figures from a public document carry bronfeiten.STATUS).
STATUS_INGELEZEN = "ingelezen"
STATUS_VOORBEELD = "voorbeeld (fictief)"


def _totalen(trend: pd.DataFrame, feiten: list[bronfeiten.Feit]) -> pd.DataFrame:
    """The selection's begroting and realisatie per year, and the document's totals as series of their own."""
    lines = trend[["jaar", "soort", "selectie_eur", "voorbeeld", "bron"]].rename(columns={"selectie_eur": "bedrag_eur"})
    lines = lines.assign(reeks=lines["soort"].str.capitalize(), openbaar=False, cijfer="",
                         status=lines["voorbeeld"].map({True: STATUS_VOORBEELD, False: STATUS_INGELEZEN}))
    documents = pd.DataFrame({
        "jaar": [f.jaar for f in feiten], "soort": [f.soort for f in feiten],
        "bedrag_eur": [f.waarde for f in feiten], "voorbeeld": False, "bron": [f.bron for f in feiten],
        "reeks": [f"{f.soort.capitalize()} (openbaar document)" for f in feiten], "openbaar": True,
        "cijfer": [f.cijfer for f in feiten], "status": bronfeiten.STATUS,
    })
    frames = [f for f in (lines, documents) if not f.empty]
    if not frames:
        return lines
    return pd.concat(frames, ignore_index=True).astype({"jaar": "int64"}).sort_values(
        ["openbaar", "jaar", "soort"], kind="stable").reset_index(drop=True)


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> UitgavenData:
    trend = queries.uitgaven_trend(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
    per_gemeente = queries.uitgaven_per_gemeente(con, **sel.params("regio", "segmenten"), jaar=sel.jaar_tot)
    per_segment = queries.uitgaven_per_segment(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van",
                                                                 "jaar_tot"))
    grjr = queries.bron_begroting_jaarrekening(con, regio=GRJR)
    if sel.regio != GRJR:
        grjr = grjr.iloc[0:0]
    years = range(sel.jaar_van, sel.jaar_tot + 1)
    totals = bronfeiten.feiten(con, sel.regio, bronfeiten.PAGINAS["uitgaven"])
    drawn = [f for f in totals if f.jaar in years] if bronfeiten.hele_regio(sel) else []
    return UitgavenData(
        trend=trend,
        realisatie=trend[trend["soort"] == "realisatie"],
        per_gemeente=per_gemeente,
        regio_per_jeugdige=tables.ratio(
            per_gemeente["realisatie_eur"].where(per_gemeente["jeugdigen_0_17"] > 0).sum(),
            per_gemeente["jeugdigen_0_17"].sum()),
        per_segment=per_segment,
        laatste_jaar=per_segment[per_segment["jaar"] == sel.jaar_tot],
        grjr=grjr.assign(bron=[bronfeiten.bron(d, [v]) for d, v in zip(grjr["document"], grjr["vindplaats"], strict=True)],
                         voorbeeld=False,
                         cijfer=[bronfeiten.cijfer(v, "EUR") for v in grjr["bedrag_eur"]]),
        voorbeeld=tables.any_example(trend, per_gemeente, per_segment),
        totalen=_totalen(trend, drawn),
        feiten=tuple(drawn),
        feit_melding=bronfeiten.melding_totaal(totals, sel, years, laatste_jaar=False,
                                                 kiesbaar=queries.jaren(con, sel.regio)),
        gemeenten_in_regio=len(queries.gemeenten(con, sel.regio)),
    )
