"""Data of Vergelijken met Nederland (pages/vergelijken.py): one gemeente against the Netherlands, its jeugdregio
and the gemeenten nearest in youths 0-17, from CBS figures only (jeugdhulp/landelijk.py), with CBS's caveats
where they apply. Without CBS figures the page says how to get them and shows no number."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import duckdb
import pandas as pd

from jeugdhulp import fmt, landelijk, queries
from jeugdhulp.selectie import Selectie

TABELNAMEN = {"85099NED": "85099NED (jongeren met jeugdzorg)", "83454NED": "83454NED (kosten jeugdzorg)",
              "03759ned": "03759ned (bevolking naar leeftijd)"}
HOE_OPHALEN = ("Een controller haalt ze op met `python -m loaders cbs` (internet nodig), of downloadt de tabellen op "
               "CBS StatLine als CSV (met omschrijvingen) en leest ze in op **Gegevens inlezen**.")

# CBS's caveats, in our words (sources: CBS table explanations and the VNG note on the 2021 trend break).
IN_NATURA = ("CBS telt alleen jeugdhulp die de gemeente rechtstreeks aan de aanbieder betaalt (zorg in natura): "
             "jongeren met alleen een persoonsgebonden budget ontbreken in de aantallen. De kosten (83454NED) tellen "
             "pgb wel mee.")
TRENDBREUK = ("Sinds 2021 leveren veel meer aanbieders aan CBS. Aantallen over 2021 en later zijn daardoor niet goed "
              "te vergelijken met die over 2020 en eerder.")
WOONPLAATS_NIEUW = ("Sinds 1 januari 2022 telt een jeugdige bij de gemeente waar hij zelf staat ingeschreven (bij "
                    "verblijf: waar hij vlak voor het verblijf stond); tot en met 2021 bij de gemeente van de ouder met "
                    "gezag. Vooral cijfers met verblijf kunnen per gemeente rond 2022 verschuiven.")
WOONPLAATS_OUD = ("Dit jaar valt nog onder het oude woonplaatsbeginsel (de gemeente van de ouder met gezag); sinds 2022 "
                  "telt de inschrijving van de jeugdige zelf. Vergelijk per gemeente dus niet zonder meer met 2022 en "
                  "later.")


@dataclass(frozen=True)
class VergelijkenData:
    code: str
    naam: str
    regio_naam: str
    jaar: int | None                         # None: no CBS figures at all
    jaren: list[int]
    vergelijkingen: list[landelijk.Vergelijking]
    punten: pd.DataFrame                     # for the chart: maat, groep, naam, waarde, bron, voorbeeld
    tabel: pd.DataFrame                      # one row per measure, formatted (the table behind the chart)
    vergelijkbaar: list[str]                 # names of the nearest gemeenten
    jeugdigen_0_17: float | None
    bron: str
    voorbeeld: bool
    voorlopig: bool
    ontbrekend: list[str] = field(default_factory=list)      # tables a measure needs that are not loaded
    kanttekeningen: list[str] = field(default_factory=list)


def jaren(con: duckdb.DuckDBPyConnection, sel: Selectie | None = None) -> list[int]:
    """Years with CBS figures, newest first (the same for every selection: `sel` only as every page loader has it)."""
    del sel
    return _jaren(queries.cbs_overzicht(con))


def standaardjaar(con: duckdb.DuckDBPyConnection, sel: Selectie | None = None) -> int | None:
    """The newest year that has all three tables, else the newest year with any (`sel` as in `jaren`)."""
    del sel
    return _standaardjaar(queries.cbs_overzicht(con))


def _jaren(overzicht: pd.DataFrame) -> list[int]:
    return sorted({int(j) for j in overzicht["jaar"]}, reverse=True)


def _standaardjaar(overzicht: pd.DataFrame) -> int | None:
    if overzicht.empty:
        return None
    complete = overzicht.groupby("jaar")["tabel"].nunique()
    full = complete[complete == len(TABELNAMEN)]
    return int(full.index.max()) if len(full) else int(complete.index.max())


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, gemeente: str, jaar: int | None = None) -> VergelijkenData:
    """`gemeente` against the groups in `jaar` (default: standaardjaar)."""
    names = queries.gemeenten(con, sel.regio).set_index("gemeente_code")["naam"].to_dict()
    naam = names.get(gemeente, gemeente)
    overzicht = queries.cbs_overzicht(con)
    alle_jaren = _jaren(overzicht)
    jaar = jaar if jaar in alle_jaren else _standaardjaar(overzicht)
    if jaar is None:
        return VergelijkenData(gemeente, naam, sel.regio_naam, None, [], [], pd.DataFrame(), pd.DataFrame(), [], None,
                               "", False, False, ontbrekend=list(TABELNAMEN))
    frame = queries.cbs_gemeenten(con, jaar)
    this_year = overzicht[overzicht["jaar"] == jaar]
    loaded = set(this_year["tabel"])
    peers = landelijk.nearest(frame, gemeente)
    found = landelijk.compare(frame, gemeente, sel.regio, peers)
    per = landelijk.values(frame)
    bron = "; ".join(dict.fromkeys(this_year["bron"]))
    voorbeeld = bool(this_year["voorbeeld"].any())
    own = frame.loc[frame["gemeente_code"] == gemeente, "jeugdigen_0_17"]
    peer_names = frame.set_index("gemeente_code").loc[peers, "naam"].tolist() if peers else []
    return VergelijkenData(
        gemeente, naam, sel.regio_naam, jaar, alle_jaren, found,
        _punten(per, gemeente, sel.regio, peers, found, bron, voorbeeld), _tabel(found, naam, bron, voorbeeld),
        peer_names, float(own.iloc[0]) if len(own) and pd.notna(own.iloc[0]) else None, bron, voorbeeld,
        bool(this_year["voorlopig"].any()),
        ontbrekend=[t for t in TABELNAMEN if t not in loaded],
        kanttekeningen=_kanttekeningen(jaar, alle_jaren, found, bool(this_year["voorlopig"].any())))


def _punten(per: pd.DataFrame, code: str, regio: str, peers: list[str], found: list[landelijk.Vergelijking],
            bron: str, voorbeeld: bool) -> pd.DataFrame:
    """Long frame for the dot plot: every gemeente's value per measure, with its group, plus the group figures."""
    rows = []
    gemeenten = per[per["gemeente_code"] != landelijk.NEDERLAND]
    for vergelijking in found:
        key = vergelijking.maat.key
        for row in gemeenten[["gemeente_code", "naam", "regio_code", key]].itertuples(index=False):
            if pd.isna(row[3]):
                continue
            groep = ("gemeente" if row[0] == code else "vergelijkbaar" if row[0] in peers
                     else "regio_gemeente" if row[2] == regio else "overig")
            rows.append((key, groep, row[1], float(row[3])))
        for groep, value, label in (("nederland", vergelijking.nederland, "Nederland"),
                                    ("regio", vergelijking.regio, "Regio (samen)"),
                                    ("vergelijkbaar_samen", vergelijking.vergelijkbaar, "Vergelijkbare gemeenten (samen)")):
            if value is not None:
                rows.append((key, groep, label, value))
    frame = pd.DataFrame(rows, columns=["maat", "groep", "naam", "waarde"])
    return frame.assign(bron=bron, voorbeeld=voorbeeld)


