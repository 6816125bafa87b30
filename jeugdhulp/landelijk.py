"""The national comparison from CBS figures (loaders/cbs.py): four measures per gemeente, and one gemeente set
against the Netherlands, its jeugdregio and the gemeenten nearest in number of youths 0-17, with its percentile
among all gemeenten and the P10-P90 spread.

Every group's figure is a ratio of sums (the region's youths in care over the region's youths 0-17), over the
gemeenten where both parts are known; Nederland is CBS's own national row when it has one. Pure pandas: the page
data (jeugdhulp/pagedata/vergelijken.py) and the tests call the same functions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jeugdhulp import fmt

NEDERLAND = "NL01"
NEAREST = 10          # gemeenten nearest in youths 0-17


@dataclass(frozen=True)
class Maat:
    key: str
    label: str                 # Dutch, on the page
    kind: str                  # number format: rate (per 1.000), pct (share), eur
    teller: str                # columns of queries.cbs_gemeenten
    noemer: str
    factor: float
    tabellen: tuple[str, ...]  # the CBS tables it needs
    definitie: str


MATEN: tuple[Maat, ...] = (
    Maat("per_1000", "Jeugdigen met jeugdhulp per 1.000 jeugdigen", "rate", "jeugdhulp", "jeugdigen_0_17", 1000.0,
         ("85099NED", "03759ned"),
         "Jongeren met jeugdhulp in het jaar (CBS 85099NED, totaal jeugdhulp, 0 tot 23 jaar) per 1.000 inwoners van "
         "0-17 jaar op 1 januari (CBS 03759ned). De teller telt ook jongvolwassenen tot 23 jaar, dus het cijfer ligt "
         "iets hoger dan het aandeel van de 0-17-jarigen."),
    Maat("aandeel_verblijf", "Aandeel jeugdhulp met verblijf", "pct", "met_verblijf", "jeugdhulp", 1.0,
         ("85099NED",),
         "Jongeren met jeugdhulp met verblijf als deel van alle jongeren met jeugdhulp (CBS 85099NED). Wie beide "
         "kreeg, telt in beide mee."),
    Maat("kosten_per_jeugdige", "Kosten jeugdzorg per jeugdige (0-17)", "eur", "kosten_jeugdzorg", "jeugdigen_0_17",
         1.0, ("83454NED", "03759ned"),
         "Gerealiseerde kosten van de gemeente voor alle jeugdzorg (CBS 83454NED, zorg in natura en pgb) per inwoner "
         "van 0-17 jaar (CBS 03759ned)."),
    Maat("kosten_per_client", "Kosten jeugdhulp per jeugdige in jeugdhulp", "eur", "kosten_jeugdhulp", "jeugdhulp",
         1.0, ("83454NED", "85099NED"),
         "Gerealiseerde kosten voor jeugdhulp (CBS 83454NED, in natura en pgb) gedeeld door de jongeren met "
         "jeugdhulp in natura (CBS 85099NED): wie alleen een pgb heeft, telt niet in de noemer, zijn kosten wel."),
)
BY_KEY = {m.key: m for m in MATEN}


def values(frame: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente (and NL01) each measure's value; NaN where a part is unknown or the denominator is 0."""
    out = frame[["gemeente_code", "naam", "regio_code", "jeugdigen_0_17"]].copy()
    for maat in MATEN:
        teller, noemer = frame[maat.teller], frame[maat.noemer]
        out[maat.key] = (teller / noemer.where(noemer > 0)) * maat.factor
    return out


def pooled(frame: pd.DataFrame, maat: Maat) -> tuple[float | None, int, int]:
    """(sum of numerators / sum of denominators × factor, gemeenten used, gemeenten left out for an unknown part)."""
    known = frame[frame[maat.teller].notna() & frame[maat.noemer].notna()]
    below = float(known[maat.noemer].sum())
    value = float(known[maat.teller].sum()) / below * maat.factor if below > 0 else None
    return value, len(known), len(frame) - len(known)


