"""The standard charts, as data: one function per chart that a page shows and a ready-made deck reuses
(jeugdhulp.deck), so a slide made after an upload is the chart the page shows for the same selection.

A `Grafiek` is what dashboard.ui.chart draws: the figure, the frame behind it, its columns for the table and the
downloads, and the words around it. `prepare` makes of it what a slide stores (presentatie.add), the same way for a
click on "Naar presentatie" and for a deck. No Streamlit here; dashboard.state.grafiek builds each once per data
version and shares it between sessions.

It is longer than 300 lines because every standard chart of every page is one small function here, each beside the
others it shares its words and columns with."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import charts, charts_landelijk, safe, tables
from jeugdhulp.pagedata.consultatie import ConsultatieData, kort
from jeugdhulp.pagedata.doelen import DoelenData
from jeugdhulp.pagedata.gemeente import KOLOMMEN_KAART, KOLOMMEN_PER_JAAR, MAATEN, ZORGREEKSEN, GemeenteData, KaartTab, RaadTab
from jeugdhulp.pagedata.uitgaven import UitgavenData
from jeugdhulp.pagedata.vergelijken import VergelijkenData
from jeugdhulp.pagedata.volumes import VolumesData
from jeugdhulp.pagedata.wachttijden import WachttijdenData
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class Grafiek:
    fig: go.Figure
    frame: pd.DataFrame
    columns: dict[str, str]
    key: str
    title: str
    definition: str
    hidden_note: str | None = None


@dataclass(frozen=True)
class Prepared:
    """A chart made ready for the page's caption and for a slide: the figure with its hidden-values note inside,
    the table as exported, and the words a slide keeps."""
    fig: go.Figure
    export: pd.DataFrame
    titel: str
    definitie: str
    bron: str
    voorbeeld: bool
    label: str
    note: str
    about: dict[str, object] = field(default_factory=dict)
    key: str = ""          # the Grafiek's key (widgets, downloads)
    naam: str = ""         # the Grafiek's short title (file names)

    def slide(self) -> dict[str, object]:
        """The keyword arguments of presentatie.add besides the token."""
        return {"fig": self.fig, "table": self.export, **self.about}


def prepare(g: Grafiek) -> Prepared:
    """What ui.chart shows under the chart and what a slide stores. The note on hidden values is tables.hidden_note
    of the frame, unless the page gives one for what the figure shows; it goes into the figure, so a slide made
    from it says it too."""
    label = tables.example_label(g.frame)
    note = tables.hidden_note(g.frame, g.columns) if g.hidden_note is None else g.hidden_note
    charts.with_hidden_note(g.fig, note)
    definition = g.definition
    if any(c.endswith("_klein") for c in g.frame.columns):     # counts of people: say how small ones are hidden
        definition = f"{definition} {tables.SMALL_COUNT_NOTE}"
    bron = tables.sources(g.frame)
    voorbeeld = tables.any_example(g.frame)
    export = tables.export_frame(g.frame, g.columns)
    titel = safe.plotly_plain(g.fig.layout.title.text) if g.fig.layout.title and g.fig.layout.title.text else ""
    return Prepared(g.fig, export, titel or g.title, definition, bron, voorbeeld, label, note,
                    about={"sleutel": g.key, "titel": titel or g.title, "definitie": definition, "bron": bron,
                           "voorbeeld": voorbeeld}, key=g.key, naam=g.title)


# --- Uitgaven ----------------------------------------------------------------------------------------------------

def uitgaven_per_jeugdige(data: UitgavenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.per_jeugdige_trend(data.trend, f"Uitgaven per jeugdige — {sel.label}"
                                  + (" en de regio" if sel.gemeenten else ""), data.bron_trend,
                                  data.voorbeeld_trend, sel.label,
                                  "Hele regio" if data.regio_label == "regio" else f"Regio ({data.regio_label})"),
        data.realisatie,
        {"jaar": "Jaar", "selectie_eur_per_jeugdige": "Selectie (EUR per jeugdige)",
         "regio_eur_per_jeugdige": "Regio (EUR per jeugdige)", "selectie_jeugdigen_0_17": "Jeugdigen 0-17 selectie"},
        key="uitgaven_per_jeugdige", title="Uitgaven per jeugdige",
        definition="Gerealiseerde uitgaven gedeeld door het aantal inwoners van 0 tot en met 17 jaar.")


def uitgaven_per_gemeente(data: UitgavenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.per_gemeente(data.per_gemeente, "eur_per_jeugdige", f"Uitgaven per jeugdige per gemeente, {sel.jaar_tot}",
                            data.bron_per_gemeente, data.voorbeeld_per_gemeente, "€ per jeugdige (0-17 jaar)",
                            list(sel.gemeenten), average=data.regio_per_jeugdige, average_label=data.regio_label),
        data.per_gemeente,
        {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "realisatie_eur": "Realisatie (EUR)",
         "begroting_eur": "Begroting (EUR)", "jeugdigen_0_17": "Jeugdigen 0-17", "eur_per_jeugdige": "EUR per jeugdige"},
        key="uitgaven_per_gemeente", title=f"Uitgaven per gemeente {sel.jaar_tot}",
        definition="Realisatie in het laatste gekozen jaar gedeeld door het aantal inwoners van 0-17 jaar; "
                   "de stippellijn is het gemiddelde van de regio"
                   + ("." if data.regio_label == "regio" else f", hier alleen van de {data.regio_label}."))


def uitgaven_aandeel_segment(data: UitgavenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.share_per_segment(data.laatste_jaar, f"Aandeel per segment, {sel.jaar_tot} — {sel.label}",
                                 data.bron_laatste_jaar, data.voorbeeld_laatste_jaar),
        data.laatste_jaar, {"segment": "Segment", "vorm": "Vorm", "realisatie_eur": "Realisatie (EUR)",
                            "begroting_eur": "Begroting (EUR)", "aandeel": "Aandeel"},
        key="uitgaven_aandeel_segment", title=f"Aandeel per segment {sel.jaar_tot}",
        definition="Realisatie per segment als deel van de totale realisatie van de selectie in het jaar.")


def uitgaven_per_segment(data: UitgavenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.per_segment_stacked(data.per_segment, "realisatie_eur", f"Realisatie per segment — {sel.label}",
                                   data.bron_per_segment, data.voorbeeld_per_segment, "€ mln"),
        data.per_segment, {"jaar": "Jaar", "segment": "Segment", "realisatie_eur": "Realisatie (EUR)",
                           "begroting_eur": "Begroting (EUR)"},
        key="uitgaven_per_segment", title="Realisatie per segment",
        definition="Gerealiseerde uitgaven per segment en jaar in de geselecteerde gemeenten.")


# --- Jeugdigen en trajecten --------------------------------------------------------------------------------------

def volumes_per_segment(data: VolumesData, sel: Selectie, measure: str = "jeugdigen") -> Grafiek:
    return Grafiek(
        charts.per_segment_stacked(data.per_segment, measure, f"{measure.capitalize()} per segment — {sel.label}",
                                   data.bron_per_segment, data.voorbeeld_per_segment, f"Aantal {measure}",
                                   kind="count"),
        data.per_segment, {"jaar": "Jaar", "segment": "Segment", "vorm": "Vorm", "jeugdigen": "Jeugdigen",
                           "trajecten": "Trajecten"},
        key="volumes_per_segment", title=f"{measure} per segment",
        definition="Jeugdigen: unieke jeugdigen met een traject dat in het jaar liep, per segment (een jeugdige "
                   "in twee segmenten telt in beide). Trajecten: trajecten die in het jaar liepen.")


def volumes_per_gemeente(data: VolumesData, sel: Selectie, measure: str = "per_1000_jeugdigen") -> Grafiek:
    count = measure == "jeugdigen"
    return Grafiek(
        charts.per_gemeente(data.per_gemeente, measure, f"Jeugdigen in zorg per gemeente, {sel.jaar_tot}",
                            data.bron_per_gemeente, data.voorbeeld_per_gemeente,
                            "Aantal jeugdigen in zorg" if count else "Per 1.000 inwoners van 0-17 jaar",
                            list(sel.gemeenten), kind="count" if count else "number",
                            average=data.gemiddelde_gemeente if count else data.regio_per_1000,
                            average_label="gemiddelde gemeente" if count else "regio"),
        data.per_gemeente, {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "jeugdigen": "Jeugdigen in zorg",
                            "jeugdigen_0_17": "Jeugdigen 0-17", "per_1000_jeugdigen": "Per 1.000 jeugdigen"},
        key="volumes_per_gemeente", title=f"Jeugdigen in zorg per gemeente {sel.jaar_tot}",
        definition="Unieke jeugdigen met een lopend traject in het jaar (bij gekozen segmenten: opgeteld over "
                   "die segmenten), ook per 1.000 inwoners van 0-17 jaar.")


# --- Wachttijd en verblijfsduur ----------------------------------------------------------------------------------

def wachttijd_jaar(data: WachttijdenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.stats_per_year(data.wacht, [("mediaan", "Mediaan"), ("p90", "90% wacht korter dan")],
                              f"Wachttijd van aanmelding tot start — {sel.label}", data.bron, data.voorbeeld, "Dagen"),
        data.met_bron(data.wacht),
        tables.STAT_COLUMNS | {"binnen_norm": "Aandeel binnen norm", "norm_dagen": "Norm (dagen)"},
        key="wachttijd_jaar", title="Wachttijd per jaar",
        definition="Dagen van aanmelddatum tot startdatum, per jaar van start: mediaan en 90e percentiel. "
                   "Waar een doel een norm geeft (GRJR crisis: binnen 1 dag) staat ook het aandeel binnen de norm "
                   "in de tabel. Statistieken gebruiken alleen gemeenten en segmenten met minstens 5 trajecten in het "
                   "jaar, samen minstens 10, in hele dagen; zijn er minder, dan staat er geen cijfer.")


def verblijfsduur_jaar(data: WachttijdenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.stats_per_year(data.duur, [("gemiddeld", "Gemiddeld"), ("mediaan", "Mediaan"), ("p90", "90% korter dan")],
                              f"Duur van beëindigd verblijf — {sel.label}", data.bron, data.voorbeeld, "Dagen"),
        data.met_bron(data.duur), tables.STAT_COLUMNS, key="verblijfsduur_jaar", title="Verblijfsduur per jaar",
        definition="Dagen van start tot einde van beëindigde trajecten met verblijf, per jaar van beëindiging: "
                   "gemiddelde, mediaan en 90e percentiel. Statistieken gebruiken alleen gemeenten en segmenten "
                   "met minstens 5 verblijven in het jaar, samen minstens 10, in hele dagen; zijn er minder, dan staat "
                   "er geen cijfer.")


def wachttijd_segment(data: WachttijdenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.box_per_segment(data.wacht_segment, f"Spreiding van de wachttijd per segment, {sel.jaren} — {sel.label}",
                               data.bron, data.voorbeeld, "Dagen van aanmelding tot start"),
        data.met_bron(data.wacht_segment), {"segment": "Segment"} | tables.STAT_COLUMNS,
        key="wachttijd_segment", title="Wachttijd per segment",
        definition="Doos: de middelste helft van de wachttijden (25e-75e percentiel) met de mediaan; "
                   "snorharen: 10e en 90e percentiel; de stippellijn is het gemiddelde.")


def wachttijd_model(data: WachttijdenData, sel: Selectie) -> Grafiek:
    """Only for a region with more than one purchasing model (data.wacht_modellen not empty)."""
    del sel
    return Grafiek(
        charts.stats_per_year(data.wacht_modellen, [("mediaan", "Mediaan")], "Mediane wachttijd per inkoopmodel",
                              data.bron, data.voorbeeld, "Dagen", group="inkoopmodel"),
        data.met_bron(data.wacht_modellen), {"inkoopmodel": "Inkoopmodel"} | tables.STAT_COLUMNS,
        key="wachttijd_model", title="Wachttijd per inkoopmodel",
        definition="De regionale inkoop naast het taakgerichte model van Maassluis, Vlaardingen en Schiedam.")


def verblijfsduur_segment(data: WachttijdenData, sel: Selectie) -> Grafiek:
    return Grafiek(
        charts.box_per_segment(data.duur_segment, f"Spreiding van de verblijfsduur per segment, {sel.jaren} — {sel.label}",
                               data.bron, data.voorbeeld, "Dagen verblijf", gevallen=("verblijf", "verblijven")),
        data.met_bron(data.duur_segment), {"segment": "Segment"} | tables.STAT_COLUMNS,
        key="verblijfsduur_segment", title="Verblijfsduur per segment",
        definition="Doos: 25e-75e percentiel met de mediaan; snorharen: 10e en 90e percentiel; stippellijn: gemiddelde.")


def verblijfsduur_model(data: WachttijdenData, sel: Selectie) -> Grafiek:
    """Only for a region with more than one purchasing model (data.duur_modellen not empty)."""
    del sel
    return Grafiek(
        charts.stats_per_year(data.duur_modellen, [("gemiddeld", "Gemiddeld")], "Gemiddelde verblijfsduur per inkoopmodel",
                              data.bron, data.voorbeeld, "Dagen", group="inkoopmodel"),
        data.met_bron(data.duur_modellen), {"inkoopmodel": "Inkoopmodel"} | tables.STAT_COLUMNS,
        key="verblijfsduur_model", title="Verblijfsduur per inkoopmodel",
        definition="Gemiddelde ligduur (de KPI van de GRJR) voor het regionale en het taakgerichte inkoopmodel.")


def aanbieders_segment(data: WachttijdenData, sel: Selectie) -> Grafiek:
    per_segment = data.aanbieders_per_segment
    return Grafiek(
        charts.bars(per_segment, "segment", "aanbieders", f"Aantal aanbieders per segment, {sel.jaar_tot}",
                    data.bron, data.voorbeeld, "Aanbieders met minstens één traject", kind="int"),
        data.met_bron(per_segment), {"segment": "Segment", "aanbieders": "Aanbieders"},
        key="aanbieders_segment", title="Aanbieders per segment",
        definition="Verschillende aanbieders met een lopend traject in het jaar, per segment.")


# --- Doel residentiële zorg --------------------------------------------------------------------------------------

def doel(data: DoelenData, sel: Selectie) -> Grafiek:
    """The residential volume against the target and base year `data` was loaded with, or without a target where
    the region's sources give none."""
    columns = {"groep": "Groep", "jaar": "Jaar", "waarde": "Jeugdigen"}
    if data.keuze is None:
        return Grafiek(charts.doel_traject(data.reeks, sel.jaar_van, sel.jaar_tot, None, None, None, None, data.titel,
                                           data.bron, data.voorbeeld, "Jeugdigen"),
                       data.met_bron(data.reeks), columns, key="doelen_zonder", title="Residentieel volume",
                       definition=data.definitie)
    mijn = data.mijn
    return Grafiek(charts.doel_traject(data.reeks, data.basisjaar, data.doeljaar, mijn["basiswaarde"],
                                       mijn["doelwaarde"], mijn["helling"], mijn["prognose"], data.titel, data.bron,
                                       data.voorbeeld, "Jeugdigen"),
                   data.met_bron(data.reeks), columns, key="doelen_traject", title="Doel en werkelijkheid",
                   definition=data.definitie)


