"""Text from uploaded files is data, never markup or a formula: in the CSV and Excel downloads, the Excel
templates, the validation report, the PowerPoint chart's embedded workbook, plotly labels, the offline
HTML and every markdown element of the pages. Counts in downloads are written as whole numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs
from plotly.utils import PlotlyJSONEncoder
from pptx import Presentation

from jeugdhulp import charts, db, export, presentatie, tables
from loaders.reference import Reference
from loaders.report import marked_copy
from loaders.template import build_template
from tests.conftest import app_on, copy_example, load, make_csv
from tests.test_pages import open_app

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

# What an attacker writes into a provider, gemeente or document name (OWASP's CSV injection payloads).
FORMULAS = ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1",
            "   =1+1"]
MARKUP = ('<img src=https://example.org/x.png> <a href="http://x.nl">klik</a> [a](http://x.nl) **vet** '
          ":red[rood] $x^2$")
MOMENT = datetime(2026, 11, 30, 22, 15, tzinfo=UTC)


def _cells(data: bytes) -> Iterator[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _no_formulas(data: bytes) -> list[object]:
    """Every cell value of an .xlsx, after asserting that none of them is a formula."""
    cells = list(_cells(data))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return [c.value for c in cells]


# --- 5. formula injection ------------------------------------------------------------------------------

def test_csv_download_neutralises_formulas_in_text_but_keeps_numbers():
    frame = pd.DataFrame({"Aanbieder": FORMULAS, "Jeugdigen": [-2, 3, -2.5, 170, 0, 1, 2]})
    rows = list(csv.reader(io.StringIO(tables.to_csv(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Aanbieder", "Jeugdigen"]
    # OWASP: a single quote before a cell that starts with = + - @ tab or CR (also after spaces).
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS]
    assert [r[1] for r in rows[1:]] == ["-2", "3", "-2,5", "170", "0", "1", "2"]     # numbers stay numbers


def test_csv_download_leaves_ordinary_text_alone():
    frame = pd.DataFrame({"Naam": ["Dordrecht", "<5", "€ -1.234", "a=b", ""], "Bedrag": ["1.234,5", "-3,0%",
                                                                                         "+4,2%", "12", "x"]})
    rows = list(csv.reader(io.StringIO(tables.to_csv(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Dordrecht", "<5", "€ -1.234", "a=b", ""]
    # Dutch numbers the app wrote as text itself are numbers to Excel, not formulas: no quote.
    assert [r[1] for r in rows[1:]] == ["1.234,5", "-3,0%", "+4,2%", "12", "x"]


def test_csv_download_shows_times_amounts_and_fractions_as_the_page_does():
    frame = pd.DataFrame({
        "Ingelezen op": pd.to_datetime(["2026-12-04 20:28:16.123456+00:00", "2026-07-01 09:05:59.9+00:00"]),
        "Peildatum": pd.to_datetime(["2024-01-31", "2024-12-31"]),
        "€ per jeugdige": [12345.678912, 0.1 + 0.2],
        "Aandeel": [0.1 + 0.2, 1 / 3],
        "EUR per jeugdige": [0.819481, 2.0],
    })
    rows = list(csv.reader(io.StringIO(tables.to_csv(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    # Dutch time to the minute (winter +1, summer +2), dates as dates, amounts in cents, no float noise.
    assert rows[1:] == [["04-12-2026 21:28", "31-01-2024", "12345,68", "0,3", "0,82"],
                        ["01-07-2026 11:05", "31-12-2024", "0,3", "0,333333", "2"]]


def test_excel_download_writes_text_as_text():
    frame = pd.DataFrame({"Aanbieder": FORMULAS + ["http://x.nl"], "Jeugdigen": [-2, 3, 4, 5, 6, 7, 8, 9]})
    data = tables.to_excel(frame, '=HYPERLINK("http://x","titel")', "+cmd|' /C calc'!A0")
    values = _no_formulas(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    # xlsxwriter writes a CR as Excel's escape _x000D_, which Excel reads back as CR (openpyxl does not).
    assert [c.value.replace("_x000D_", "\r") for c in book["Gegevens"]["A"][1:]] == FORMULAS + ["http://x.nl"]
    assert book["Gegevens"]["A"][-1].hyperlink is None                          # no live link either
    assert [c.value for c in book["Gegevens"]["B"][1:]] == [-2, 3, 4, 5, 6, 7, 8, 9]
    assert '=HYPERLINK("http://x","titel")' in values and "+cmd|' /C calc'!A0" in values


def test_excel_template_writes_names_as_text():
    ref = Reference()
    ref.add_regio("ZHZ", "Zuid-Holland Zuid")
    ref.add_gemeente("GM0505", FORMULAS[0], "ZHZ")
    ref.add_gemeente("GM0482", FORMULAS[3], "ZHZ")
    ref.add_segment("ZHZ", "S1", FORMULAS[1], "ambulant", ())
    values = _no_formulas(build_template("uitgaven", ref, "ZHZ"))
    assert {FORMULAS[0], FORMULAS[1], FORMULAS[3]} <= set(values)


def test_validation_report_of_a_csv_writes_its_text_as_text(con):
    rows = [["gemeente", "jaar", "segment", "bedrag", "soort"]] + [
        [name, 2024, "segment 3", "1.000", "realisatie"] for name in FORMULAS]
    data = make_csv(rows)
    report = load(con, "uitgaven.csv", data, "uitgaven")
    assert not report.ok
    copy = marked_copy("uitgaven.csv", data, report.problems)
    values = _no_formulas(copy)
    listing = [r[3] for r in openpyxl.load_workbook(io.BytesIO(copy))["Meldingen"].iter_rows(min_row=2, values_only=True)]
    assert FORMULAS[0] in listing and FORMULAS[1] in listing          # the value of each problem, as text
    assert FORMULAS[0] in values and FORMULAS[1] in values


def test_validation_report_of_a_workbook_keeps_text_cells_text(con):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "uitgaven"
    sheet.append(["gemeente", "jaar", "segment", "bedrag", "soort"])
    for name in FORMULAS[:4]:
        sheet.append([None, 2024, "segment 3", 1000, "realisatie"])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.value, cell.data_type = name, "s"         # text that merely starts with '=': not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    report = load(con, "uitgaven.xlsx", buffer.getvalue(), "uitgaven")
    assert not report.ok
    values = _no_formulas(marked_copy("uitgaven.xlsx", buffer.getvalue(), report.problems))
    assert set(FORMULAS[:4]) <= set(values)


def _deck(con, fig, titel: str = "Aanbieders") -> list[presentatie.Dia]:
    token = presentatie.new_token()
    table = pd.DataFrame({"Aanbieder": FORMULAS[:2] + [MARKUP]})
    presentatie.add(con, token, fig, table, sleutel="k", titel=titel, definitie=MARKUP, bron=MARKUP,
                    voorbeeld=False)
    return presentatie.dias(con, token)


def test_powerpoint_chart_workbook_has_names_as_text(con):
    names = FORMULAS[:4] + [MARKUP]
    frame = pd.DataFrame({"aanbieder": names, "jeugdigen": [10.0, 20.0, 30.0, 40.0, 50.0]})
    bars = charts.bars(frame, "aanbieder", "jeugdigen", "Aanbieders", "bron", False, "Jeugdigen")
    groups = pd.DataFrame({"jaar": [2023, 2024] * 2, "model": [FORMULAS[0]] * 2 + [MARKUP] * 2,
                           "waarde": [1.0, 2.0, 3.0, 4.0]})
    lines = charts.lines_per_group(groups, "model", "waarde", "Per model", "bron", False, "Jeugdigen")
    deck = Presentation(io.BytesIO(export.to_pptx(_deck(con, bars) + _deck(con, lines), "t", "s", MOMENT)))
    found = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(found) == 2
    bar_chart, line_chart = found
    # The chart shows the names as written (not HTML-escaped for plotly), and its sheet holds them as text.
    assert sorted(bar_chart.plots[0].categories) == sorted(names)
    assert sorted(s.name for s in line_chart.series) == sorted([FORMULAS[0], MARKUP])
    for chart in found:
        values = _no_formulas(chart.part.chart_workbook.xlsx_part.blob)
        assert set(values) & set(names)


# --- 7. counts in downloads --------------------------------------------------------------------------

def test_counts_next_to_masked_ones_are_whole_numbers_in_csv_and_excel():
    frame = pd.DataFrame({"segment": ["Jeugd-GGZ", "Verblijf", "Pleegzorg"], "jeugdigen": [170.0, 3.0, 1234.0],
                          "jeugdigen_klein": [False, True, False], "per_1000": [12.5, None, 0.25]})
    export_frame = tables.export_frame(frame, {"segment": "Segment", "jeugdigen": "Jeugdigen", "per_1000": "Per 1.000"})
    text = tables.to_csv(export_frame).decode("utf-8-sig")
    assert text.split("\r\n") == ["Segment;Jeugdigen;Per 1.000", "Jeugd-GGZ;170;12,5", "Verblijf;<5;",
                                 "Pleegzorg;1234;0,25", ""]
    book = openpyxl.load_workbook(io.BytesIO(tables.to_excel(export_frame, "t", "n")))
    assert [c.value for c in book["Gegevens"]["B"]] == ["Jeugdigen", 170, "<5", 1234]
    assert [c.data_type for c in book["Gegevens"]["B"][1:]] == ["n", "s", "n"]


# --- 6. markup from files ------------------------------------------------------------------------------

LIVE_MARKUP = ("<img", "<a href", "<b>", "[a](", "**vet**", ":red[", "$x^2$")


def _live(text: str) -> list[str]:
    """Markup that markdown would render: present and not escaped by a backslash."""
    return [m for m in LIVE_MARKUP if re.search(r"(?<!\\)" + re.escape(m), text)]


def _figure_texts(fig) -> str:
    return json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_chart_labels_titles_and_hover_texts_show_markup_as_text():
    name = f"{MARKUP} <b>"
    per_gemeente = pd.DataFrame({"gemeente_code": ["GM0505", "GM0482"], "gemeente": [name, "Alblasserdam"],
                                 "eur": [100.0, 200.0]})
    segments = pd.DataFrame({"jaar": [2024, 2024], "segment": [name, "B"], "volgorde": [1, 2],
                             "realisatie_eur": [1e6, 2e6], "aandeel": [0.3, 0.7], "jeugdigen": [10.0, 20.0]})
    figures = [
        charts.per_gemeente(per_gemeente, "eur", f"Titel {name}", name, False, "€", ["GM0505"], average=150.0,
                            average_label=name),
        charts.bars(per_gemeente, "gemeente", "eur", f"Titel {name}", name, True, "€"),
        charts.per_segment_stacked(segments, "jeugdigen", f"Titel {name}", name, False, "Jeugdigen", kind="count"),
        charts.share_per_segment(segments, f"Titel {name}", name, False),
        charts.lines_per_group(segments, "segment", "jeugdigen", f"Titel {name}", name, False, "Jeugdigen"),
        charts.heatmap(per_gemeente.assign(thema="wachttijden", punten=1), "gemeente", "thema", "punten",
                       f"Titel {name}", name, {"wachttijden": "Wachttijden"}),
        charts.kaart(per_gemeente, charts.gemeentegrenzen(("GM0505", "GM0482")), "eur", f"Titel {name}", name,
                     False, "€"),
        charts.vergelijking_trend(pd.DataFrame({"jaar": [2024], "groep": ["gemeente"], "eur": [1.0]}), "eur",
                                  {"gemeente": name}, f"Titel {name}", name, False, "€"),
    ]
    for fig in figures:
        texts = _figure_texts(fig)
        assert "<img" not in texts and "<a href" not in texts and "<b> " not in texts, texts[:300]
        assert "&lt;img src=https://example.org/x.png&gt;" in texts and "&lt;b&gt;" in texts   # shown, as text


def test_html_export_shows_names_from_files_as_text(con):
    frame = pd.DataFrame({"aanbieder": [MARKUP], "jeugdigen": [10.0]})
    fig = charts.bars(frame, "aanbieder", "jeugdigen", f"Aanbieders {MARKUP}", MARKUP, False, "Jeugdigen")
    page = export.to_html(_deck(con, fig, titel=f"Aanbieders {MARKUP}"), MARKUP, MARKUP, MOMENT)
    ours = page.replace(get_plotlyjs(), "")
    assert [m for m in ("<img", "<a href") if m in ours] == []
    assert "&lt;img src=https://example.org/x.png&gt;" in ours


def test_slide_title_is_the_plain_title_not_plotly_markup():
    from jeugdhulp import safe

    fig = charts.bars(pd.DataFrame({"c": ["a"], "v": [1.0]}), "c", "v", "Zorg & welzijn <b>", "b", False, "v")
    assert fig.layout.title.text == "Zorg &amp; welzijn &lt;b&gt;"
    assert safe.plotly_plain(fig.layout.title.text) == "Zorg & welzijn <b>"


# --- markdown on the pages -----------------------------------------------------------------------------

HOSTILE_NAME = f"Dordrecht {MARKUP}"
HOSTILE_FILE = "[klik](http://x.nl) **vet** $x$ :red[rood] <img src=https://example.org/f.png>.csv"
HOSTILE_TOKEN = "vijandige-presentatie"


@pytest.fixture(scope="module")
def hostile_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the session's example database, with a consultation file of hostile text under a hostile file
    name, and the name of Dordrecht as an uploaded population file could set it; the app points at it."""
    path = copy_example(example_template, tmp_path_factory, "hostile")
    with app_on(path, tmp_path_factory):
        con = db.connect(path)
        try:
            header = ["gemeente", "document", "punt", "thema", "standpunt", "samenvatting"]
            data = make_csv([header, ["GM0505", f"Zienswijze {MARKUP}", "1", "kostenbeheersing", "zorg", MARKUP],
                             ["GM0505", f"Zienswijze {MARKUP}", "2", "wachttijden", "vraag", MARKUP]])
            report = load(con, HOSTILE_FILE, data, "consultatie")
            assert report.ok, [p.message for p in report.problems]
            spend = make_csv([["gemeente", "jaar", "segment", "bedrag", "soort"],
                              ["GM0505", 2025, "segment 3", "1.000", "realisatie"]])
            report = load(con, HOSTILE_FILE, spend, "uitgaven")
            assert report.ok, [p.message for p in report.problems]
            youths = make_csv([["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
                               ["JH 1 Totaal jeugdhulp", "Dordrecht", "2023", "2.395"],
                               ["JH 122 Totaal jeugdhulp met verblijf", "Dordrecht", "2023", "180"],
                               ["JH 1 Totaal jeugdhulp", "Zwijndrecht", "2023", "700"],
                               ["JH 122 Totaal jeugdhulp met verblijf", "Zwijndrecht", "2023", "60"]])
            report = load(con, HOSTILE_FILE, youths, None)   # a StatLine download, recognised by its headers
            assert report.ok, [p.message for p in report.problems]
            segments = make_csv([["regio", "code", "naam", "vorm", "toelichting"],
                                 ["Twente", "=1+1", f"Segment {MARKUP}", "ambulant", MARKUP]])
            report = load(con, HOSTILE_FILE, segments, "segmenten")
            assert report.ok, [p.message for p in report.problems]
            fig = charts.bars(pd.DataFrame({"c": [MARKUP], "v": [1.0]}), "c", "v", HOSTILE_NAME, MARKUP, False, "v")
            presentatie.add(con, HOSTILE_TOKEN, fig, pd.DataFrame({"c": [MARKUP]}), sleutel="k", titel=HOSTILE_NAME,
                            definitie=MARKUP, bron=HOSTILE_FILE, voorbeeld=False)
            con.execute("UPDATE gemeente SET naam = ? WHERE gemeente_code = 'GM0505'", [HOSTILE_NAME])
        finally:
            con.close()
        yield path


def _markdown_bodies(at) -> list[str]:
    """The source of every element Streamlit renders as markdown."""
    bodies = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success",
                 "toast"):
        bodies += [e.value for e in at.get(kind)]
    bodies += [m.label for m in at.metric] + [str(m.proto.delta) for m in at.metric]
    bodies += [e.label for e in at.expander] + [t.label for t in at.tabs]
    return bodies


