"""Data of the Gemeenteprofiel (pages/gemeente.py): one gemeente against its region and the gemeenten of the most
similar size, with its key figures, the region's targets, waits and stays, its council's points and the map.

It is longer than 300 lines because the profile's tabs each have their typed result here, beside the one page they
serve: the opening view (`load`) and the three tabs that load when opened (`doelen_tab`, `raad_tab`, `kaart_tab`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import duckdb
import pandas as pd

from jeugdhulp import fmt, kpi, queries, safe, tables
from jeugdhulp.punten import points_table
from jeugdhulp.selectie import Selectie

VERGELIJKBAAR_AANTAL = queries.VERGELIJKBAAR_AANTAL   # the number of comparable gemeenten (the page's rule)


@dataclass(frozen=True)
class Kerncijfer:
    """One metric as the page shows it."""

    label: str                 # the metric's label
    waarde: str                # the figure, formatted
    toelichting: str | None    # the comparison under it (region, comparable gemeenten, counts); None: none


@dataclass(frozen=True)
class Kaartmaat:
    """A measure the map can be coloured by."""

    label: str                 # name in the choice and the chart title
    legenda: str               # title of the colour bar
    kind: str                  # number format (charts: eur, rate, count)
    klein: str | None          # the flag of the count behind it (grey when masked); None: not a count of people


MAATEN: Mapping[str, Kaartmaat] = MappingProxyType({   # column of queries.kaart_gemeenten -> how to show it
    "eur_per_jeugdige": Kaartmaat("Uitgaven per jeugdige", "€ per jeugdige", "eur", None),
    "per_1000_jeugdigen": Kaartmaat("Jeugdigen in zorg per 1.000 jeugdigen", "per 1.000", "rate", "jeugdigen_klein"),
    "residentieel_per_1000": Kaartmaat("Residentieel per 1.000 jeugdigen", "per 1.000", "rate",
                                       "jeugdigen_residentieel_klein"),
    "jeugdigen_residentieel": Kaartmaat("Jeugdigen in residentiële zorg", "jeugdigen", "count",
                                        "jeugdigen_residentieel_klein"),
})


# Labels of the columns of per_jaar and kaart in the tables behind the charts (their downloads).
KOLOMMEN_PER_JAAR = MappingProxyType({"jaar": "Jaar", "groep": "Groep", "realisatie_eur": "Realisatie (EUR)",
                                      "jeugdigen_0_17": "Jeugdigen 0-17", "eur_per_jeugdige": "EUR per jeugdige"})
KOLOMMEN_KAART = MappingProxyType({"gemeente": "Gemeente", "gemeente_code": "CBS-code", "regio": "Regio",
                                   "jeugdigen_0_17": "Jeugdigen 0-17", "jeugdigen": "Jeugdigen in zorg",
                                   "jeugdigen_residentieel": "Jeugdigen residentieel"})


@dataclass(frozen=True)
class Zorgreeks:
    """A trend chart of youths in care per 1,000 youths 0-17."""

    waarde: str                # the rate column of per_jaar
    klein: str                 # the flag of the count behind it
    wat: str                   # what is counted, in titles and the definition
    sleutel: str               # the chart key's suffix

    @property
    def kolommen(self) -> dict[str, str]:
        return {"jaar": "Jaar", "groep": "Groep", self.klein.removesuffix("_klein"): "Jeugdigen",
                "jeugdigen_0_17": "Jeugdigen 0-17", self.waarde: "Per 1.000 jeugdigen"}


ZORGREEKSEN = (Zorgreeks("per_1000_jeugdigen", "jeugdigen_klein", "Jeugdigen in zorg", "zorg"),
               Zorgreeks("residentieel_per_1000", "jeugdigen_residentieel_klein", "Jeugdigen in residentiële zorg",
                         "residentieel"))


@dataclass(frozen=True)
class Kaartbeeld:
    """One map tab: the region's gemeenten or the whole country."""

    scope: str                           # 'regio' or 'nederland' (part of the chart key)
    frame: pd.DataFrame                  # the gemeenten shown with their map measures
    grenzen: tuple[str, ...] | None      # the gemeenten whose borders to draw; None: all of the country
    waar: str                            # where, in the chart title ('regio Zuid-Holland Zuid', 'Nederland')

    @property
    def bron(self) -> str:
        return tables.sources(self.frame)

    @property
    def voorbeeld(self) -> bool:
        return tables.any_example(self.frame)

    def hidden_note(self, maat: str) -> str:
        """The line under the map coloured by `maat` when a gemeente is grey for a count under 5 (its table shows
        more counts than the map, so the table alone does not decide)."""
        flag = MAATEN[maat].klein
        return tables.HIDDEN_NOTE if flag is not None and bool(self.frame[flag].fillna(False).any()) else ""


