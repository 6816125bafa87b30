"""Figures from the regions' public documents (table bron_cijfer, data status 'bron'): which page shows which
figure, how each reads in Dutch (no more precise than the document gives it) and where a reader finds it in the
document (section or appendix, column `vindplaats`; the line of our text extraction stays for checkers). Rows whose
assignment is uncertain ('toewijzing onzeker' in the source notes) are never shown as facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import fmt, queries
from jeugdhulp.selectie import Selectie

STATUS = "uit een openbaar document"     # the data status 'bron', as every page says it

# A region's total spend on youth care, per onderdeel: what the total covers where that is narrower than all
# youth care of the region's gemeenten (GRJR's strategy gives only the care bought together through the GR).
TOTAAL = "uitgaven_jeugdhulp"
REIKWIJDTE = {
    "totaal": "",
    "totaal regionaal ingekocht": "Alleen de jeugdhulp die de gemeenten samen regionaal via de GR inkopen; "
                                  "lokaal ingekochte jeugdhulp zit er niet in.",
}
SOORTEN = {"realisatie": "realisatie", "begroting": "begroting", "doel": "doel", "norm": "norm of voornemen",
           "landelijk": "landelijk cijfer", "enquete": "enquête"}
# Units written after a number ('3 maanden'); other units are written by cijfer() itself.
_WORD_UNITS = {"maanden", "jaar", "uur", "dagen"}


@dataclass(frozen=True)
class Toon:
    """A figure a page shows: one measure, or the low and high end of a range (two measures), optionally only
    the rows of some onderdelen or of one source line (where one measure has two rows that differ), with the
    page's own words for it. `voorvoegsel` keeps the document's wording: 'ruim 300' is at least 300."""

    maten: tuple[str, ...]
    onderwerp: str
    onderdelen: tuple[str, ...] = ()
    regel: str | None = None
    voorvoegsel: str = ""


@dataclass(frozen=True)
class Feit:
    """One figure (or range) from a public document, as a page shows it."""

    onderwerp: str          # what it is, in plain Dutch
    cijfer: str             # as the page writes it: '€ 98.673.332', '€ 235,9 mln', '3 tot 6 maanden', 'ruim 300'
    waarde: float           # the value in its unit (the low end of a range)
    jaar: int | None
    soort: str              # realisatie, begroting, norm, doel, landelijk, enquete
    document: str           # 'Inkoopstrategie GRJR'
    regels: tuple[str, ...]  # the lines of our text extraction of the document it stands on (for checkers)
    vindplaatsen: tuple[str, ...] = ()  # where a reader finds it in the document: '§ 1.4', 'bijlage 2'
    reikwijdte: str = ""    # a scope narrower than the whole region, said plainly ('' when none)

    @property
    def bron(self) -> str:
        """Document and place: 'Inkoopstrategie GRJR, § 1.4'."""
        return bron(self.document, list(self.vindplaatsen))


# --- the registry: which page shows which figure ------------------------------------------------------------

TOTALEN = (Toon((TOTAAL,), "Uitgaven jeugdhulp van de regio", onderdelen=tuple(REIKWIJDTE)),)
WACHTTIJD = (
    Toon(("gemiddelde_wachttijd_ondergrens", "gemiddelde_wachttijd_bovengrens"),
         "Gemiddelde wachttijd tot de hulp begint (langer bij hoogspecialistische hulp; verschilt per product en "
         "gemeente; zonder peildatum)"),
)
MARKT = (
    Toon(("aantal_gecontracteerde_aanbieders",), "Gecontracteerde aanbieders, volgens de strategie zelf",
         regel="264", voorvoegsel="ruim "),
    Toon(("aantal_gecontracteerde_aanbieders",), "Gecontracteerde aanbieders, zoals de raden van Apeldoorn en "
         "Hattem het noemen", regel="1112"),
    Toon(("aantal_percelen",), "Percelen in opdracht B van de aanbesteding van 2018",
         onderdelen=("oude opdracht B (aanbesteding 2018)",)),
    Toon(("aantal_percelen",), "Percelen in opdracht C van de aanbesteding van 2018",
         onderdelen=("oude opdracht C (aanbesteding 2018)",)),
    Toon(("aantal_afzonderlijk_gegunde_eenheden",), "Afzonderlijk gegunde delen van de aanbesteding van 2018 "
         "(opdrachten A-F, met de percelen van B en C)"),
    Toon(("aantal_percelen",), "Beoogd: percelen in de nieuwe opdracht B (prestatieaanbieders)",
         onderdelen=("nieuwe opdracht B prestatieaanbieders",)),
    Toon(("aantal_aanbieders_beoogd_laag", "aantal_aanbieders_beoogd_hoog"),
         "Beoogd: systeemaanbieders in de nieuwe opdracht A"),
    Toon(("aantal_aanbieders_beoogd",), "Beoogd: aanbieders (of één consortium) voor alle crisishulp",
         onderdelen=("crisis (pakket F)",)),
)
# Per page (pages/<name>.py), the document figures it shows. The Bronnen page lists every certain figure.
PAGINAS: dict[str, tuple[Toon, ...]] = {
    "overzicht": TOTALEN,
    "uitgaven": TOTALEN,
    "wachttijden": WACHTTIJD + MARKT,
}


# --- formatting ----------------------------------------------------------------------------------------------

def precisie(waarde: float) -> float:
    """How precisely the document gives an amount: a round 100.000 or more (235.900.000) in tenths of a
    million, anything else to the euro."""
    return 100_000.0 if abs(waarde) >= 1e6 and waarde % 100_000 == 0 else 1.0


def cijfer(waarde: float, eenheid: str) -> str:
    """A document's figure in Dutch: € 98.673.332, € 235,9 mln, 16%, -2,5%, 300, 3 maanden, 1 november 2021."""
    if eenheid == "EUR":
        return fmt.eur_compact(waarde) if precisie(waarde) > 1 else fmt.eur(waarde)
    if eenheid == "datum_jjjjmmdd":
        return fmt.date_nl(dt.datetime.strptime(str(int(waarde)), "%Y%m%d").date())
    getal = fmt.number(waarde, 0 if float(waarde).is_integer() else 1)
    if eenheid == "pct":
        return f"{getal}%"
    return f"{getal} {eenheid}" if eenheid in _WORD_UNITS else getal


