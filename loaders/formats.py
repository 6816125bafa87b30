"""The column contract of every upload kind: one place that drives recognition, validation,
the Excel template and the "verwacht formaat" help (see DESIGN.md, Upload formats)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from jeugdhulp import themas


@dataclass(frozen=True)
class Column:
    name: str                      # canonical column name in the database
    type: str                      # gemeente, regio, segment, jaar, bedrag, getal, aantal, datum, tekst, ...
    required: bool = False
    synonyms: tuple[str, ...] = ()
    help: str = ""                 # Dutch, shown on the upload page and in the template
    default: str | None = None     # what a blank cell (or a missing column) means; part of the key


@dataclass(frozen=True)
class Kind:
    name: str
    title: str                     # Dutch
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()      # columns that must be unique within a file
    one_of: tuple[str, ...] = ()   # at least one of these columns must be present
    sheet_synonyms: tuple[str, ...] = ()
    uploadable: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def defaults(self) -> dict[str, str]:
        """Column name -> the value a blank cell or a missing column stands for."""
        return {c.name: c.default for c in self.columns if c.default is not None}


# The defaults the database applies anyway, so they belong to the key: a blank periode is the whole
# year, a blank soort of an amount is realisatie.
WHOLE_YEAR = "jaar"
REALISATIE = "realisatie"


GEMEENTE = Column("gemeente", "gemeente", True,
                  ("gemeentenaam", "gemeentecode", "gm-code", "gmcode", "gemeente code", "cbs-code gemeente"),
                  "Naam of CBS-code (GM0505) van de gemeente.")
JAAR = Column("jaar", "jaar", True, ("boekjaar", "year", "kalenderjaar"), "Jaartal, bijvoorbeeld 2024.")
SEGMENT = Column("segment", "segment", True,
                 ("productgroep", "perceel", "opdracht", "categorie", "pakket", "segmentnaam"),
                 "Segment, productgroep of opdracht zoals de regio die gebruikt.")
PERIODE = Column("periode", "periode", False, ("kwartaal", "maand", "halfjaar"),
                 "Leeg voor een heel jaar, of Q1-Q4, H1/H2 of een maand (1-12).", default=WHOLE_YEAR)

KINDS: dict[str, Kind] = {}


def _kind(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


_kind(Kind(
    "uitgaven", "Uitgaven",
    (
        GEMEENTE, JAAR, SEGMENT,
        Column("bedrag_eur", "bedrag", True,
               ("bedrag", "totaal bedrag", "som van totaal bedrag", "kosten", "lasten", "uitgaven",
                "bedrag eur", "bedrag (eur)", "bedrag in euro", "realisatie", "omzet"),
               "Bedrag in euro's; € 1.234,56 en (1.234) voor negatief mogen."),
        PERIODE,
        Column("soort", "soort", False, ("type", "begroting/realisatie", "soort bedrag"),
               "begroting, realisatie of prognose; leeg betekent realisatie.", default=REALISATIE),
    ),
    key=("gemeente", "segment", "jaar", "periode", "soort"),
    sheet_synonyms=("uitgaven", "kosten", "lasten", "omzet"),
))

_kind(Kind(
    "volumes", "Volumes",
    (
        GEMEENTE, JAAR, SEGMENT,
        Column("jeugdigen", "aantal", False,
               ("aantal clienten", "aantal cliënten", "unieke jeugdigen", "clienten", "aantal jeugdigen"),
               "Aantal unieke jeugdigen."),
        Column("trajecten", "aantal", False, ("toewijzingen", "aantal trajecten", "aantal toewijzingen"),
               "Aantal trajecten of toewijzingen."),
        PERIODE,
    ),
    key=("gemeente", "segment", "jaar", "periode"),
    one_of=("jeugdigen", "trajecten"),
    sheet_synonyms=("volumes", "volume", "aantallen"),
))

_kind(Kind(
    "trajecten", "Trajecten",
    (
        Column("client", "client", True, ("clientnummer", "cliëntnummer", "client-id", "client id", "clientid",
                                          "cliënt", "cliënt-id"),
               "Cliëntnummer van de administratie; wordt bij inlezen gepseudonimiseerd."),
        GEMEENTE,
        Column("segment", "segment", False, SEGMENT.synonyms, SEGMENT.help),
        Column("productcategorie", "productcategorie", False, ("product categorie", "productcat"),
               "iJw-productcategorie (JZ020): 31-38 of 40-55."),
        Column("productcode", "productcode", False, ("product code", "product"),
               "iJw-productcode, bijvoorbeeld 45A48 (categorie 45)."),
        Column("startdatum", "datum", True, ("begindatum", "start", "datum start", "ingangsdatum"),
               "Datum waarop de hulp begon (dd-mm-jjjj)."),
        Column("aanmelddatum", "datum", False, ("aanmelding", "datum aanmelding", "verzoekdatum"),
               "Datum van aanmelding."),
        Column("einddatum", "datum", False, ("einde", "datum einde", "beeindigingsdatum", "beëindigingsdatum"),
               "Datum waarop de hulp eindigde; leeg als die nog loopt."),
        Column("aanbieder", "tekst", False, ("zorgaanbieder", "aanbiedernaam", "leverancier"), "Naam van de aanbieder."),
        Column("verblijf", "janee", False, ("met verblijf",), "ja of nee."),
        Column("bedrag_eur", "bedrag", False, ("bedrag", "kosten", "totaal bedrag"), "Bedrag in euro's."),
    ),
    key=("client", "gemeente", "segment", "productcode", "startdatum"),
    one_of=("segment", "productcategorie", "productcode"),
    sheet_synonyms=("trajecten", "toewijzingen", "clienten"),
))

_kind(Kind(
    "kpi", "KPI-waarden",
    (
        Column("kpi", "tekst", True, ("indicator", "kpi naam"), "Naam van de KPI."),
        JAAR,
        Column("waarde", "getal", True, ("value", "score"), "De waarde."),
        Column("regio", "regio", False, ("jeugdregio", "region"), "Regio."),
        Column("gemeente", "gemeente", False, GEMEENTE.synonyms, GEMEENTE.help),
        Column("segment", "segment", False, SEGMENT.synonyms, SEGMENT.help),
        PERIODE,
        Column("eenheid", "tekst", False, ("unit",), "Eenheid, bijvoorbeeld dagen of %."),
    ),
    key=("kpi", "jaar", "regio", "gemeente", "segment", "periode"),
    sheet_synonyms=("kpi", "kpis", "indicatoren"),
))

_kind(Kind(
    "doelen", "Doelen",
    (
        Column("kpi", "tekst", True, ("indicator",), "Naam van de KPI."),
        Column("basisjaar", "jaar", True, ("nulmeting", "basis jaar"), "Jaar waartegen de wijziging telt."),
        Column("doeljaar", "jaar", True, ("streefjaar", "doel jaar"), "Jaar waarin het doel gehaald moet zijn."),
        Column("doelwaarde", "getal", False, ("streefwaarde", "norm"), "Streefwaarde."),
        Column("wijziging_pct", "getal", False, ("wijziging", "wijziging %", "wijziging pct", "verandering"),
               "Wijziging in procenten, bijvoorbeeld -30."),
        Column("regio", "regio", False, ("jeugdregio",), "Regio."),
        Column("gemeente", "gemeente", False, GEMEENTE.synonyms, GEMEENTE.help),
        Column("segment", "segment", False, SEGMENT.synonyms, SEGMENT.help),
        Column("bron", "tekst", False, ("source",), "Waar het doel vandaan komt."),
    ),
    key=("kpi", "doeljaar", "regio", "gemeente", "segment"),
    one_of=("doelwaarde", "wijziging_pct"),
    sheet_synonyms=("doelen", "streefwaarden", "targets"),
))

_kind(Kind(
    "consultatie", "Consultatie (zienswijzen)",
    (
        Column("gemeente", "gemeente", True, GEMEENTE.synonyms, "Gemeente; leeg voor een regionale consultatie."),
        Column("document", "tekst", True, ("stuk",), "Het document waarop gereageerd is."),
        Column("thema", "thema", True, ("theme", "onderwerp"), "Thema uit de vaste lijst."),
        Column("samenvatting", "tekst", True, ("summary_nl", "summary", "inbreng"), "Samenvatting in eigen woorden."),
        Column("regio", "regio", False, ("region",), "Regio."),
        Column("datum", "datum", False, ("date",), "Datum."),
        Column("punt", "tekst", False, ("point_no", "nummer", "puntnummer"), "Nummer van het punt."),
        Column("thema2", "thema", False, ("secondary_theme", "tweede thema"), "Tweede thema."),
        Column("standpunt", "tekst", False, ("stance",), "steunt, zorg, verzoek, vraag of kritiek."),
        Column("reactie_uitkomst", "tekst", False, ("response_outcome", "uitkomst"), "overgenomen, deels, ..."),
        Column("reactie", "tekst", False, ("response_summary_nl", "reactie bestuur", "antwoord"), "Reactie van het bestuur."),
        Column("bron_regel", "tekst", False, ("source_line", "regel"), "Regel in de tekstversie van het document."),
        Column("vindplaats", "tekst", False, ("paragraaf", "pagina", "blz"), "Paragraaf, bijlage of pagina in het document."),
    ),
    key=("regio", "gemeente", "document", "punt"),
    sheet_synonyms=("consultatie", "zienswijzen", "aandachtspunten"),
))

_kind(Kind(
    "gemeenten", "Gemeenten",
    (
        Column("code", "gemeentecode", True, ("gemeentecode", "cbs code", "gm-code", "statcode"), "CBS-code, GM0505."),
        Column("naam", "tekst", True, ("gemeentenaam", "gemeente", "statnaam"), "Naam van de gemeente."),
        Column("regio", "regio", True, ("jeugdregio", "region"), "Regio."),
        Column("inwoners", "aantal", False, ("aantal inwoners", "bevolking"), "Aantal inwoners."),
        Column("jeugdigen_0_17", "aantal", False, ("jeugdigen", "jeugdigen 0-17", "0 tot 18 jaar", "0-17 jaar"),
               "Aantal inwoners van 0 tot en met 17 jaar."),
        Column("jaar", "jaar", False, ("peiljaar",), "Jaar waarop inwoners en jeugdigen slaan."),
        Column("inkoopmodel", "tekst", False, ("model",), "Inkoopmodel van de gemeente."),
        Column("bron", "tekst", False, ("source",), "Bron."),
    ),
    key=("code", "jaar"),
    sheet_synonyms=("gemeenten", "gemeente", "bevolking"),
))

_kind(Kind(
    "segmenten", "Segmenten van een regio",
    (
        Column("regio", "regio", True, ("jeugdregio", "region"), "Regio waarvan dit de segmenten zijn."),
        Column("code", "tekst", True, ("segment", "segmentcode", "segment code", "nummer", "perceel", "productgroep"),
               "Korte code van het segment zoals de exports die gebruiken: 1, 4A, B, VERBL."),
        Column("naam", "tekst", True, ("label", "omschrijving", "segmentnaam", "naam segment", "titel"),
               "Naam van het segment zoals de raad die leest."),
        Column("vorm", "vorm", True, ("vorm van zorg", "zorgvorm", "hulpvorm", "soort zorg"),
               "Vorm van zorg, om regio's te vergelijken: ambulant, daghulp, pleegzorg, gezinshuis, residentieel, "
               "gesloten, crisis, ggz, dyslexie, jeugdbescherming, jeugdreclassering, vervoer of overig."),
        Column("residentieel", "janee", False, ("telt als residentieel", "residentiele zorg"),
               "Telt mee voor het doel minder residentiële zorg (ja/nee). Leeg: ja bij residentieel en gesloten."),
        Column("aliassen", "tekst", False, ("andere namen", "synoniemen", "ook bekend als"),
               "Andere namen van het segment in exports, gescheiden door |."),
        Column("toelichting", "tekst", False, ("opmerking", "uitleg"), "Toelichting bij het segment."),
    ),
    key=("regio", "code"),
    sheet_synonyms=("segmenten", "segmentenlijst", "segmentindeling", "productgroepen"),
))

# Internal kind: CBS StatLine figures (loaders/cbs.py reads them, from the service or a StatLine download).
_kind(Kind("cbs", "CBS StatLine (landelijke vergelijking)", tuple(
    Column(name, "tekst", name != "waarde") for name in ("tabel", "maat", "vorm", "gemeente_code", "jaar", "waarde",
                                                          "voorlopig")), uploadable=False))

# Internal kinds: the figures and KPI definitions extracted from the source documents.
_kind(Kind(
    "broncijfers", "Cijfers uit brondocumenten",
    (
        Column("regio", "regio", True, ("region",)),
        Column("gemeente", "gemeente", False, ()),
        Column("jaar", "jaar", False, ("year",)),
        Column("maat", "tekst", True, ("measure",)),
        Column("onderdeel", "tekst", False, ("segment",)),
        Column("waarde", "getal", True, ("value",)),
        Column("eenheid", "tekst", True, ("unit",)),
        Column("soort", "tekst", True, ("kind",)),
        Column("document", "tekst", True, ("source_document",)),
        Column("regel", "tekst", True, ("source_line",)),
        Column("toelichting", "tekst", False, ("note",)),
        Column("vindplaats", "tekst", False, ()),
    ),
    uploadable=False,
))

_kind(Kind(
    "bronkpi", "KPI's uit brondocumenten",
    (
        Column("regio", "regio", True, ("region",)),
        Column("onderdeel", "tekst", False, ("segment",)),
        Column("kpi", "tekst", True, ()),
        Column("definitie", "tekst", False, ("definition_nl",)),
        Column("richting", "tekst", False, ("direction",)),
        Column("streefwaarde", "getal", False, ("target_value",)),
        Column("eenheid", "tekst", False, ("target_unit",)),
        Column("streefjaar", "jaar", False, ("target_year",)),
        Column("toelichting", "tekst", False, ("baseline_note",)),
        Column("regel", "tekst", False, ("source_line",)),
        Column("vindplaats", "tekst", False, ()),
    ),
    uploadable=False,
))

SOORTEN = ("begroting", REALISATIE, "prognose")
STANDPUNTEN = ("steunt", "zorg", "verzoek", "vraag", "kritiek")
THEMAS = themas.CODES   # one source: data/referentie/thema_kernwaarde.csv
# iJw codelijst JZ020: valid productcategorieën; 43 and 44 are stays (DESIGN.md).
PRODUCTCATEGORIEEN = tuple(str(n) for n in (*range(31, 39), *range(40, 56)))
JAAR_MIN, JAAR_MAX = 2010, 2040


def kind_title(name: str) -> str:
    """A kind as readers see it ('Cijfers uit brondocumenten'), its code where it is unknown."""
    return KINDS[name].title if name in KINDS else name


def normalise(text: object) -> str:
    """Header/name key: lower case, accents and everything but letters and digits removed."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def header_index(kind: Kind) -> dict[str, str]:
    """Normalised header text -> canonical column name, for one kind."""
    index: dict[str, str] = {}
    for column in kind.columns:
        for label in (column.name, *column.synonyms):
            index.setdefault(normalise(label), column.name)
    return index
