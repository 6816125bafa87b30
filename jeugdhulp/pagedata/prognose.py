"""What the Prognose page shows: the selection's spend and youths in care per year, and their forecast for the
next years (jeugdhulp.prognose) in one table per measure, with status and source like every other figure."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import fmt, prognose, queries
from jeugdhulp.prognose import Prognose
from jeugdhulp.selectie import Selectie

MAX_PRIJSSTIJGING = 0.20    # a price rise per year beyond 20% is a typing error, not a scenario


@dataclass(frozen=True)
class PrognoseData:
    reeks: pd.DataFrame                 # per year within the chosen years: realisatie_eur, jeugdigen_in_zorg, status
    uitgaven: Prognose | None
    jeugdigen: Prognose | None
    prijsstijging: float
    splitsing: str                      # why spend is, or is not, youths times the cost per youth (plain Dutch)
    later_jaar: int | None = None       # the last year with spend after the chosen years, if any (the forecast's
                                        # first years then have figures already)

    def later_tekst(self) -> str:
        """What a reader must know when the chosen years end before the figures do; '' otherwise."""
        if self.later_jaar is None or self.uitgaven is None:
            return ""
        return (f"De prognose begint na het laatste gekozen jaar, {self.uitgaven.jaren[0] - 1}. Er zijn al uitgaven tot "
                f"en met {self.later_jaar}: kies dat jaar in de zijbalk voor een prognose vanaf nu.")

    def _series(self, measure: str) -> tuple[str, Prognose | None]:
        return {"uitgaven": ("realisatie_eur", self.uitgaven), "jeugdigen": ("jeugdigen_in_zorg", self.jeugdigen)}[measure]

    def voorbeeld(self, measure: str) -> bool:
        """Example figures in the series, or (spend as youths times cost) in the youths it was made from."""
        known = self.reeks.dropna(subset=[self._series(measure)[0]])
        split = measure == "uitgaven" and self.uitgaven is not None and self.uitgaven.gesplitst
        return bool(known[f"voorbeeld_{measure}"].any() or (split and known["voorbeeld_jeugdigen"].any()))

    def bron(self, measure: str) -> str:
        known = self.reeks.dropna(subset=[self._series(measure)[0]])
        sources = sorted({b for b in known[f"bron_{measure}"].dropna()})
        if measure == "uitgaven" and self.uitgaven is not None and self.uitgaven.gesplitst:
            sources += [f"jeugdigen in zorg: {b}" for b in sorted({b for b in known["bron_jeugdigen"].dropna()})
                        if b not in sources]
        return "; ".join(sources) or "geen cijfers"

    def tabel(self, measure: str) -> pd.DataFrame:
        """The chart's table: each year known ('werkelijk'), then each year ahead (middle, low, high of the 80% range),
        in whole euros or whole youths, with the status and source of the series it was made from."""
        column, forecast = self._series(measure)
        known = self.reeks.dropna(subset=[column])
        rows = [{"jaar": int(r.jaar), "soort": "werkelijk", "waarde": float(getattr(r, column)), "laag": None,
                 "hoog": None} for r in known.itertuples()]
        if forecast is not None:
            rows += [{"jaar": j, "soort": "prognose", "waarde": m, "laag": lo, "hoog": hi}
                     for j, m, lo, hi in zip(forecast.jaren, forecast.midden, forecast.laag, forecast.hoog, strict=True)]
        frame = pd.DataFrame(rows, columns=["jaar", "soort", "waarde", "laag", "hoog"])
        for c in ("waarde", "laag", "hoog"):
            frame[c] = pd.to_numeric(frame[c], errors="coerce").round(0)
        return frame.assign(voorbeeld=self.voorbeeld(measure), bron=self.bron(measure))


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, prijsstijging: float = 0.0) -> PrognoseData:
    prijsstijging = min(max(float(prijsstijging), 0.0), MAX_PRIJSSTIJGING)
    alle = queries.prognose_reeksen(con, **sel.params("regio", "gemeenten", "segmenten"))
    later = alle.loc[(alle["jaar"] > sel.jaar_tot) & alle["realisatie_eur"].notna(), "jaar"]
    reeks = alle[alle["jaar"].between(sel.jaar_van, sel.jaar_tot)].reset_index(drop=True)
    both = reeks.dropna(subset=["realisatie_eur", "jeugdigen_in_zorg"])
    # Youths of one status (real or example) and spend of another never make one figure.
    mixed = not both.empty and (both["voorbeeld_uitgaven"] != both["voorbeeld_jeugdigen"]).any()
    jaren = reeks["jaar"].tolist()
    youths = None if sel.segmenten or mixed else reeks["jeugdigen_in_zorg"].tolist()
    uitgaven = prognose.uitgaven(jaren, reeks["realisatie_eur"].tolist(), youths, prijsstijging)
    jeugdigen = None if reeks["jeugdigen_in_zorg_klein"].any() else prognose.trend(jaren, reeks["jeugdigen_in_zorg"].tolist())
    extra = (f", met {fmt.pct_short(prijsstijging)} extra prijsstijging per jaar" if prijsstijging
             else ", zonder extra prijsstijging")
    if uitgaven is None:
        splitsing = ""          # no forecast: the chart says why
    elif uitgaven.gesplitst:
        splitsing = ("De uitgaven zijn voorspeld als de trend van het aantal jeugdigen in zorg maal de trend van de "
                     "kosten per jeugdige in zorg" + extra + ".")
    elif sel.segmenten:
        splitsing = ("Bij gekozen segmenten volgt de prognose de trend van de uitgaven: het aantal jeugdigen in zorg "
                     "is er niet per segment zonder dubbeltellingen. Een extra prijsstijging telt dan niet mee.")
    elif mixed:
        splitsing = ("De uitgaven en de jeugdigen in zorg hebben een andere status (echt en voorbeeld): ze worden niet "
                     "met elkaar vermenigvuldigd. De prognose volgt de trend van de uitgaven; een extra prijsstijging "
                     "telt niet mee.")
    else:
        splitsing = ("Er zijn te weinig jaren met zowel uitgaven als jeugdigen in zorg: de prognose volgt de trend van "
                     "de uitgaven. Een extra prijsstijging telt niet mee.")
    return PrognoseData(reeks, uitgaven, jeugdigen, prijsstijging, splitsing,
                        int(later.max()) if not later.empty else None)