def _range(low: float, high: float, eenheid: str) -> str:
    """'3 tot 6 maanden', '5 tot 7', '€ 4,4 mld tot € 4,7 mld'."""
    if eenheid in _WORD_UNITS or eenheid == "pct" or eenheid == "aantal":
        return f"{fmt.number(low, 0 if float(low).is_integer() else 1)} tot {cijfer(high, eenheid)}"
    return f"{cijfer(low, eenheid)} tot {cijfer(high, eenheid)}"


def plaatsen(vindplaatsen: list[str]) -> str:
    """'§ 1.4' / '§ 1.4 en bijlage 2' / '§ 1.4, § 3.3 en bijlage 2': each place once, in the order given.
    A cell may already list several places ('§ 1.1 en § 4.1'); those are split first."""
    unique = list(dict.fromkeys(p.strip() for v in vindplaatsen if isinstance(v, str)
                                for p in v.replace(" en ", ", ").split(",") if p.strip()))
    return ", ".join(unique[:-1]) + " en " + unique[-1] if len(unique) > 1 else "".join(unique)


def bron(document: str, vindplaatsen: list[str]) -> str:
    """'Inkoopstrategie GRJR, § 1.4' (or '§ 1.4 en § 3.3'); the document alone when no place is known."""
    where = plaatsen(vindplaatsen)
    return f"{document}, {where}" if where else document


