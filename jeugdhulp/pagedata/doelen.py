"""Data of the page 'Halen we het doel van minder residentiële zorg?' (pages/doelen.py): the targets to choose
from, and for the chosen target and base year its status, series and models."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import fmt, kpi, queries, safe, tables
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class DoelenData:
    doelen: pd.DataFrame            # the region's active targets as read (every kpi); labels and keuze are its row ids
    labels: dict[int, str]          # the targets with a goal (kpi.DOEL_KPIS), by row id, in the order of DOEL_KPIS
    basisjaren: dict[int, list[int]]  # per target: the base years to choose from (the region's years before its target year)
    basisjaar_index: dict[int, int]   # per target: the position of its own base year among those (else 0)
    keuze: int | None               # the chosen target (None: the region has none)
    basisjaar: int | None           # the chosen base year
    doeljaar: int | None            # the target year of the chosen target
    titel: str                      # the chart's title: the chosen target's label, or the volume without a target
    definitie: str                  # the chart's definition: the KPI and the source of the target
    reeks: pd.DataFrame             # yearly values of the selection in its years (or the residential volume without a target)
    status: pd.DataFrame            # per gemeente, the selection and each model: status (empty without a target)
    status_tabel: pd.DataFrame      # the status as a reader sees it, counts under 5 as '<5'
    metric_label: str               # the selection's status metric: its label, value and delta line
    metric_waarde: str
    metric_delta: str | None
    modellen: pd.DataFrame          # yearly values per purchasing model in the selection's years (empty without a target)
    jaren_noot: str | None          # where the base or target year lies outside the chosen years, what the chart does
    ratio: pd.DataFrame             # ambulant youths per youth with a stay, per model and year
    stuurvariabelen: pd.DataFrame   # the steering variables in the region's sources, as shown
    bron: str                       # the sources of the loaded trajecten
    voorbeeld: bool                 # the loaded trajecten are example data

    def met_bron(self, frame: pd.DataFrame) -> pd.DataFrame:
        return tables.with_source(frame, self.bron, self.voorbeeld)

    @property
    def mijn(self) -> pd.Series:
        """The selection's row of the status."""
        return self.status[self.status["niveau"] == "selectie"].iloc[0]

    @property
    def per_model(self) -> bool:
        """More than one purchasing model: the target per model is worth a chart."""
        return not self.modellen.empty and self.modellen["groep"].nunique() > 1


def _in_jaren(frame: pd.DataFrame, sel: Selectie) -> pd.DataFrame:
    """The rows of the chosen years: a chart never draws a year the reader did not choose."""
    return frame[frame["jaar"].between(sel.jaar_van, sel.jaar_tot)].reset_index(drop=True)