# --- Wat zeiden de raden -----------------------------------------------------------------------------------------

def consultatie_kaart(data: ConsultatieData, sel: Selectie, index: int, group: str) -> Grafiek:
    """The heatmap of gemeenten by theme (or kernwaarde, `group`) of the `index`-th document chosen."""
    del sel
    document, matrix = data.per_document[index]
    meer = len(data.per_document) > 1
    wie = f" — {kort(document)}" if meer else ""
    return Grafiek(
        charts.heatmap(matrix, "gemeente", "thema", "punten", f"Punten per gemeente en {group}{wie}",
                       document, data.namen, data.kernwaarden),
        # The table under the chart names the themes as the chart does, never by their codes.
        matrix.assign(thema=matrix["thema"].map(lambda t: data.namen.get(t, t))),
        {"gemeente": "Gemeente", "thema": group.capitalize(), "punten": "Punten"},
        key="consultatie_kaart" + (f"_{index}" if index else ""), title=f"Punten per gemeente{wie}",
        definition="Aantal punten per gemeente naar hun eerste thema"
                   + (" (of de kernwaarde van dat thema: gelijkheid, efficiency, vrijheid, zekerheid, de vier "
                      "kernwaarden uit de Dordtse commissiebespreking)" if group == "kernwaarde" else "")
                   + f", in dit ene document ({document}). Punten zonder gemeente zijn regionale consultaties.")