def bronnen(feiten: list[Feit]) -> str:
    """The sources of several figures, one entry per document: 'Inkoopstrategie GRJR, § 1.4'."""
    places: dict[str, list[str]] = {}
    for f in feiten:
        places.setdefault(f.document, []).extend(f.vindplaatsen)
    return "; ".join(bron(document, found) for document, found in places.items())


# Measure name prefixes written out in the list of every figure.
_PREFIXES = {"ceo_": "cliëntervaringsonderzoek: ", "landelijk_": "landelijk: ", "mijlpaal_": "mijlpaal: "}


def onderwerp(maat: str) -> str:
    """A measure's name as words, for the list of every figure: 'aantal_percelen' -> 'Aantal percelen',
    'ceo_snel_geholpen' -> 'Cliëntervaringsonderzoek: snel geholpen'."""
    prefix = next((p for p in _PREFIXES if maat.startswith(p)), "")
    words = (_PREFIXES.get(prefix, "") + maat[len(prefix):]).replace("_t_o_v_", " t.o.v. ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def jaren_tekst(jaren: list[int]) -> str:
    """2023 / 2015–2019 / 2015, 2017 en 2019"""
    jaren = sorted(set(jaren))
    if not jaren:
        return ""
    if len(jaren) > 2 and jaren == list(range(jaren[0], jaren[-1] + 1)):
        return f"{jaren[0]}–{jaren[-1]}"
    if len(jaren) == 1:
        return str(jaren[0])
    return ", ".join(map(str, jaren[:-1])) + f" en {jaren[-1]}"


# --- reading ------------------------------------------------------------------------------------------------

def zeker(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    """The region's figures that may be shown as facts (uncertain assignments left out)."""
    frame = queries.bron_cijfers(con, regio=regio)
    return frame[~frame["onzeker"].astype(bool)].reset_index(drop=True)


def _place(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) and value else ()


def _year(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def feiten(con: duckdb.DuckDBPyConnection, regio: str, toon: tuple[Toon, ...]) -> list[Feit]:
    """The figures of `toon` the region's documents give, in the registry's order, then by year and soort.

    Plain Python over the region's rows (tens, at most a few hundred): a pandas filter, sort and groupby per
    figure cost 15-40 ms a page view, on rows that fit in a list."""
    rows = zeker(con, regio).to_dict("records")
    found: list[Feit] = []
    for t in toon:
        match = [r for r in rows if r["maat"] in t.maten and (not t.onderdelen or r["onderdeel"] in t.onderdelen)
                 and (t.regel is None or r["regel"] == t.regel)]
        if len(t.maten) == 1:
            # Missing years and soorten first, then by year and soort (a stable sort: the rows' order within).
            match.sort(key=lambda r: (not _missing(r["jaar"]), 0 if _missing(r["jaar"]) else r["jaar"],
                                      not _missing(r["soort"]), "" if _missing(r["soort"]) else r["soort"]))
            for row in match:
                found.append(Feit(
                    onderwerp=t.onderwerp, cijfer=t.voorvoegsel + cijfer(row["waarde"], row["eenheid"]),
                    waarde=float(row["waarde"]), jaar=_year(row["jaar"]), soort=row["soort"],
                    document=row["document"], regels=(row["regel"],), vindplaatsen=_place(row["vindplaats"]),
                    reikwijdte=REIKWIJDTE.get(row["onderdeel"], "") if row["maat"] == TOTAAL else ""))
            continue
        low_maat, high_maat = t.maten
        pairs: dict[tuple[float, str], list[dict]] = {}
        for row in match:   # per year and onderdeel (a missing one as -1 and ""), in the rows' order
            key = (-1 if _missing(row["jaar"]) else row["jaar"], "" if _missing(row["onderdeel"]) else row["onderdeel"])
            pairs.setdefault(key, []).append(row)
        for key in sorted(pairs):
            low = next((r for r in pairs[key] if r["maat"] == low_maat), None)
            high = next((r for r in pairs[key] if r["maat"] == high_maat), None)
            if low is None or high is None:
                continue
            found.append(Feit(
                onderwerp=t.onderwerp, cijfer=t.voorvoegsel + _range(low["waarde"], high["waarde"], low["eenheid"]),
                waarde=float(low["waarde"]), jaar=_year(low["jaar"]), soort=low["soort"],
                document=low["document"], regels=tuple(dict.fromkeys((low["regel"], high["regel"]))),
                vindplaatsen=_place(low["vindplaats"]) + _place(high["vindplaats"])))
    return found


def alle(con: duckdb.DuckDBPyConnection, regio: str) -> pd.DataFrame:
    """Every certain figure of the region as the Bronnen page lists it: Dutch text, one row per figure."""
    rows = zeker(con, regio)
    # The document's own wording where a page keeps it ('ruim 300').
    wording = {(t.maten[0], t.regel): t.voorvoegsel for toon in PAGINAS.values() for t in toon if t.voorvoegsel}
    return pd.DataFrame({
        "Jaar": rows["jaar"].map(lambda v: "" if pd.isna(v) else str(int(v))),
        "Onderwerp": rows["maat"].map(onderwerp),
        "Onderdeel": rows["onderdeel"].fillna(""),
        "Cijfer": [wording.get((m, r), "") + cijfer(w, e)
                   for m, r, w, e in zip(rows["maat"], rows["regel"], rows["waarde"], rows["eenheid"], strict=True)],
        "Soort": rows["soort"].map(lambda s: SOORTEN.get(s, s)),
        "Bron": [bron(d, _place(v)) for d, v in zip(rows["document"], rows["vindplaats"], strict=True)],
        # For checkers: the line in our text version of the document (not a page of the document).
        "Regel in de tekstversie": rows["regel"],
        "Toelichting": rows["toelichting"].fillna(""),
    })


def hele_regio(sel: Selectie) -> bool:
    """A region's document totals answer only a selection of the whole region: all gemeenten, all segments."""
    return not sel.gemeenten and not sel.segmenten


def melding_totaal(totalen: list[Feit], sel: Selectie, getoond: range, laatste_jaar: bool,
                   kiesbaar: list[int] | None = None) -> str | None:
    """What a page says about the region's document totals it does not show: they hold for the region as a whole
    only, or fall outside the years the page shows (`getoond`). None when it shows them, or there are none.
    `laatste_jaar`: the page shows the last year chosen only (Overzicht), not every year chosen. `kiesbaar`: the
    years the filter bar offers (None: all), so the page never asks for a year that cannot be chosen."""
    years = sorted({f.jaar for f in totalen if f.jaar is not None})
    shown = [y for y in years if y in getoond]
    if not years or (shown and hele_regio(sel)):
        return None
    sources = bronnen([f for f in totalen if f.jaar in (shown or years)])
    choosable = [y for y in years if kiesbaar is None or y in kiesbaar]
    if not shown and not choosable:
        return (f"Een openbaar document geeft het totaal van deze regio over {jaren_tekst(years)} ({sources}); "
                "die jaren vallen buiten de jaren met cijfers in dit dashboard. Ze staan op de pagina Bronnen en "
                "gegevens.")
    one = len(shown or choosable) == 1
    pick_year = ("dat jaar" if one else "een van die jaren") + (" als laatste jaar" if laatste_jaar else "")
    if not hele_regio(sel):
        also = "" if shown else f" en {pick_year}"
        return (f"Voor de regio als geheel staat het totaal over {jaren_tekst(shown or years)} in een openbaar "
                f"document ({sources}). Het geldt niet voor een deel van de gemeenten of segmenten: kies de hele "
                f"regio en alle segmenten{also} om het hier te zien.")
    pick = f"{jaren_tekst(choosable)} als laatste jaar" if laatste_jaar else jaren_tekst(choosable)
    return (f"Een openbaar document geeft het totaal van deze regio over {jaren_tekst(years)} ({sources}); kies "
            f"{pick} om het hier te zien.")