@dataclass(frozen=True)
class GemeenteData:
    code: str                            # CBS code of the gemeente shown
    naam: str                            # its name
    jaar: int                            # the last year of the selection: key figures, mix, map
    labels: dict[str, str]               # groep (gemeente, regio, vergelijkbaar) -> its label in charts and tables
    vergelijkbaar: pd.DataFrame          # the comparable gemeenten in `jaar`, nearest first
    vergelijkbaar_tekst: str             # them as one markdown line (name, region, youths), or why there are none

    regio: str                           # the region's code (the gemeente's own)

    @property
    def reikwijdte(self) -> str | None:
        """GRJR's figures cover only regionally bought care (its example data is calibrated to the GR's own
        accounts): say so wherever a GRJR gemeente is compared with gemeenten of other regions."""
        regions = set(self.vergelijkbaar.get("regio_code", pd.Series(dtype="object"))) | {self.regio}
        if "GRJR" not in regions or len(regions) < 2:
            return None
        return ("Let op bij de vergelijking: de cijfers van Rijnmond (GRJR) gaan alleen over jeugdhulp die de regio "
                "samen inkoopt (pakketten B tot en met F); wat gemeenten daar zelf inkopen ontbreekt. Uitgaven en "
                "jeugdigen per 1.000 liggen daar daardoor lager dan in de andere regio's.")
    per_jaar: pd.DataFrame               # jaar x groep: spend per youth, youths (residential) per 1,000
    kerncijfers: tuple[Kerncijfer, ...]  # the key figures of `jaar`; empty when the gemeente has no row then
    bron_kerncijfers: str                # source line of the rows of `jaar`
    mix: pd.DataFrame                    # groep x vorm: share of realisatie in `jaar`
    voorbeeld: bool                      # example data in per_jaar, mix or the comparable gemeenten (the page's warning)
    echt: bool                           # real (loaded or sourced) figures there too: the warning says both
    apart: bool = False                  # region or comparable figures left out: other status than the gemeente's

    @property
    def vergelijkbaar_regel(self) -> str:
        """How the comparable gemeenten are chosen and the groups summed (markdown)."""
        return (f"Vergelijkbaar: de {VERGELIJKBAAR_AANTAL} gemeenten uit alle regio's in dit dashboard waarvan het "
                f"aantal inwoners van 0-17 jaar in {self.jaar} het dichtst bij dat van {safe.md(self.naam)} ligt. "
                "Afstand telt in verhoudingen: een gemeente die twee keer zo groot is, staat even ver af als een "
                "gemeente die half zo groot is. Bij gelijke afstand gaat de laagste CBS-code voor. 'Regio' is de hele "
                "regio, de gemeente zelf meegeteld. Bedragen en aantallen van een groep zijn opgeteld en gedeeld "
                "door de jeugdigen van de gemeenten die dat cijfer in dat jaar hebben.")

    @property
    def per_jaar_benoemd(self) -> pd.DataFrame:
        """per_jaar with each groep as its label (the table behind the trend charts)."""
        return self.per_jaar.assign(groep=self.per_jaar["groep"].map(self.labels))

    @property
    def mix_benoemd(self) -> pd.DataFrame:
        return self.mix.assign(groep=self.mix["groep"].map(self.labels))

    @property
    def bron_mix(self) -> str:
        return tables.sources(self.mix)

    @property
    def voorbeeld_mix(self) -> bool:
        return tables.any_example(self.mix)

    @property
    def bron_per_jaar(self) -> str:
        return tables.sources(self.per_jaar)

    @property
    def voorbeeld_per_jaar(self) -> bool:
        return tables.any_example(self.per_jaar)



# The tabs below the key figures load their own data when opened (pages/gemeente.py runs only the open tab): the
# opening view (Uitgaven) needs none of it, and at ten million trajecten the waits, targets and map were half of the
# profile's time.

@dataclass(frozen=True)
class DoelenTab:
    """'Doelen, wachttijd, verblijf': the gemeente against the region's targets, its waits and stays."""

    doelen: tuple[Kerncijfer, ...]       # per target of the region (residential, foster care): the gemeente's status
    duren: tuple[Kerncijfer, ...]        # median wait and median stay in `jaar`, next to the region's
    bron_trajecten: str                  # source line of figures from trajecten (waits, stays)
    voorbeeld_trajecten: bool            # those trajecten are example data


@dataclass(frozen=True)
class RaadTab:
    """'Wat zei de raad?': the gemeente's council's points."""

    themas: pd.DataFrame                 # the themes the gemeente's council raised, points per theme
    punten: pd.DataFrame                 # its council's points as the table shows them