def jaren_noot(basisjaar: int | None, doeljaar: int, sel: Selectie) -> str | None:
    """What the target chart does with a base or target year outside the chosen years (None: both inside).

    The actual values stay within the chosen years. The base year and the target year define the target, so the
    dashed path and the trend run from one to the other as reference lines, and this note says so."""
    if basisjaar is None:
        return None
    gekozen = sel.jaren
    parts = []
    if basisjaar < sel.jaar_van:
        parts.append(f"Het basisjaar {basisjaar} ligt vóór de gekozen jaren ({gekozen}): de werkelijke aantallen "
                     f"staan alleen voor de gekozen jaren; {basisjaar} is alleen het beginpunt van het gestreepte pad "
                     f"naar het doel, en de trend is berekend over {basisjaar}–{sel.jaar_tot}.")
    elif basisjaar > sel.jaar_tot:
        parts.append(f"Het basisjaar {basisjaar} ligt na de gekozen jaren ({gekozen}): er is nog geen voortgang "
                     "ten opzichte van het basisjaar te meten.")
    if doeljaar > sel.jaar_tot:
        parts.append(f"Het doeljaar {doeljaar} ligt na de gekozen jaren: pad en trend lopen door tot het doel, "
                     f"zonder werkelijke aantallen na {sel.jaar_tot}.")
    return " ".join(parts) or None


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, doel: int | None = None,
         basisjaar: int | None = None) -> DoelenData:
    """The targets of the region; `doel` (a key of labels) and `basisjaar` choose one (default: the first, with
    the base year it names or else the first offered)."""
    order = list(kpi.DOEL_KPIS)
    alle = queries.doelen(con, regio=sel.regio)
    doelen = alle[alle["kpi"].isin(order)].sort_values("kpi", key=lambda k: k.map(order.index))
    labels = {int(i): tables.doel_label(row) for i, row in doelen.iterrows()}
    # Base years from the years the region has figures for (as the year slider): a year whose count from trajecten
    # is incomplete (queries.jaren) would make any target look met or missed.
    jaren_regio = queries.jaren(con, sel.regio)
    basisjaren = {int(i): [j for j in jaren_regio if j < int(row["doeljaar"])] for i, row in doelen.iterrows()}
    index = {i: jaren.index(int(doelen.loc[i, "basisjaar"])) if int(doelen.loc[i, "basisjaar"]) in jaren else 0
             for i, jaren in basisjaren.items()}
    bron, voorbeeld = queries.trajecten_herkomst(con, sel.regio)
    common = dict(
        doelen=alle, labels=labels, basisjaren=basisjaren, basisjaar_index=index, bron=bron, voorbeeld=voorbeeld,
        ratio=queries.ambulant_per_bed(con, **sel.params("regio", "gemeenten", "jaar_van", "jaar_tot")),
        stuurvariabelen=tables.bron_kpi_table(queries.bron_kpis(con, regio=sel.regio)),
    )
    gemeenten = sel.params("regio", "gemeenten")
    if not labels:
        return DoelenData(
            **common, keuze=None, basisjaar=None, doeljaar=None,
            titel=f"Jeugdigen in residentiële zorg — {sel.label}", definitie=kpi.DOEL_KPIS["residentieel_volume"],
            reeks=_in_jaren(queries.doel_jaarreeks(con, **gemeenten, kpi_naam="residentieel_volume", segment=None), sel),
            status=pd.DataFrame(), status_tabel=pd.DataFrame(), metric_label="", metric_waarde="", metric_delta=None,
            modellen=pd.DataFrame(), jaren_noot=None,
        )
    keuze = doel if doel in labels else next(iter(labels))
    row = doelen.loc[keuze]
    jaren = basisjaren[keuze]
    if basisjaar is None:
        basisjaar = jaren[index[keuze]] if jaren else None
    doeljaar, wijziging = int(row["doeljaar"]), float(row["wijziging_pct"])
    segment = row["segment_code"] if isinstance(row["segment_code"], str) else None
    # One query for the status, the series and the models: they are all sums of the same yearly values.
    series = queries.doel_reeks(con, sel.regio, row["kpi"], segment)
    status = queries.doel_status(con, **gemeenten, kpi_naam=row["kpi"], segment=segment, basisjaar=basisjaar,
                                 doeljaar=doeljaar, wijziging_pct=wijziging, tot_jaar=sel.jaar_tot, series=series)
    mijn = status[status["niveau"] == "selectie"].iloc[0]
    return DoelenData(
        **common, keuze=keuze, basisjaar=basisjaar, doeljaar=doeljaar,
        titel=f"{tables.doel_label(row, met_segment=False)} — {sel.label}",
        definitie=(f"{kpi.DOEL_KPIS[row['kpi']]}"
                   + (f" Gemeten in {tables.segment_naam(segment, row['segment_naam'])}." if segment else "")
                   + f" Doel: {row['bron']}"),
        reeks=_in_jaren(queries.doel_jaarreeks(con, **gemeenten, kpi_naam=row["kpi"], segment=segment,
                                               series=series), sel),
        status=status, status_tabel=tables.status_table(status),
        metric_label=f"Status {safe.md(sel.label)}: {fmt.pct_change(wijziging / 100, 0)} in {doeljaar} "
                     f"t.o.v. {basisjaar}",
        metric_waarde=mijn["status"].capitalize(),
        metric_delta=tables.doel_toelichting(mijn),
        modellen=_in_jaren(queries.doel_jaarreeks(con, **gemeenten, kpi_naam=row["kpi"], segment=segment,
                                                  groep="inkoopmodel", series=series), sel),
        jaren_noot=jaren_noot(basisjaar, doeljaar, sel),
    )
