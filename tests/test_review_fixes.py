"""Findings of the attacker review (issue 10, second round): small KPI counts uploaded by a controller,
population files renaming gemeenten, bare URLs that markdown turns into links, consultation files that crash
or inject into the 'Standpunt per thema' chart, and live links and formulas in the validation report."""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from streamlit.testing.v1 import AppTest

from jeugdhulp import charts, db, queries, safe
from loaders.importer import undo_batch
from loaders.report import marked_copy
from tests.conftest import app_on, copy_example, load, make_csv
from tests.test_pages import chart_titles, open_app

# --- 3. KPI values that count people ------------------------------------------------------------------

KPI_FILE = make_csv([
    ["kpi", "jaar", "waarde", "regio", "gemeente", "eenheid"],
    ["jeugdigen op wachtlijst", "2024", "2", "ZHZ", "GM0482", "jeugdigen"],        # the reviewer's row
    ["jeugdigen op wachtlijst", "2024", "12", "ZHZ", "", "jeugdigen"],             # 5 or more: shown
    ["jeugdigen op wachtlijst", "2024", "0", "ZHZ", "GM0505", "jeugdigen"],        # none is no small count
    ["in zorg", "2024", "4", "ZHZ", "GM0505", "Cliënten"],                         # capital and accent
    ["in zorg", "2024", "1", "ZHZ", "GM0512", "CLIENTEN"],
    ["gezinnen met hulp", "2024", "3", "ZHZ", "GM0523", "gezinnen"],
    ["lopende trajecten", "2024", "2", "ZHZ", "GM0531", "aantal trajecten"],
    ["aantal op wachtlijst", "2024", "3", "ZHZ", "GM0590", ""],                   # no unit: the name counts
    ["wachttijd", "2024", "3", "ZHZ", "GM0482", "dagen"],                          # days, not people
    ["aandeel binnen norm", "2024", "4", "ZHZ", "GM0482", "%"],
    ["kosten per traject", "2024", "2,5", "ZHZ", "GM0482", "euro"],
    ["jeugdigen in zorg", "2024", "3", "ZHZ", "GM0610", "per 1.000 jeugdigen"],   # a rate, not a count
], delimiter=",")
NAN = math.nan
KPI_EXPECTED = [   # kpi, gemeente_code, waarde, waarde_klein
    ("aandeel binnen norm", "GM0482", 4.0, False),
    ("aantal op wachtlijst", "GM0590", NAN, True),
    ("gezinnen met hulp", "GM0523", NAN, True),
    ("in zorg", "GM0505", NAN, True),
    ("in zorg", "GM0512", NAN, True),
    ("jeugdigen in zorg", "GM0610", 3.0, False),
    ("jeugdigen op wachtlijst", "GM0482", NAN, True),
    ("jeugdigen op wachtlijst", "GM0505", 0.0, False),
    ("jeugdigen op wachtlijst", None, 12.0, False),
    ("kosten per traject", "GM0482", 2.5, False),
    ("lopende trajecten", "GM0531", NAN, True),
    ("wachttijd", "GM0482", 3.0, False),
]


def test_kpi_counts_of_people_under_5_are_masked_other_units_kept(con):
    report = load(con, "kpi.csv", KPI_FILE, "kpi")
    assert report.ok, report.problems
    frame = queries.kpi_waarden(con, "ZHZ", [])
    assert "waarde_klein" in frame.columns
    got = sorted(((k, None if pd.isna(g) else g, w, bool(s)) for k, g, w, s in
                  frame[["kpi", "gemeente_code", "waarde", "waarde_klein"]].itertuples(index=False)),
                 key=lambda r: (r[0], r[1] is None, r[1] or ""))
    assert [r[:2] for r in got] == [e[:2] for e in KPI_EXPECTED]
    for row, expected in zip(got, KPI_EXPECTED, strict=True):
        assert (math.isnan(row[2]) and math.isnan(expected[2])) or row[2] == expected[2], row
        assert row[3] is expected[3], row