def consultatie_standpunt(data: ConsultatieData, sel: Selectie) -> Grafiek:
    del sel
    return Grafiek(
        charts.stacked_counts(data.reacties, "naam", data.standpunten, "Standpunt per thema", data.bron, "Punten"),
        data.reacties, {"naam": "Thema"} | data.standpunten, key="consultatie_standpunt", title="Standpunt per thema",
        definition="Per thema hoe vaak de raad steunde, zorgen uitte, iets verzocht, vroeg of kritiek had"
                   + (" (punten van alle documenten samen)." if len(data.per_document) > 1 else "."))


def consultatie_uitkomst(data: ConsultatieData, sel: Selectie) -> Grafiek:
    del sel
    return Grafiek(
        charts.stacked_counts(data.reacties, "naam", data.uitkomsten, "Reactie van het bestuur per thema", data.bron,
                              "Punten"),
        data.reacties, {"naam": "Thema"} | data.uitkomsten, key="consultatie_uitkomst", title="Reactie per thema",
        definition="Hoe het bestuur reageerde: overgenomen, deels, toegelicht, niet overgenomen, of meegenomen "
                   "waar een document alle punten met één algemene reactie beantwoordt"
                   + (" (punten van alle documenten samen)." if len(data.per_document) > 1 else "."))