@dataclass(frozen=True)
class KaartTab:
    """'Kaart': every gemeente in the dashboard with its map measures in the selection's last year."""

    kaart: pd.DataFrame                  # every gemeente with its map measures
    kaartbeelden: tuple[Kaartbeeld, ...] # the map tabs: the region, the country

    def regio_van(self, code: str | None) -> str | None:
        """The region of a gemeente on the map (None: not in this dashboard)."""
        found = self.kaart.loc[self.kaart["gemeente_code"] == code, "regio_code"]
        return str(found.iloc[0]) if len(found) else None


def kies(namen: Mapping[str, str], *voorkeur: str | None) -> str:
    """The first preferred gemeente that the region has (the filter bar's gemeenten, in order), else its first."""
    return next((code for code in voorkeur if code in namen), next(iter(namen)))


def namen(con: duckdb.DuckDBPyConnection, sel: Selectie) -> dict[str, str]:
    """The gemeenten of the region, CBS code -> name: the choices of the page's selectbox."""
    return queries.gemeenten(con, sel.regio).set_index("gemeente_code")["naam"].to_dict()


def _rate(row: pd.Series, value: str, small: str) -> str:
    return "<5 jeugdigen" if row[small] else fmt.number(row[value], 1)


def _days(row: pd.Series | None) -> str:
    if row is None:
        return "geen gegevens"
    return "<5 jeugdigen" if row["aantal_klein"] else f"{fmt.number(row['mediaan'], 0)} dagen"


KERNCIJFERS: tuple[tuple[str, Callable[[pd.Series], str]], ...] = (   # label, one groep's figure as shown
    ("Uitgaven per jeugdige (0-17)", lambda r: fmt.eur(r["eur_per_jeugdige"])),
    ("Jeugdigen in zorg per 1.000", lambda r: _rate(r, "per_1000_jeugdigen", "jeugdigen_klein")),
    ("Residentieel per 1.000", lambda r: _rate(r, "residentieel_per_1000", "jeugdigen_residentieel_klein")),
    ("Inwoners van 0-17 jaar", lambda r: fmt.number(r["jeugdigen_0_17"])),
)


def _kerncijfers(last: pd.DataFrame) -> tuple[Kerncijfer, ...]:
    """The gemeente's key figures with the region's (and the comparable gemeenten's) under them."""
    last = last.set_index("groep")
    if "gemeente" not in last.index:
        return ()
    mine, region = last.loc["gemeente"], last.loc["regio"]
    other = last.loc["vergelijkbaar"] if "vergelijkbaar" in last.index else None
    return tuple(Kerncijfer(label, show(mine), f"regio {show(region)}"
                            + (f" · vergelijkbaar {show(other)}" if other is not None else ""))
                 for label, show in KERNCIJFERS)


def _doelen(con: duckdb.DuckDBPyConnection, sel: Selectie, code: str) -> tuple[Kerncijfer, ...]:
    """Per target of the region on residential or foster care: the gemeente's status against it."""
    doelen = queries.doelen(con, sel.regio)
    out = []
    reeksen: dict[tuple[str, str | None], pd.DataFrame] = {}   # one query per KPI and segment
    for _, doel in doelen[doelen["kpi"].isin(list(kpi.DOEL_KPIS))].iterrows():
        segment = doel["segment_code"] if isinstance(doel["segment_code"], str) else None
        if (doel["kpi"], segment) not in reeksen:
            reeksen[doel["kpi"], segment] = queries.doel_reeks(con, sel.regio, doel["kpi"], segment)
        status = queries.doel_status(con, sel.regio, [code], doel["kpi"], segment, int(doel["basisjaar"]),
                                     int(doel["doeljaar"]), float(doel["wijziging_pct"]), sel.jaar_tot,
                                     series=reeksen[doel["kpi"], segment], alleen_selectie=True)
        mijn = status[status["niveau"] == "selectie"].iloc[0]
        out.append(Kerncijfer(f"{tables.doel_label(doel)} t.o.v. {int(doel['basisjaar'])}", mijn["status"].capitalize(),
                              tables.doel_toelichting(mijn)))
    return tuple(out)


