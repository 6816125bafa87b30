"""Validation problems: a stable code, where it is (sheet, Excel row, column), and a Dutch message."""

from __future__ import annotations

from dataclasses import dataclass

# Stable codes with their Dutch message templates; tests assert on the codes.
MESSAGES: dict[str, str] = {
    "leeg-bestand": "Het bestand is leeg.",
    "bestand-te-groot": "Het bestand is {value} groot; de grens is {limit}.",
    "uitgepakt-te-groot": "Uitgepakt is het werkboek {value}; de grens is {limit}. Het is geweigerd.",
    "beveiligd-bestand": "Het werkboek is met een wachtwoord beveiligd. Sla het zonder wachtwoord op en probeer opnieuw.",
    "onleesbaar-bestand": "Het bestand kan niet gelezen worden als Excel of CSV ({value}).",
    "te-veel-bladen": "Het werkboek heeft {value} bladen; de grens is {limit}. Zet de gegevens op minder bladen, "
                      "bijvoorbeeld één blad per soort gegevens.",
    "te-veel-cellen": "Het blad beslaat {value} cellen (rijen maal kolommen, tot de verste gevulde cel); de grens is "
                      "{limit} voor het hele bestand. Verwijder verre lege of opgemaakte cellen, of verdeel de gegevens "
                      "over meer bestanden.",
    "te-veel-tekst": "Samen bevatten de cellen van dit werkboek {value} aan tekst; de grens is {limit}. Een tekst die in "
                     "veel cellen staat, telt in elke cel mee: staat er ergens een lange tekst in heel veel cellen?",
    "tekst-te-lang": "Deze cel heeft meer dan {limit} tekens; zo lang kan een waarde in deze kolom niet zijn.",
    "te-veel-kolommen": "Deze regel heeft {value} velden; de grens is {limit}, zoveel kolommen als Excel heeft. Is het "
                        "scheidingsteken goed?",
    "cel-te-groot": "Een cel is groter dan {limit}. Meestal staat er een los aanhalingsteken (\") in het bestand, "
                    "waardoor de rest van het bestand in één cel terechtkomt. Haal het weg en probeer opnieuw.",
    "onbekend-bestandstype": "Bestanden van het type '{value}' worden niet ondersteund; gebruik .xlsx, .xlsm, .xls of .csv.",
    "geen-kopregel": "Geen kopregel met bekende kolomnamen gevonden in de eerste {limit} regels.",
    "onbekende-soort": "Niet herkend wat voor gegevens dit blad bevat. Noem de soort of gebruik de kolomnamen uit het sjabloon.",
    "ontbrekende-kolom": "De verplichte kolom '{value}' ontbreekt{limit}. Zie 'Verwacht formaat' voor de kolommen van "
                         "deze soort.",
    "ontbrekende-kolommen": "Er moet minstens een van deze kolommen zijn: {value}.",
    "dubbele-kolom": "De kolom '{value}' komt twee keer voor.",
    "leeg-verplicht": "Deze cel is leeg, maar is verplicht.",
    "onbekende-gemeente": "Onbekende gemeente '{value}'.{suggestion}",
    "gemeente-opgesplitst": "Gemeente '{value}' bestaat niet meer: ze is verdeeld over {limit}. Een cijfer van de oude "
                            "gemeente is niet over die gemeenten te verdelen; lever de cijfers per huidige gemeente aan.",
    "segment-bestaat": "De regio heeft al een segment met code '{value}': {limit}. Een bestaand segment wijzigen kan "
                       "niet via een bestand; gebruik een nieuwe code of maak de inleesronde met dat segment ongedaan.",
    "onbekend-segment-standaard": "Onbekend segment '{value}' voor regio {limit}.{suggestion} Deze regio heeft nog geen "
                                  "eigen segmenten in het dashboard, alleen één per vorm van zorg (Ambulant, Pleegzorg, "
                                  "...). Lees eerst de segmentenlijst van de regio in (soort 'Segmenten van een regio').",
    "geen-segment-voor-vorm": "Voor {value} heeft regio {limit} geen segment. Voeg een segment met die vorm van zorg toe "
                              "aan de segmentenlijst van de regio (soort 'Segmenten van een regio').",
    "cbs-andere-opbouw": "De CBS-tabel {value} heeft een andere opbouw dan dit dashboard kent: {limit}. Er is niets "
                         "ingelezen. Download de tabel opnieuw van StatLine met omschrijvingen, of meld het de beheerder.",
    "cbs-oud-en-nieuw": "Voor {value} staan zowel de gemeente zelf als gemeenten waaruit ze ontstond ({limit}) in het "
                        "bestand; samen zouden ze dubbel tellen. Lever één van beide.",
    "getal-te-groot": "'{value}' is geen mogelijk cijfer voor deze kolom (te groot).",
    "cbs-eenheid": "De eenheid '{value}' van deze CBS-kolom is onbekend (verwacht: 1 000 euro of euro). Er is niets ingelezen.",
    "onbekende-regio": "Onbekende regio '{value}'.{suggestion}",
    "onbekend-segment": "Onbekend segment '{value}' voor regio {limit}.{suggestion}",
    "geen-getal": "'{value}' is geen getal.",
    "geen-geheel-getal": "'{value}' is geen geheel aantal.",
    "negatief-aantal": "Een aantal kan niet negatief zijn ('{value}').",
    "geen-jaar": "'{value}' is geen jaartal.",
    "jaar-buiten-bereik": "Jaar {value} ligt buiten {limit}.",
    "geen-datum": "'{value}' is geen datum (verwacht dd-mm-jjjj).",
    "einde-voor-start": "De einddatum {value} ligt voor de startdatum.",
    "ongeldige-waarde": "'{value}' is geen geldige waarde; kies uit: {limit}.",
    "ongeldige-productcategorie": "Productcategorie '{value}' bestaat niet in de iJw-codelijst (31-38, 40-55).",
    "geen-gemeentecode": "'{value}' is geen CBS-gemeentecode (GM gevolgd door vier cijfers).",
    "dubbele-sleutel": "Deze regel komt dubbel voor (ook op regel {limit}).",
    "bestaat-al": "Voor deze sleutel staan al cijfers in de database (inleesronde {limit}). Kies 'vervangen' om ze te vervangen.",
    "al-geladen": "Dit bestand is al eerder ingelezen (inleesronde {value}). Kies 'vervangen' om het opnieuw te laden.",
    "zelfde-inhoud": "Deze regels zijn al eerder ingelezen (inleesronde {value}), ook al heeft het bestand een andere naam "
                     "of is het opnieuw opgeslagen. Nog eens inlezen zou ze dubbel tellen. Kies 'vervangen' om ze "
                     "opnieuw te laden.",
    "traject-bestaat-al": "Dit traject (dezelfde cliënt, gemeente, segment, productcategorie en startdatum) staat al in de "
                          "database (inleesronde {limit}); nog eens inlezen telt het dubbel. Laat de regel weg, of kies "
                          "'vervangen' als dit bestand een eerdere levering vervangt.",
    "bsn-kolom": "Deze kolom lijkt burgerservicenummers te bevatten; die mogen niet worden ingelezen.",
    "totaal-klopt-niet": "Het totaal {value} is niet gelijk aan de som van de onderdelen ({limit}).",
    "geen-regels": "Er staan geen gegevensregels onder de kopregel.",
    "excel-fout": "Deze cel bevat een Excel-fout ({value}); herstel de formule of vul een waarde in.",
    "formule-zonder-waarde": "In deze cel staat een formule waarvan de uitkomst niet in het bestand is opgeslagen (het is "
                             "door een programma gemaakt en nooit in Excel bewaard). Open het bestand in Excel en sla "
                             "het op, of vul hier een waarde in.",
    "meer-meldingen": "Nog {value} meldingen '{limit}' in dit blad; los eerst de bovenstaande op.",
    "andere-sleutel": "De sleutel voor pseudonimisering verschilt van de sleutel waarmee deze database is opgebouwd: "
                      "dezelfde cliënten zouden als andere jeugdigen worden geteld. Er is niets ingelezen. Gebruik "
                      "dezelfde sleutel als het dashboard ($JEUGDHULP_PSEUDONIEM_SLEUTEL, pseudoniem_sleutel in "
                      ".streamlit/secrets.toml of het sleutelbestand; zie de README).",
    "gemeente-andere-regio": "Gemeente {value} hoort in de database bij regio {limit}. Een gemeente met cijfers kan "
                             "niet via een bestand naar een andere regio; laat de indeling door de beheerder aanpassen.",
    "import-bezig": "Er wordt al een bestand ingelezen (door een andere gebruiker of in een ander venster). Er is niets "
                    "ingelezen; probeer het zo opnieuw.",
    "schrijfconflict": "Tegelijk werd iets anders in de database geschreven. Dit bestand is niet ingelezen en de "
                       "database is ongewijzigd; probeer het opnieuw.",
    "controle-mislukt": "Het controleren is mislukt: het proces dat het bestand las, {value}. Er is niets ingelezen, en "
                        "opnieuw proberen helpt niet. Is het een gewone export? Sla het dan opnieuw op als .xlsx of "
                        "CSV, of verdeel de gegevens over kleinere bestanden.",
}


@dataclass(frozen=True)
class Problem:
    code: str
    sheet: str = ""
    row: int | None = None          # as Excel shows it (1-based)
    column: str = ""                # the header as it appears in the file
    value: str = ""
    limit: str = ""
    suggestion: str = ""
    col: int | None = None          # 0-based column index in the sheet, to mark the cell

    @property
    def message(self) -> str:
        hint = f" Bedoelde u {self.suggestion}?" if self.suggestion else ""
        template = MESSAGES[self.code]
        if self.value.startswith("'") or self.value.endswith("'"):   # 's-Gravendeel: not ''s-Gravendeel'
            template = template.replace("'{value}'", "“{value}”")
        return template.format(value=self.value, limit=self.limit, suggestion=hint)

    def as_row(self) -> dict[str, object]:
        return {
            "blad": self.sheet,
            "rij": self.row,
            "kolom": self.column,
            "waarde": self.value,
            "code": self.code,
            "melding": self.message,
        }