def thema_rangorde(data: ConsultatieData, sel: Selectie | None = None) -> Grafiek:
    del sel   # the same chart for every selection of the region the data was loaded for
    samen = (f" De {len(data.per_document)} documenten zijn samen geteld: een gemeente telt mee als het thema in één "
             "van de documenten bij haar staat." if len(data.per_document) > 1 else "")
    return Grafiek(
        charts.bars(data.ranking, "naam", "gemeenten", "Thema's naar aantal gemeenten dat ze noemde", data.bron,
                    False, "Gemeenten", kind="int"),
        data.ranking, {"naam": "Thema", "gemeenten": "Gemeenten", "punten": "Punten (eerste thema)"},
        key="consultatie_rangorde", title="Terugkerende thema's",
        definition="Aantal gemeenten dat een thema noemde, als eerste of tweede thema van een punt, in alle "
                   "gemeenten van de regio. Complimenten, koppen en afsluitingen ('algemeen') tellen niet mee. "
                   "In MIJOV zijn sommige zinnen per gemeente gelijk (centraal vastgelegd), in ZHZ delen "
                   "Hardinxveld-Giessendam en Papendrecht veel tekst: tellingen weerspiegelen dat." + samen)


# --- Gemeenteprofiel ------------------------------------------------------------------------------------------------