@pytest.mark.parametrize(("eenheid", "kpi", "count"), [
    ("jeugdigen", "x", True), ("Jongeren", "x", True), ("kinderen", "x", True), ("cliënten", "x", True),
    ("Clienten", "x", True), ("personen", "x", True), ("aantal", "x", True), ("trajecten", "x", True),
    ("gezinnen", "x", True), ("jeugdige", "x", True), ("kind", "x", True), ("youths", "x", True),
    ("dagen", "jeugdigen op wachtlijst", False), ("%", "jeugdigen", False), ("euro", "x", False),
    ("€", "x", False), ("per 1.000 jeugdigen", "x", False), ("procent jeugdigen", "x", False),
    (None, "Aantal jeugdigen op de wachtlijst", True), ("", "wachttijd", False), (None, None, False),
])
def test_which_kpi_values_count_people(eenheid, kpi, count):
    assert queries.kpi_counts_people(eenheid, kpi) is count


# --- 4. population files do not rename gemeenten -------------------------------------------------------

POPULATION = make_csv([
    ["code", "naam", "regio", "jaar", "inwoners"],
    ["GM0505", "Dordrecht (typo) ", "Zuid-Holland Zuid", "2024", "25000"],
    ["GM0482", "alblasserdam", "Zuid-Holland Zuid", "2024", "20000"],    # the same name in other letters
])


def _names(con) -> dict[str, str]:
    return dict(con.execute("SELECT gemeente_code, naam FROM gemeente").fetchall())


def test_population_file_never_renames_a_known_gemeente(con):
    before = _names(con)
    report = load(con, "bevolking.csv", POPULATION, "gemeenten")
    assert report.ok, report.problems
    assert _names(con) == before
    assert con.execute("SELECT inwoners FROM gemeente_jaar WHERE gemeente_code = 'GM0505' AND jaar = 2024"
                       ).fetchall() == [(25000,)]
    notes = [n for n in report.notes if "GM0505" in n]
    assert notes == ["Blad 'csv', rij 2: gemeente GM0505 heet in het bestand 'Dordrecht (typo)'; de bekende naam "
                     "'Dordrecht' is behouden (een bevolkingsbestand wijzigt geen namen van gemeenten)."]
    assert not [n for n in report.notes if "GM0482" in n]      # differs only in capitals: nothing to say
    # A later file that uses the known name still loads.
    later = load(con, "kpi.csv", make_csv([["kpi", "jaar", "waarde", "regio", "gemeente", "eenheid"],
                                          ["wachttijd", "2024", "30", "ZHZ", "Dordrecht", "dagen"]]), "kpi")
    assert later.ok, later.problems
    assert undo_batch(con, report.batch_ids[0])
    assert _names(con) == before


# --- 5. bare URLs from a file are no links ---------------------------------------------------------------

# remark-gfm's literal autolinks, as Streamlit 1.67's markdown (StreamlitMarkdown.js, mdast-util-gfm-autolink-
# literal) finds them in the text *after* backslash escapes are resolved; JavaScript's \w is ASCII only. The
# micromark tokenizer before it needs the same literal "http://", "https://", "www." or "x@y.z".
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
URLS = ("zie https://evil.example/x?a=1, HTTP://evil.example, www.evil.example en WWW.Evil.example; "
        "mail info@evil.example of mailto:info@evil.example, ftp://evil.example")


def _autolinks(markdown: str) -> list[str]:
    text = re.sub(r"\\(.)", r"\1", markdown)       # what remark-gfm's transform sees
    return [m.group(0) for pattern in (GFM_URL, GFM_EMAIL) for m in pattern.finditer(text)]


def test_gfm_patterns_find_the_links_in_plain_text():
    assert len(_autolinks(URLS)) >= 6       # the probe can fail: these are links without safe.md


def test_markdown_of_file_text_has_no_autolink_and_reads_the_same():
    escaped = safe.md(URLS)
    assert _autolinks(escaped) == []
    # What a reader sees: the same characters, with invisible word joiners.
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == URLS


# --- 6. consultation files with many or hostile stances --------------------------------------------------

STANCES = ["steunt", "zorg", "verzoek", "vraag", "kritiek", "%{x}", "%{customdata[0]}", "<b>vet</b>",
           "%{y:.2f}", "akkoord", "neutraal", "twijfel", "bezwaar", "compliment", "suggestie"]