@pytest.mark.parametrize(("page", "params"), [
    ("pages/gemeente.py", {"gemeente": "GM0505"}),
    ("pages/overzicht.py", {"gemeenten": "GM0505"}),
    ("pages/doelen.py", {"gemeenten": "GM0505"}),
    ("pages/consultatie.py", {}),
    ("pages/uitgaven.py", {"gemeenten": "GM0505", "jaren": "2019,2025"}),
    ("pages/presentatie.py", {"presentatie": HOSTILE_TOKEN}),
    ("pages/presentatie.py", {"presentatie": HOSTILE_TOKEN, "dia": "1"}),
    ("pages/vergelijken.py", {"gemeenten": "GM0505"}),
    ("pages/bronnen.py", {"regio": "TWENTE"}),
])
def test_markdown_on_the_pages_shows_text_from_files_as_text(hostile_db: Path, monkeypatch, page, params):
    monkeypatch.setenv("JEUGDHULP_DB", str(hostile_db))
    at = open_app(hostile_db, {"regio": "ZHZ"} | params)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    bodies = _markdown_bodies(at)
    live = {body: _live(body) for body in bodies if _live(body)}
    assert live == {}
    if page == "pages/bronnen.py":   # Twente's uploaded segment list: in a table, as the literal text
        cells = {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
        assert f"Segment {MARKUP}" in cells and "=1+1" in cells
        return
    # The text is there, escaped: the reader sees it literally.
    assert any(r"\<img src" in body for body in bodies), bodies
    if page in ("pages/uitgaven.py", "pages/presentatie.py", "pages/vergelijken.py"):   # the file's name, as source
        # (a word joiner after "http": a bare URL is no link either, see tests/test_review_fixes.py)
        assert any(r"\[klik\](http" "\u2060" r"\://x.nl)" in body for body in bodies), [b for b in bodies if "Bron" in b]


def test_import_report_shows_the_file_name_as_text():
    from streamlit.testing.v1 import AppTest

    def report_page(name: str) -> None:
        from dashboard import ui
        from loaders.importer import FileReport
        from loaders.problems import Problem

        ui.import_report(FileReport(name, "0" * 64, notes=[f"Blad {name} overgeslagen."]), loaded=False)
        ui.import_report(FileReport(name, "0" * 64, problems=[Problem("geen-getal", value=name)]), loaded=False)

    at = AppTest.from_function(report_page, args=(HOSTILE_FILE,)).run()
    assert not at.exception, [e.value for e in at.exception]
    bodies = [e.value for kind in ("success", "error", "caption") for e in at.get(kind)]
    assert len(bodies) == 3
    assert {b: _live(b) for b in bodies if _live(b)} == {}
    assert all(r"\<img src" in b for b in bodies)


def test_markdown_escape_keeps_the_text_readable():
    from jeugdhulp import safe

    escaped = safe.md("# Kop\n- punt 1. **vet** <b> $5 :red[x] a_b \\ [a](http://x.nl)")
    assert "\n" not in escaped
    for literal in ("**", "<b>", "$5", ":red[", "[a](", "a_b", "# Kop"):
        assert re.search(r"(?<!\\)" + re.escape(literal), escaped) is None, literal
    # What a reader sees, once markdown takes the backslashes out again.
    # (with a word joiner after "http" so that the URL is no link: tests/test_review_fixes.py)
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == (
        "# Kop - punt 1. **vet** <b> $5 :red[x] a_b \\ [a](http://x.nl)")


def test_validation_report_of_a_workbook_has_no_formula_of_the_upload(con):
    """A real formula in the uploaded workbook (a cell with =HYPERLINK) comes back as its cached value only:
    the report is passed on to others, and the loader never evaluates formulas either."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "uitgaven"
    sheet.append(["gemeente", "jaar", "segment", "bedrag", "soort"])
    sheet.append(['=HYPERLINK("http://example.org/x","Dordrecht")', 2024, "segment 3", 1000, "realisatie"])
    sheet.append(["Atlantis", 2024, "segment 3", 1000, "realisatie"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = load(con, "uitgaven.xlsx", buffer.getvalue(), "uitgaven")
    assert not report.ok
    copy = openpyxl.load_workbook(io.BytesIO(marked_copy("uitgaven.xlsx", buffer.getvalue(), report.problems)))
    cells = [c for row in copy["uitgaven"].iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert copy["uitgaven"]["A3"].value == "Atlantis"


def test_csv_writes_yes_and_no_in_dutch():
    # The Segmenten download wrote True/False in the column Residentieel (fresh eyes); the pages say ja/nee.
    frame = pd.DataFrame({"Residentieel": [True, False, None], "Kleine cel": pd.array([False, None, True], dtype="boolean")})
    text = tables.to_csv(frame).decode("utf-8-sig")
    assert text.split("\r\n") == ["Residentieel;Kleine cel", "ja;nee", "nee;", ";ja", ""]


def test_a_long_refusal_is_shown_whole_in_the_problem_table():
    """Fresh eyes: a long message (a workbook refused as too large) was cut off at the grid's edge. The rows of the
    problem table are as tall as its longest message needs, so the grid wraps it; a short one keeps one line."""
    from streamlit.testing.v1 import AppTest

    def report_page(message_value: str) -> None:
        from dashboard import ui
        from loaders.importer import FileReport
        from loaders.problems import Problem

        ui.import_report(FileReport("kort.csv", "0" * 64, problems=[Problem("geen-getal", value="twintig")]), loaded=False)
        ui.import_report(FileReport("groot.xlsx", "0" * 64, problems=[Problem("te-veel-cellen", value=message_value)]),
                         loaded=False)
        ui.import_report(FileReport("weer.xlsx", "0" * 64, problems=[Problem("al-geladen", value="17")]), loaded=False)

    from dashboard import ui

    at = AppTest.from_function(report_page, args=("17.179.869.184",)).run()
    assert not at.exception, [e.value for e in at.exception]
    short, long, two = (next(d for d in at.dataframe if "code" in d.value.columns and d.value["code"][0] == code)
                        for code in ("geen-getal", "te-veel-cellen", "al-geladen"))
    message = long.value["melding"][0]
    lines = -(-len(message) // ui.MESSAGE_CHARS_PER_LINE)
    assert len(message) > 2 * ui.MESSAGE_CHARS_PER_LINE, message
    assert long.proto.row_height == 14 + 21 * lines and 2 < lines <= ui.MESSAGE_MAX_LINES
    assert short.proto.row_height == 35   # the grid's own height of one line
    # Two lines' worth gets three: Streamlit wraps only in rows over 64 px (fresh eyes: al-geladen lost its advice).
    assert ui.MESSAGE_CHARS_PER_LINE < len(two.value["melding"][0]) <= 2 * ui.MESSAGE_CHARS_PER_LINE
    assert two.proto.row_height == 14 + 21 * 3 > 64
