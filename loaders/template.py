"""Excel templates per upload kind, generated from the column contract in formats.py: headers,
example rows, drop-down lists of the region's gemeenten and segments, and a Dutch explanation."""

from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from jeugdhulp.safe import XLSX_OPTIONS
from loaders.formats import KINDS, SOORTEN, THEMAS, Kind
from loaders.reference import Reference

_EXAMPLES: dict[str, list[dict[str, object]]] = {
    "uitgaven": [
        {"jaar": 2024, "bedrag_eur": 1234567.89, "soort": "realisatie"},
        {"jaar": 2024, "bedrag_eur": 1200000, "soort": "begroting"},
    ],
    "volumes": [{"jaar": 2024, "jeugdigen": 120, "trajecten": 150}],
    "trajecten": [
        {"client": "A-000123", "productcategorie": "45", "productcode": "45A48", "startdatum": "01-03-2024",
         "aanmelddatum": "15-01-2024", "einddatum": "30-09-2024", "aanbieder": "Aanbieder X", "verblijf": "nee",
         "bedrag_eur": 4350},
    ],
    "kpi": [{"kpi": "wachttijd", "jaar": 2024, "waarde": 42, "eenheid": "dagen"}],
    "doelen": [{"kpi": "residentieel volume", "basisjaar": 2021, "doeljaar": 2025, "wijziging_pct": -30,
                "bron": "regiovisie"}],
    "consultatie": [{"document": "Zienswijze inkoopkader", "thema": "kostenbeheersing", "punt": "1",
                     "samenvatting": "De raad vraagt om sturing op de kosten.", "standpunt": "verzoek"}],
    "gemeenten": [{"jaar": 2024, "inwoners": 120000, "jeugdigen_0_17": 24000}],
    "segmenten": [
        {"code": "1", "naam": "Jeugdhulp thuis en in de wijk", "vorm": "ambulant"},
        {"code": "2", "naam": "Verblijf met behandeling", "vorm": "residentieel", "residentieel": "ja",
         "aliassen": "segment 2|verblijf"},
    ],
}


def _explanation(kind: Kind) -> list[list[str]]:
    rows = [["Kolom", "Verplicht", "Ook herkend als", "Uitleg"]]
    for column in kind.columns:
        rows.append([column.name, "ja" if column.required else "nee", ", ".join(column.synonyms), column.help])
    return rows


def build_template(kind_name: str, ref: Reference, regio: str) -> bytes:
    """An .xlsx a controller can fill in for `kind_name` in region `regio`."""
    kind = KINDS[kind_name]
    gemeenten = sorted(name for code, name in ref.gemeente_names.items() if ref.gemeente_regio.get(code) == regio)
    segmenten = list(ref.segment_names.get(regio, {}).values())
    buffer = io.BytesIO()
    # Names come from uploaded files too (a gemeenten file sets them): written as text, never as a formula.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **XLSX_OPTIONS})
    bold = book.add_format({"bold": True, "bg_color": "#dbe6ef", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#f6d9b8", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    sheet = book.add_worksheet(kind.name)
    lists = book.add_worksheet("Lijsten")
    for index, values in enumerate((gemeenten, segmenten, list(SOORTEN), list(THEMAS))):
        for row, value in enumerate(values):
            lists.write(row, index, value)
    lists.hide()

    for col, column in enumerate(kind.columns):
        sheet.write(0, col, column.name, required if column.required else bold)
        sheet.set_column(col, col, max(14, len(column.name) + 4))
        if column.help:
            sheet.write_comment(0, col, column.help)
    _write_examples(sheet, kind, ref, regio, gemeenten, segmenten)
    _add_drop_downs(sheet, kind, gemeenten, segmenten)
    sheet.freeze_panes(1, 0)

    explanation = book.add_worksheet("Uitleg")
    explanation.set_column(0, 0, 20)
    explanation.set_column(1, 1, 10)
    explanation.set_column(2, 2, 45)
    explanation.set_column(3, 3, 70)
    explanation.write(0, 0, f"Sjabloon {kind.title} — {ref.regio_names.get(regio, regio)}", bold)
    explanation.write(1, 0, "Vul het blad '" + kind.name + "' in: één regel per gegeven. Oranje kolommen zijn "
                      "verplicht. Gemeenten mogen als naam of CBS-code; bedragen mogen als € 1.234,56. "
                      "Het hele bestand wordt geweigerd als er één fout in staat; het rapport noemt blad, rij en kolom.")
    for row, values in enumerate(_explanation(kind), start=3):
        for col, value in enumerate(values):
            explanation.write(row, col, value, bold if row == 3 else wrap)
    book.close()
    return buffer.getvalue()


def _write_examples(sheet: Worksheet, kind: Kind, ref: Reference, regio: str, gemeenten: list[str],
                    segmenten: list[str]) -> None:
    """The example rows of a kind, with the region's first gemeente and segment."""
    names = [c.name for c in kind.columns]
    for row, example in enumerate(_EXAMPLES.get(kind.name, []), start=1):
        values = dict(example)
        values.setdefault("gemeente", gemeenten[0] if gemeenten else "")
        values.setdefault("segment", segmenten[0] if segmenten else "")
        values.setdefault("regio", ref.regio_names.get(regio, regio))
        if kind.name == "gemeenten":
            code = next((c for c, n in ref.gemeente_names.items() if n == values["gemeente"]), "")
            values.update({"code": code, "naam": values["gemeente"], "regio": ref.regio_names.get(regio, regio)})
        for col, name in enumerate(names):
            if name in values:
                sheet.write(row, col, values[name])


def _add_drop_downs(sheet: Worksheet, kind: Kind, gemeenten: list[str], segmenten: list[str]) -> None:
    """Drop-down lists (a warning, not a refusal) from the hidden sheet 'Lijsten', columns A-D."""
    last = 5000
    source = {"gemeente": ("A", len(gemeenten)), "segment": ("B", len(segmenten)),
              "soort": ("C", len(SOORTEN)), "thema": ("D", len(THEMAS)), "thema2": ("D", len(THEMAS))}
    for col, column in enumerate(kind.columns):
        if column.name in source and kind.name != "gemeenten" and source[column.name][1]:
            letter, count = source[column.name]
            sheet.data_validation(1, col, last, col, {
                "validate": "list", "source": f"=Lijsten!${letter}$1:${letter}${count}",
                "error_title": "Onbekende waarde", "error_type": "warning",
                "error_message": "Kies een waarde uit de lijst of controleer de spelling.",
            })