def test_stacked_counts_with_15_hostile_categories():
    frame = pd.DataFrame({"naam": ["Wachttijden", "Kosten"]} | {f"standpunt_{s}": [1, 2] for s in STANCES})
    parts = {f"standpunt_{s}": s for s in STANCES}
    fig = charts.stacked_counts(frame, "naam", parts, "Standpunt per thema", "bron", "Punten")
    assert [t.name for t in fig.data] == [safe.plotly_text(s) for s in STANCES]
    # The hover text is one fixed template for every trace: no text of the file is read as a template.
    assert len({t.hovertemplate for t in fig.data}) == 1, {t.hovertemplate for t in fig.data}
    assert "%{fullData.name}" in fig.data[0].hovertemplate
    # 15 categories stay distinguishable: no colour and pattern twice.
    looks = {(t.marker.color, t.marker.pattern.shape) for t in fig.data}
    assert len(looks) == len(STANCES)


SENTINEL = "Naam %{y} %{customdata[0]} <b>"


def _hover_templates(fig) -> list[str]:
    return [t.hovertemplate for t in fig.data if t.hovertemplate]


@pytest.mark.parametrize("chart", ["per_jeugdige_trend", "per_segment_stacked", "stats_per_year", "box_per_segment",
                                   "lines_per_group", "vergelijking_trend", "vorm_mix", "stacked_counts"])
def test_no_text_from_a_file_in_a_hovertemplate(chart):
    years = [2023, 2024]
    if chart == "per_jeugdige_trend":
        frame = pd.DataFrame({"jaar": years, "soort": "realisatie", "selectie_eur_per_jeugdige": [1.0, 2.0],
                              "regio_eur_per_jeugdige": [3.0, 4.0]})
        fig = charts.per_jeugdige_trend(frame, "t", "b", False, SENTINEL)
    elif chart == "per_segment_stacked":
        frame = pd.DataFrame({"jaar": years, "segment": SENTINEL, "volgorde": 1, "eur": [1e6, 2e6]})
        fig = charts.per_segment_stacked(frame, "eur", "t", "b", False, "€")
    elif chart == "stats_per_year":
        frame = pd.DataFrame({"jaar": years * 13, "inkoopmodel": [f"{SENTINEL} {i}" for i in range(13) for _ in years],
                              "mediaan": 5.0})
        fig = charts.stats_per_year(frame, [("mediaan", "Mediaan")], "t", "b", False, "Dagen", group="inkoopmodel")
    elif chart == "box_per_segment":
        frame = pd.DataFrame({"segment": [SENTINEL], "volgorde": [1], "aantal": [10], "p10": [1.0], "p25": [2.0],
                              "mediaan": [3.0], "p75": [4.0], "p90": [5.0], "gemiddeld": [3.0]})
        fig = charts.box_per_segment(frame, "t", "b", False, "Dagen")
    elif chart == "lines_per_group":
        frame = pd.DataFrame({"jaar": years * 13, "groep": [f"{SENTINEL} {i}" for i in range(13) for _ in years],
                              "waarde": 5.0})
        fig = charts.lines_per_group(frame, "groep", "waarde", "t", "b", False, "x")
    elif chart == "vergelijking_trend":
        frame = pd.DataFrame({"jaar": years, "groep": "gemeente", "waarde": [1.0, 2.0], "klein": [False, True]})
        fig = charts.vergelijking_trend(frame, "waarde", {"gemeente": SENTINEL}, "t", "b", False, "x", small="klein")
    elif chart == "vorm_mix":
        frame = pd.DataFrame({"groep": "gemeente", "vorm_naam": ["A", "B"], "volgorde": [1, 2], "aandeel": [0.4, 0.6],
                              "realisatie_eur": [4.0, 6.0]})
        fig = charts.vorm_mix(frame, {"gemeente": SENTINEL}, "t", "b", False)
    else:
        frame = pd.DataFrame({"naam": [SENTINEL], "standpunt_a": [1]})
        fig = charts.stacked_counts(frame, "naam", {"standpunt_a": SENTINEL}, "t", "b", "Punten")
    templates = _hover_templates(fig)
    assert templates
    for template in templates:
        assert "Naam" not in template and "customdata[0]" not in template and "&lt;b&gt;" not in template, template
    # ...and the text still reaches the reader, escaped, as a name or trace data.
    assert safe.plotly_text(SENTINEL) in json.dumps(fig.to_plotly_json(), default=str)