def nearest(frame: pd.DataFrame, code: str, n: int = NEAREST) -> list[str]:
    """The n gemeenten (any region) nearest to `code` in youths 0-17, by ratio (1.000 and 1.100 are as near as
    10.000 and 11.000); ties by code."""
    gemeenten = frame[(frame["gemeente_code"] != NEDERLAND) & frame["jeugdigen_0_17"].gt(0)]
    own = gemeenten.loc[gemeenten["gemeente_code"] == code, "jeugdigen_0_17"]
    if own.empty:
        return []
    others = gemeenten[gemeenten["gemeente_code"] != code]
    distance = (np.log(others["jeugdigen_0_17"]) - np.log(float(own.iloc[0]))).abs()
    ranked = others.assign(d=distance).sort_values(["d", "gemeente_code"])
    return ranked["gemeente_code"].head(n).tolist()


def percentile(spread: pd.Series, value: float) -> float:
    """The share of gemeenten with a lower value, ties counted half, in percent (0-100)."""
    known = spread.dropna()
    if known.empty:
        return float("nan")
    return float(((known < value).sum() + 0.5 * (known == value).sum()) / len(known) * 100)


@dataclass(frozen=True)
class Vergelijking:
    """One measure of one gemeente against the groups."""

    maat: Maat
    gemeente: float | None
    nederland: float | None
    nederland_bron: str         # "CBS" (the national row) or "som" (the gemeenten added up)
    regio: float | None
    regio_weg: int              # gemeenten of the region left out for an unknown part
    vergelijkbaar: float | None
    percentiel: float | None
    p10: float | None
    p50: float | None
    p90: float | None
    n: int                      # gemeenten with a value
    onbekend: int               # gemeenten without one


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def compare(frame: pd.DataFrame, code: str, regio: str | None, peers: list[str]) -> list[Vergelijking]:
    """Each measure of gemeente `code` against Nederland, its region and `peers` (queries.cbs_gemeenten's frame)."""
    per = values(frame)
    gemeenten = frame[frame["gemeente_code"] != NEDERLAND]
    per_gemeente = per[per["gemeente_code"] != NEDERLAND]
    national = frame[frame["gemeente_code"] == NEDERLAND]
    found = []
    for maat in MATEN:
        own = per_gemeente.loc[per_gemeente["gemeente_code"] == code, maat.key]
        value = _number(own.iloc[0]) if not own.empty else None
        spread = per_gemeente[maat.key].dropna()
        nl, source = None, "som"
        if not national.empty:
            nl = pooled(national, maat)[0]
            source = "CBS" if nl is not None else "som"
        if nl is None:
            nl = pooled(gemeenten, maat)[0]
        in_region = gemeenten[gemeenten["regio_code"] == regio]
        regio_value, _, regio_weg = pooled(in_region, maat)
        peer_value = pooled(gemeenten[gemeenten["gemeente_code"].isin(peers)], maat)[0] if peers else None
        found.append(Vergelijking(
            maat, value, nl, source, regio_value, regio_weg, peer_value,
            percentile(spread, value) if value is not None else None,
            *(float(spread.quantile(q)) if len(spread) else None for q in (0.1, 0.5, 0.9)),
            len(spread), len(per_gemeente) - len(spread)))
    return found


def format_value(kind: str, value: float | None) -> str:
    """A measure's value as the page writes it: € 1.842, 9,1%, 112,4; '–' when unknown."""
    if value is None or pd.isna(value):
        return "–"
    if kind == "eur":   # a non-breaking space: in a narrow table cell "€" never stands alone on a line
        return fmt.eur(value).replace(" ", "\u00a0")
    if kind == "pct":
        return fmt.pct(value)
    return fmt.number(value, 1)


def percentile_text(value: float | None) -> str:
    """P1-P99: 'P100' would say no gemeente is higher, while a tie or rounding can leave one higher; '–' unknown."""
    return "–" if value is None or pd.isna(value) else f"P{min(99, max(1, round(value)))}"