def gemeente_uitgaven(data: GemeenteData, sel: Selectie) -> Grafiek:
    del sel
    return Grafiek(
        charts.vergelijking_trend(data.per_jaar, "eur_per_jeugdige", data.labels, f"Uitgaven per jeugdige — {data.naam}",
                                  data.bron_per_jaar, data.voorbeeld_per_jaar, "€ per jeugdige (0-17 jaar)"),
        data.per_jaar_benoemd, dict(KOLOMMEN_PER_JAAR), key="gemeente_uitgaven",
        title=f"Uitgaven per jeugdige {data.naam}", definition="Gerealiseerde uitgaven aan jeugdhulp (alle segmenten) "
        "gedeeld door het aantal inwoners van 0 tot en met 17 jaar.")


def gemeente_vormen(data: GemeenteData, sel: Selectie) -> Grafiek:
    del sel
    return Grafiek(
        charts.vorm_mix(data.mix, data.labels, f"Uitgaven per vorm van hulp, {data.jaar} — {data.naam}", data.bron_mix,
                        data.voorbeeld_mix),
        data.mix_benoemd, {"groep": "Groep", "vorm_naam": "Vorm", "realisatie_eur": "Realisatie (EUR)",
                           "aandeel": "Aandeel"}, key="gemeente_vormen", title=f"Uitgaven per vorm {data.naam} {data.jaar}",
        definition="Aandeel van elke vorm van hulp in de realisatie van het jaar. Elk segment van een regio "
                   "hoort bij één vorm (ambulant, residentieel, ...), zodat regio's te vergelijken zijn.")