# --- 10. the validation report carries values and marks only ----------------------------------------------

def _hostile_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "uitgaven"
    sheet.append(["gemeente", "jaar", "segment", "bedrag", "soort"])
    sheet.append(["Dordrecht", 2024, "segment 3", 1000, "realisatie"])
    sheet.append(["Atlantis", 2024, "segment 3", 1000, "realisatie"])       # unknown gemeente: marked
    sheet["A2"].hyperlink = "http://evil.example/link"
    book.defined_names["Verleiding"] = DefinedName("Verleiding", attr_text='HYPERLINK("http://evil.example","y")')
    validation = DataValidation(type="custom", formula1='=WEBSERVICE("http://evil.example")')
    sheet.add_data_validation(validation)
    validation.add("B2:B3")
    sheet.conditional_formatting.add("D2:D3", FormulaRule(formula=['WEBSERVICE("http://evil.example/cf")<>""'],
                                                          fill=PatternFill("solid", fgColor="FF0000")))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith((".xml", ".rels")))


def test_hostile_workbook_probe_has_what_the_report_must_drop():
    xml = _xml(_hostile_workbook())
    for part in (r"<hyperlink[ >]", r"<definedName[ >]", r"<dataValidation[ >]", r"<conditionalFormatting[ >]",
                 r"<formula", r"evil\.example", r"WEBSERVICE", r"HYPERLINK"):
        assert re.search(part, xml), part


def test_validation_report_has_values_and_marks_only(con):
    data = _hostile_workbook()
    report = load(con, "uitgaven.xlsx", data, "uitgaven")
    assert not report.ok
    assert [(p.code, p.row) for p in report.problems if p.sheet == "uitgaven"] == [("onbekende-gemeente", 3)]
    copy = marked_copy("uitgaven.xlsx", data, report.problems)
    xml = _xml(copy)
    # (openpyxl writes an empty <definedNames/> list into every workbook: a name itself is <definedName ...>)
    for part in (r"<hyperlink[ >]", r"<definedName[ >]", r"<dataValidation[ >]", r"<conditionalFormatting[ >]",
                 r"<f[ >]", r"<formula", r"externalLink", r"evil\.example", r"WEBSERVICE", r"HYPERLINK"):
        assert re.search(part, xml) is None, part
    book = openpyxl.load_workbook(io.BytesIO(copy))
    sheet = book["uitgaven"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["gemeente", "jaar", "segment", "bedrag", "soort"],
        ["Dordrecht", 2024, "segment 3", 1000, "realisatie"],
        ["Atlantis", 2024, "segment 3", 1000, "realisatie"],
    ]
    marked = [c.coordinate for row in sheet.iter_rows() for c in row if c.fill.fgColor.rgb.endswith("FFC7CE")]
    assert marked == ["A3"]
    assert "[onbekende-gemeente]" in sheet["A3"].comment.text
    assert book.sheetnames[0] == "Meldingen"


# --- pages: the same files through the app ------------------------------------------------------------------

HOSTILE_DOCUMENT = "Nota https://evil.example/x www.evil.example info@evil.example"
CONSULTATION = make_csv(
    [["region", "gemeente", "document", "point_no", "theme", "secondary_theme", "stance", "summary_nl",
      "response_outcome", "response_summary_nl", "source_line"]]
    + [["Zuid-Holland Zuid", "Alblasserdam", HOSTILE_DOCUMENT, str(i + 1), "normaliseren", "", stance,
        f"Punt {i + 1}, zie www.evil.example", "toegelicht", "Reactie", str(i + 1)] for i, stance in enumerate(STANCES)],
    delimiter=",")


pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")