def _duren(con: duckdb.DuckDBPyConnection, sel: Selectie, code: str, naam: str) -> tuple[Kerncijfer, ...]:
    """Median wait and stay of the gemeente in the last year, next to the whole region's."""
    out = []
    # One query for both measures, for the gemeente and the whole region ('regio': the same histogram, every gemeente).
    bundels = queries.kpi_bundels(con, ("wachttijd", "verblijfsduur"), sel.regio, [code], [], sel.jaar_tot,
                                  sel.jaar_tot, met_regio=True, alleen=("jaar", "regio"))
    for measure, what, unit in (("wachttijd", "Mediaan wachttijd", "trajecten"),
                                ("verblijfsduur", "Mediaan verblijfsduur", "verblijven")):
        bundel = bundels[measure]
        eigen, hele_regio = (f.iloc[0] if len(f) else None for f in (bundel["jaar"], bundel["regio"]))
        out.append(Kerncijfer(what, _days(eigen),
                              f"regio {_days(hele_regio)} · {safe.md(naam)}: {fmt.count(eigen['aantal'])} {unit}"
                              if eigen is not None else f"regio {_days(hele_regio)}"))
    return tuple(out)


# The measures of per_jaar by the status column that says whether they are real or example figures.
_STATUS_MEASURES = {"status_uitgaven": ["realisatie_eur", "eur_per_jeugdige"],
                    "status_jeugdigen": ["jeugdigen", "per_1000_jeugdigen", "jeugdigen_residentieel",
                                         "residentieel_per_1000"]}


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, gemeente: str) -> GemeenteData:
    """The profile of `gemeente` (a CBS code of the region: the page passes the sidebar's first) in the selection's
    years, as it opens: the comparable gemeenten, the trends and key figures, the mix of spend; the sidebar's
    segments do not apply (segments differ per region). The other tabs: doelen_tab, raad_tab, kaart_tab."""
    naam, jaar = namen(con, sel)[gemeente], sel.jaar_tot
    vergelijkbaar = queries.vergelijkbare_gemeenten(con, gemeente, jaar)
    andere = vergelijkbaar["gemeente_code"].tolist()
    per_jaar, apart = tables.same_status(queries.vergelijking_per_jaar(con, gemeente, andere, sel.jaar_van, jaar),
                                         _STATUS_MEASURES)
    mix, mix_apart = tables.same_status_groups(queries.vorm_mix(con, gemeente, andere, jaar))
    last = per_jaar[per_jaar["jaar"] == jaar]
    return GemeenteData(
        code=gemeente, naam=naam, jaar=jaar,
        labels={"gemeente": naam, "regio": f"Regio {sel.regio_naam}", "vergelijkbaar": "Vergelijkbare gemeenten"},
        vergelijkbaar=vergelijkbaar,
        vergelijkbaar_tekst=", ".join(
            f"{safe.md(r.gemeente)} ({safe.md(r.regio)}, {fmt.number(r.jeugdigen_0_17)} jeugdigen)"
            for r in vergelijkbaar.itertuples()) or "geen (geen inwonertal van deze gemeente in dit jaar).",
        regio=sel.regio,
        per_jaar=per_jaar,
        kerncijfers=_kerncijfers(last),
        bron_kerncijfers=tables.sources(last),
        mix=mix,
        # The comparable gemeenten's youths are in the text above the tabs: their status counts too. The map, in a
        # tab of its own, marks its own example figures.
        voorbeeld=tables.any_example(per_jaar, mix, vergelijkbaar),
        echt=tables.any_real(per_jaar, mix, vergelijkbaar),
        apart=apart or mix_apart,
    )


def doelen_tab(con: duckdb.DuckDBPyConnection, sel: Selectie, gemeente: str) -> DoelenTab:
    """The tab 'Doelen, wachttijd, verblijf' of `gemeente`."""
    bron_trajecten, voorbeeld_trajecten = queries.trajecten_herkomst(con, sel.regio)
    return DoelenTab(doelen=_doelen(con, sel, gemeente), duren=_duren(con, sel, gemeente, namen(con, sel)[gemeente]),
                     bron_trajecten=bron_trajecten, voorbeeld_trajecten=voorbeeld_trajecten)


def raad_tab(con: duckdb.DuckDBPyConnection, sel: Selectie, gemeente: str) -> RaadTab:
    """The tab 'Wat zei de raad?' of `gemeente`."""
    punten = queries.consultatie_punten(con, sel.regio, gemeenten=[gemeente])   # for the themes and the table
    return RaadTab(themas=queries.gemeente_themas(con, sel.regio, gemeente, points=punten), punten=points_table(punten))


def kaart_tab(con: duckdb.DuckDBPyConnection, sel: Selectie) -> KaartTab:
    """The tab 'Kaart' in the selection's last year: the same for every gemeente of the region."""
    kaart = queries.kaart_gemeenten(con, sel.jaar_tot)
    regio = kaart[kaart["regio_code"] == sel.regio]
    return KaartTab(kaart=kaart, kaartbeelden=(Kaartbeeld("regio", regio, tuple(regio["gemeente_code"]),
                                                          f"regio {sel.regio_naam}"),
                                               Kaartbeeld("nederland", kaart, None, "Nederland")))