def _tabel(found: list[landelijk.Vergelijking], naam: str, bron: str, voorbeeld: bool) -> pd.DataFrame:
    """One row per measure with every group's figure as the page writes it (units differ per row)."""
    rows = []
    for v in found:
        text = partial(landelijk.format_value, v.maat.kind)
        rows.append({
            "maat": v.maat.label, "gemeente": text(v.gemeente), "regio": text(v.regio),
            "vergelijkbaar": text(v.vergelijkbaar), "nederland": text(v.nederland),
            "percentiel": landelijk.percentile_text(v.percentiel),
            "p10_p90": f"{text(v.p10)} – {text(v.p90)}",
            "gemeenten": v.n, "zonder_cijfer": v.onbekend,
        })
    return pd.DataFrame(rows).assign(bron=bron, voorbeeld=voorbeeld)


def _kanttekeningen(jaar: int, alle_jaren: list[int], found: list[landelijk.Vergelijking],
                    voorlopig: bool) -> list[str]:
    notes = [IN_NATURA]
    if jaar <= 2020 or min(alle_jaren) <= 2020:
        notes.append(TRENDBREUK + (" Dit jaar ligt voor die breuk." if jaar <= 2020 else
                                   " Wie dit jaar naast een jaar voor 2021 legt, vergelijkt dus ongelijke tellingen."))
    notes.append(WOONPLAATS_NIEUW if jaar >= 2022 else WOONPLAATS_OUD)
    unknown = max((v.onbekend for v in found), default=0)
    if unknown:
        notes.append(f"Voor {fmt.aantal(unknown, 'gemeente', 'gemeenten')} ontbreekt bij minstens één maat een cijfer: CBS "
                     "publiceerde de cel niet (onbekend, te onbetrouwbaar of geheim) of de gemeente leverde niets aan. Zo'n "
                     "gemeente telt bij die maat niet mee in de spreiding, de regio en de vergelijkbare gemeenten; een "
                     "lege cel is onbekend, geen 0.")
    if voorlopig:
        notes.append(f"De CBS-cijfers over {jaar} zijn voorlopig; CBS stelt ze later nog bij.")
    return notes