@pytest.fixture(scope="module")
def review_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the example database with the KPI file and the consultation file above; the app points at it."""
    path = copy_example(example_template, tmp_path_factory, "review")
    con = db.connect(path)
    try:
        for name, data, kind in (("kpi.csv", KPI_FILE, "kpi"), ("zienswijzen.csv", CONSULTATION, "consultatie")):
            report = load(con, name, data, kind)
            assert report.ok, report.problems
    finally:
        con.close()
    with app_on(path, tmp_path_factory):
        yield path


def _open(review_db: Path, page: str) -> AppTest:
    at = open_app(review_db, {"regio": "ZHZ"})
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_wachttijd_page_shows_small_kpi_counts_as_under_5(review_db):
    at = _open(review_db, "pages/wachttijden.py")
    tables = [d.value for d in at.dataframe if d.value.isin(["jeugdigen op wachtlijst"]).any().any()]
    assert len(tables) == 1
    table = tables[0].astype(str)
    rows = [tuple(r) for r in table.itertuples(index=False)]
    by_kpi = {}
    for row in rows:
        by_kpi.setdefault(row[0], []).append(row)
    waarde = list(table.columns).index(next(c for c in table.columns if c.lower() == "waarde"))

    def shown(kpi: str) -> list[object]:
        """The values as read: "<5" as it stands, numbers from their Dutch text (1.234,5)."""
        return sorted((r[waarde] if r[waarde] == "<5" else float(r[waarde].replace(".", "").replace(",", "."))
                       for r in by_kpi[kpi]), key=str)

    # The download buttons write this same frame (ui.table), so what holds here holds for CSV and Excel.
    assert shown("jeugdigen op wachtlijst") == [0.0, 12.0, "<5"]
    assert shown("in zorg") == ["<5", "<5"]
    assert shown("wachttijd") == [3.0]
    assert shown("kosten per traject") == [2.5]
    assert shown("jeugdigen in zorg") == [3.0]
    assert "waarde_klein" not in table.columns and "Waarde_klein" not in table.columns


def test_consultation_page_with_15_hostile_stances(review_db):
    at = _open(review_db, "pages/consultatie.py")
    assert "Standpunt per thema" in chart_titles(at)
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                if json.loads(c.proto.spec)["layout"]["title"]["text"] == "Standpunt per thema")
    names = {t["name"] for t in spec["data"]}
    assert {"%{x}", "%{customdata[0]}", "&lt;b&gt;vet&lt;/b&gt;"} <= names
    assert all("%{x}" not in t["hovertemplate"].replace("%{y}: %{x}", "") for t in spec["data"])
    # Document names reach captions (the source of each chart) as text, without a live link.
    bodies = [c.value for c in at.caption] + [m.value for m in at.markdown]
    assert any("evil" in b for b in bodies)
    assert {b: _autolinks(b) for b in bodies if _autolinks(b)} == {}


def test_the_report_of_a_large_upload_lists_the_problems_without_a_copy(con, monkeypatch):
    """Fresh eyes: the marked copy of a million-row workbook took 2,5 GB of the server and over two minutes, so two
    clicks ran out of the browser's time. Over MARKED_COPY_MAX_BYTES the report is the sheet 'Meldingen' alone."""
    from loaders import report as report_module

    data = _hostile_workbook()
    report = load(con, "uitgaven.xlsx", data, "uitgaven")
    monkeypatch.setattr(report_module, "MARKED_COPY_MAX_BYTES", len(data) - 1)
    assert not report_module.copied_whole(data)
    book = openpyxl.load_workbook(io.BytesIO(marked_copy("uitgaven.xlsx", data, report.problems)))
    assert book.sheetnames == ["Meldingen"]
    rows = [[c.value for c in row] for row in book["Meldingen"].iter_rows()]
    assert rows[0] == ["Blad", "Rij", "Kolom", "Waarde", "Code", "Melding"]
    assert [(r[0], r[1], r[4]) for r in rows[1:] if r[0] == "uitgaven"] == [("uitgaven", 3, "onbekende-gemeente")]
    monkeypatch.setattr(report_module, "MARKED_COPY_MAX_BYTES", len(data))
    assert openpyxl.load_workbook(io.BytesIO(marked_copy("uitgaven.xlsx", data, report.problems))).sheetnames == [
        "Meldingen", "uitgaven"]
