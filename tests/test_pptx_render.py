"""A deck of ten slides made from the real chart builders on the example database: what python-pptx reads back
(reference series, highlight, gaps, title placeholders, alt text, notes, tables that fit), and LibreOffice's
rendering of it, page by page. PPTX_SHOTS=<folder> keeps the PNGs to look at."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from jeugdhulp import charts, export, tables
from jeugdhulp.pagedata import consultatie, gemeente, uitgaven, wachttijden
from jeugdhulp.presentatie import Dia
from jeugdhulp.selectie import Selectie

MOMENT = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
DORDRECHT = "GM0505"
PARTLY = "Deels voorbeelddata: inwoners 0-17 fictief"


def _dia(index: int, fig, definitie: str, bron: str, voorbeeld: bool, table: pd.DataFrame | None = None) -> Dia:
    frame = table if table is not None else pd.DataFrame({"x": [1]})
    return Dia(index, index, f"k{index}", fig.layout.title.text, definitie, bron, voorbeeld, fig.to_json(),
               frame.to_json(orient="split", index=False))


def build_dias(con: duckdb.DuckDBPyConnection) -> list[Dia]:
    """Nine charts as the pages draw them (line, bar with the region's average, map, box plot, heatmap, stacked
    bars, a line with a hidden year, an XY line, a partly-example chart): with the title slide and a heatmap split
    over two slides, ten or more slides."""
    sel = Selectie("ZHZ", "Zuid-Holland Zuid", (DORDRECHT,), ("Dordrecht",), 2019, 2025, ())
    geld = uitgaven.load(con, sel)
    wacht = wachttijden.load(con, sel)
    profiel = gemeente.load(con, sel, DORDRECHT)
    raad = consultatie.load(con, sel)
    labels = {"gemeente": "Dordrecht", "regio": "Regio", "vergelijkbaar": "Vergelijkbare gemeenten"}
    kaart = gemeente.kaart_tab(con, sel).kaartbeelden[0]
    document, matrix = raad.per_document[0]
    hidden = profiel.per_jaar.copy()
    year = hidden["jaar"] == 2021
    hidden.loc[year & (hidden["groep"] == "gemeente"), ["residentieel_per_1000"]] = None
    hidden.loc[year & (hidden["groep"] == "gemeente"), ["jeugdigen_residentieel_klein"]] = True
    figures = [
        (charts.per_jeugdige_trend(geld.trend, "Uitgaven per jeugdige — Dordrecht en de regio", geld.bron_trend, True,
                                   "Dordrecht"), "Gerealiseerde uitgaven gedeeld door inwoners van 0-17 jaar."),
        (charts.per_gemeente(geld.per_gemeente, "eur_per_jeugdige", "Uitgaven per jeugdige per gemeente, 2025",
                             geld.bron_per_gemeente, True, "€ per jeugdige (0-17 jaar)", [DORDRECHT],
                             average=geld.regio_per_jeugdige, average_label="regio"),
         "Realisatie gedeeld door inwoners van 0-17 jaar; de stippellijn is het gemiddelde van de regio."),
        (charts.kaart(kaart.frame, charts.gemeentegrenzen(kaart.grenzen), "eur_per_jeugdige",
                      "Uitgaven per jeugdige, 2025 — regio Zuid-Holland Zuid", kaart.bron, True, "€ per jeugdige",
                      kind="eur", highlight=DORDRECHT), "Uitgaven per jeugdige per gemeente. Omlijnd: Dordrecht."),
        (charts.box_per_segment(wacht.wacht_segment, "Spreiding van de wachttijd per segment, 2019-2025",
                                tables.sources(wacht.met_bron(wacht.wacht_segment)), True, "Dagen van aanmelding tot start"),
         "Doos: 25e-75e percentiel met de mediaan; snorharen: 10e en 90e percentiel."),
        (charts.heatmap(matrix, "gemeente", "thema", "punten", "Punten per gemeente en thema", document, raad.namen),
         "Aantal punten per gemeente naar hun eerste thema."),
        (charts.per_segment_stacked(geld.per_segment, "realisatie_eur", "Realisatie per segment",
                                    geld.bron_per_segment, True, "€ mln"), "Realisatie per segment per jaar."),
        (charts.vergelijking_trend(hidden, "residentieel_per_1000", labels, "Residentieel per 1.000 jeugdigen — Dordrecht",
                                   profiel.bron_per_jaar, True, "Per 1.000 inwoners van 0-17 jaar", kind="rate",
                                   small="jeugdigen_residentieel_klein"),
         "Jeugdigen met een residentieel traject per 1.000 inwoners van 0-17 jaar."),
        (charts.per_gemeente(geld.per_gemeente, "eur_per_jeugdige", "Uitgaven per jeugdige, deels fictief",
                             geld.bron_per_gemeente, PARTLY, "€ per jeugdige (0-17 jaar)", ["GM0482"]),
         "Realisatie gedeeld door inwoners van 0-17 jaar."),
    ]
    dias = []
    for index, (fig, definitie) in enumerate(figures, start=1):
        bron = fig.layout.title.subtitle.text.removeprefix("Bron: ").replace("<br>", " ")
        charts.with_hidden_note(fig, tables.HIDDEN_NOTE if index == 7 else "")
        dias.append(_dia(index, fig, definitie, bron, index != 8))
    return dias


@pytest.fixture(scope="module")
def deck(example: duckdb.DuckDBPyConnection) -> tuple[list[Dia], bytes]:
    dias = build_dias(example)
    return dias, export.to_pptx(dias, "Jeugdhulp Zuid-Holland Zuid", "Raadsinformatieavond", MOMENT)


def test_every_slide_has_its_title_in_the_title_placeholder(deck):
    dias, pptx = deck
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    first = slides[0]
    assert first.shapes.title.text == "Jeugdhulp Zuid-Holland Zuid"
    subtitle = next(p for p in first.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE)
    assert subtitle.text_frame.text.startswith("Raadsinformatieavond\n8 grafieken · gemaakt op ")
    titles = [s.shapes.title.text for s in slides[1:]]
    heat = [t for t in titles if t.startswith("Punten per gemeente en thema")]
    assert len(heat) == 2 and heat == [f"Punten per gemeente en thema ({i}/{len(heat)})" for i in range(1, len(heat) + 1)]
    assert [t for t in titles if t not in heat] == [d.titel for d in dias if not d.titel.startswith("Punten")]
    assert len(slides) == 10


def test_one_chart_is_grafiek_not_grafieken(example):
    dias = build_dias(example)[:1]
    first = Presentation(io.BytesIO(export.to_pptx(dias, "T", "S", MOMENT))).slides[0]
    assert "\n1 grafiek · gemaakt op" in first.placeholders[1].text_frame.text


def test_every_chart_and_table_has_alt_text_in_dutch(deck):
    _, pptx = deck
    slides = list(Presentation(io.BytesIO(pptx)).slides)[1:]
    frames = [(slide.shapes.title.text, shape) for slide in slides for shape in slide.shapes
              if shape.has_chart or shape.has_table]
    assert len(frames) == len(slides)
    for title, shape in frames:
        descr = shape._element.nvGraphicFramePr.cNvPr.get("descr")
        assert descr and f"'{title}'" in descr and descr.endswith("."), (title, descr)
    described = {title: shape._element.nvGraphicFramePr.cNvPr.get("descr") for title, shape in frames}
    bars = described["Uitgaven per jeugdige per gemeente, 2025"]
    assert bars.startswith("Staafdiagram 'Uitgaven per jeugdige per gemeente, 2025', € per jeugdige (0-17 jaar): ")
    assert "uitgelicht: Dordrecht" in bars and "regio: € " in bars
    box = described["Spreiding van de wachttijd per segment, 2019-2025"]
    assert re.search(r"Wonen \([\d.]+ trajecten\): mediaan \d+, de middelste helft \d+ tot \d+, 10e tot 90e percentiel \d+ "
                     r"tot \d+;", box)
    # Bars from the top down, as seen; the highlighted gemeente with its value even where the list is cut short.
    assert re.search(r": Gorinchem € 2\.\d{3}, Hardinxveld-Giessendam € ", bars)
    assert re.search(r"uitgelicht: Dordrecht \(€ 2\.\d{3}\)", bars)
    trend = described["Residentieel per 1.000 jeugdigen — Dordrecht"]
    assert re.search(r"Dordrecht van \d+,\d\d \(2019\) tot \d+,\d\d \(2025\), 1 waarde niet getoond", trend)


def test_the_region_average_is_a_series_of_its_own_and_dordrecht_is_highlighted(deck):
    dias, pptx = deck
    slide = list(Presentation(io.BytesIO(pptx)).slides)[2]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    gemeenten, regio = chart.series
    assert regio.name.startswith("regio: € ")
    categories = list(chart.plots[0].categories)
    at = categories.index("Regio")
    assert [v for v in regio.values if v is not None] == [regio.values[at]]
    assert gemeenten.values[at] is None and None not in gemeenten.values[:at] + gemeenten.values[at + 1:]
    # The region's bar stands where its value falls among the sorted gemeenten.
    values = [v for v in gemeenten.values if v is not None]
    assert values == sorted(values)
    assert values[at - 1] <= regio.values[at] <= values[at] if 0 < at < len(values) else True
    assert str(regio.format.fill.fore_color.rgb) == charts.COLORS["regio"][1:].upper()
    colors = {c: str(gemeenten.points[i].format.fill.fore_color.rgb) for i, c in enumerate(categories) if c != "Regio"}
    assert colors.pop("Dordrecht") == charts.COLORS["selectie"][1:].upper()
    assert set(colors.values()) == {"A9B7C4"}


def test_the_map_is_a_sorted_bar_chart_with_the_selected_gemeente_in_the_highlight_colour(deck):
    _, pptx = deck
    slide = list(Presentation(io.BytesIO(pptx)).slides)[3]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    (series,) = chart.series
    values = list(series.values)
    assert values == sorted(values) and len(values) == 10
    categories = list(chart.plots[0].categories)
    highlighted = [c for i, c in enumerate(categories)
                   if str(series.points[i].format.fill.fore_color.rgb) == charts.HIGHLIGHT_COLOR[1:].upper()]
    assert highlighted == ["Dordrecht"]
    assert chart.value_axis.axis_title.text_frame.text == "€ per jeugdige"
    assert chart.value_axis.tick_labels.number_format == '[$-413]"€ "#,##0'


def test_hidden_values_are_gaps_in_every_line_chart(deck):
    _, pptx = deck
    with zipfile.ZipFile(io.BytesIO(pptx)) as book:
        xml = [book.read(n).decode() for n in book.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
    lines = [x for x in xml if "<c:lineChart>" in x or "<c:scatterChart>" in x]
    assert len(lines) >= 2
    assert all('<c:dispBlanksAs val="gap"/>' in x for x in xml)
    slide = list(Presentation(io.BytesIO(pptx)).slides)[-2]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    dordrecht = chart.series[0]
    ys = [float(v.text) if v is not None else None for v in dordrecht._element.xpath("./c:yVal//c:pt/c:v")]
    xs = [float(v.text) for v in dordrecht._element.xpath("./c:xVal//c:pt/c:v")]
    indexes = [int(p.get("idx")) for p in dordrecht._element.xpath("./c:yVal//c:pt")]
    assert 2021.0 in xs and xs.index(2021.0) not in indexes and len(ys) == len(xs) - 1


def test_box_plots_are_floating_bars_with_an_invisible_base(deck):
    _, pptx = deck
    slide = list(Presentation(io.BytesIO(pptx)).slides)[4]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    names = [s.name for s in chart.series]
    assert names[0] == "basis (niet getekend)"
    base = chart.series[0]._element
    assert base.xpath("./c:spPr/a:noFill")       # the base up to the 10th percentile is not drawn
    # The legend: the light band and the dark one (entries 0, 2 and 4 deleted).
    deleted = chart.legend._element.xpath("./c:legendEntry[c:delete/@val='1']/c:idx/@val")
    assert sorted(deleted) == ["0", "2", "4"]
    assert [names[1], names[3]] == ["10e-90e percentiel", "25e-75e percentiel (witte streep: mediaan)"]
    assert all(re.search(r": mediaan \d+ \(\d+-\d+\)$", c) for c in chart.plots[0].categories)


def test_heatmap_tables_are_at_least_12_pt_and_never_break_a_name(deck):
    _, pptx = deck
    slides = [s for s in Presentation(io.BytesIO(pptx)).slides if s.shapes.title.text.startswith("Punten per")]
    names = []
    for slide in slides:
        table = next(s for s in slide.shapes if s.has_table)
        assert table.top + table.height <= 6.55 * 914400            # above the source line
        assert table.left + table.width <= 12.85 * 914400
        for i, row in enumerate(table.table.rows):
            for j, cell in enumerate(row.cells):
                for paragraph in cell.text_frame.paragraphs:
                    assert paragraph.font.size.pt >= 12
                    assert {r.font.name for r in paragraph.runs} <= {"Arial"}
                    # Every word (a hyphenated name may break after its hyphen) fits its column on one line.
                    for word in export.pptx_tables.words(paragraph.text):
                        width = export.pptx_tables.text_width(word, paragraph.font.size.pt, bold=i == 0) \
                            + 2 * export.pptx_tables.CELL_MARGIN.pt
                        assert width <= table.table.columns[j].width / 12700, (word, j)
        names += [c.text for c in table.table.rows[0].cells] + [r.cells[0].text for r in table.table.rows]
    # More themes than gemeenten: the themes run down the side, the gemeenten are the columns.
    assert {"Alblasserdam", "Hardinxveld-Giessendam", "Dordrecht"} <= set(names)


def test_notes_carry_definition_and_source_and_the_partial_mark_is_shown(deck):
    dias, pptx = deck
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    for slide in slides[1:]:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith("Definitie: ") and "\nBron: " in notes
    partly = slides[-1]
    texts = [s.text_frame.text for s in partly.shapes if s.has_text_frame]
    assert PARTLY.upper() in texts and charts.EXAMPLE_MARK not in texts
    assert charts.EXAMPLE_MARK in [s.text_frame.text for s in slides[1].shapes if s.has_text_frame]


# --- LibreOffice ------------------------------------------------------------------------------------------------

def _blank(png: Path) -> bool:
    """A page without anything drawn on it: one colour, or next to no variation."""
    image = Image.open(png).convert("L")
    return image.getextrema()[0] == image.getextrema()[1] or ImageStat.Stat(image).stddev[0] < 3


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="LibreOffice and poppler-utils (scripts/test installs them)")
def test_libreoffice_renders_every_slide(deck, tmp_path):
    _, pptx = deck
    shots = Path(os.environ.get("PPTX_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "deck.pptx"
    source.write_bytes(pptx)
    # A profile of its own: a soffice already running for the user would take the job and ignore --headless.
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(tmp_path / "deck.pdf"), str(shots / "dia")], check=True,
                   timeout=120)
    pages = sorted(shots.glob("dia-*.png"))
    assert len(pages) == len(Presentation(io.BytesIO(pptx)).slides) == 10
    assert [p.name for p in pages if _blank(p)] == []
    width, height = Image.open(pages[0]).size
    assert abs(width / height - 16 / 9) < 0.02