def gemeente_zorg(data: GemeenteData, sel: Selectie, index: int) -> Grafiek:
    """The `index`-th of gemeente.ZORGREEKSEN: youths (in residential care) per 1,000 against region and peers."""
    del sel
    reeks = ZORGREEKSEN[index]
    return Grafiek(
        charts.vergelijking_trend(data.per_jaar, reeks.waarde, data.labels, f"{reeks.wat} per 1.000 jeugdigen — {data.naam}",
                                  data.bron_per_jaar, data.voorbeeld_per_jaar, "Per 1.000 inwoners van 0-17 jaar",
                                  kind="rate", small=reeks.klein),
        data.per_jaar_benoemd, reeks.kolommen, key=f"gemeente_{reeks.sleutel}",
        title=f"{reeks.wat} per 1.000 jeugdigen {data.naam}",
        definition=f"{reeks.wat}: unieke jeugdigen met een lopend traject in het jaar, per gemeente geteld en "
                   "opgeteld, per 1.000 inwoners van 0-17 jaar.")


def gemeente_themas(data: RaadTab, sel: Selectie, naam: str) -> Grafiek:
    del sel
    return Grafiek(
        charts.punten_per_thema(data.themas, f"Thema's die {naam} noemde", tables.sources(data.themas)),
        data.themas, {"naam": "Thema", "punten": "Punten"}, key="gemeente_themas", title=f"Thema's {naam}",
        definition="Aantal punten van de raad per (eerste) thema; complimenten, koppen en afsluitingen "
                   "('algemeen') niet meegeteld.")


# The country's map fits a projector of 1280 x 720 with its title (at 820 px it never did, and a presenter had to
# scroll between title and map); its 342 gemeenten stay large enough to point at.
NEDERLAND_KAART_HOOGTE = 600


def gemeente_kaart(data: KaartTab, sel: Selectie, index: int, maat: str, code: str, naam: str) -> Grafiek:
    """The map of the `index`-th view (the region, the country) coloured by `maat`, `code` outlined."""
    beeld, spec = data.kaartbeelden[index], MAATEN[maat]
    regio = beeld.scope == "regio"
    return Grafiek(
        charts.kaart(beeld.frame, charts.gemeentegrenzen(beeld.grenzen), maat, f"{spec.label}, {sel.jaar_tot} — {beeld.waar}",
                     beeld.bron, beeld.voorbeeld, spec.legenda, kind=spec.kind, small=spec.klein, highlight=code,
                     height=540 if regio else NEDERLAND_KAART_HOOGTE),
        beeld.frame, {**KOLOMMEN_KAART, maat: spec.label}, key=f"gemeente_kaart_{beeld.scope}_{code}",
        title=f"Kaart {spec.label} {sel.jaar_tot}", hidden_note=beeld.hidden_note(maat),
        definition=f"{spec.label} in {sel.jaar_tot}, per gemeente; grijs: geen gegevens in dit dashboard of minder dan "
                   f"5 jeugdigen. Omlijnd: {naam}. Klik op een gemeente om haar profiel te openen.")


# --- Vergelijken met Nederland -------------------------------------------------------------------------------------

def vergelijken_strips(data: VergelijkenData, sel: Selectie) -> Grafiek:
    """The gemeente among all gemeenten of the country: a strip per measure with the P10-P90 band."""
    del sel   # the gemeente and year are the data's
    title = f"{data.naam} naast Nederland, {data.jaar}"
    definitions = " ".join(f"{v.maat.label}: {v.maat.definitie}" for v in data.vergelijkingen)
    columns = {"maat": "Maat", "gemeente": data.naam, "regio": "Regio", "vergelijkbaar": "Vergelijkbare gemeenten",
               "nederland": "Nederland", "percentiel": "Percentiel", "p10_p90": "P10 – P90",
               "gemeenten": "Gemeenten", "zonder_cijfer": "Zonder cijfer"}
    return Grafiek(
        charts_landelijk.strips(data.punten, data.vergelijkingen, data.naam, title, data.bron, data.voorbeeld,
                                data.tabel[list(columns)].rename(columns=columns)),
        data.tabel, columns, key="vergelijken_strips", title=title,
        definition="Elke stip is een gemeente; de band loopt van P10 tot P90 (80% van de gemeenten valt erbinnen). "
                   "Regio, vergelijkbare gemeenten en Nederland zijn opgeteld (teller en noemer apart), niet het "
                   f"gemiddelde van gemeenten. {definitions}")
