"""The PowerPoint export on small figures built in code: tables split over slides at a readable size, a category
line chart with a gap, the title placeholder, alt text and notes, and text from files kept as text."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import pandas as pd
from pptx import Presentation
from pptx.enum.dml import MSO_LINE_DASH_STYLE

from jeugdhulp import charts, export, safe
from jeugdhulp.export.pptx_tables import CELL_MARGIN, text_width, words
from jeugdhulp.presentatie import Dia

MOMENT = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
NAMES = ["Alblasserdam", "Hardinxveld-Giessendam", "Hendrik-Ido-Ambacht", "Hoeksche Waard", "Zwijndrecht",
         "Molenlanden", "Papendrecht", "Sliedrecht", "Dordrecht", "Gorinchem", "Vijfheerenlanden", "Krimpenerwaard",
         "Capelle aan den IJssel", "Barendrecht", "Ridderkerk", "Albrandswaard", "Nissewaard", "Voorne aan Zee",
         "Goeree-Overflakkee", "Lansingerland", "Westvoorne"]
THEMES = {f"t{i}": name for i, name in enumerate(
    ["Wachttijden en toegang", "Kosten", "Regie en sturing", "Inkoopmodel", "Kwaliteit", "Preventie",
     "Samenwerking tussen domeinen", "Jeugdbescherming", "Verblijf", "Onderwijs", "Continuïteit van zorg"])}


def _dias(*figures, voorbeeld: bool = False) -> list[Dia]:
    table = pd.DataFrame({"x": [1]}).to_json(orient="split", index=False)
    return [Dia(i, i, f"k{i}", safe.plotly_plain(fig.layout.title.text), "De definitie.", "De bron.", voorbeeld,
                fig.to_json(), table) for i, fig in enumerate(figures, start=1)]


def _deck(*figures, voorbeeld: bool = False):
    return Presentation(io.BytesIO(export.to_pptx(_dias(*figures, voorbeeld=voorbeeld), "Titel", "Ondertitel", MOMENT)))


def test_a_21_by_11_heatmap_is_split_over_slides_at_12_pt_or_more_without_breaking_a_word():
    points = pd.DataFrame([{"gemeente": g, "thema": t, "punten": (i * 3 + j) % 4}
                           for i, g in enumerate(NAMES) for j, t in enumerate(THEMES)])
    heat = charts.heatmap(points, "gemeente", "thema", "punten", "Punten per gemeente en thema", "b", THEMES)
    deck = _deck(heat)
    slides = list(deck.slides)[1:]
    titles = [s.shapes.title.text for s in slides]
    assert len(titles) >= 2
    assert titles == [f"Punten per gemeente en thema ({i}/{len(titles)})" for i in range(1, len(titles) + 1)]
    seen: dict[tuple[str, str], str] = {}
    for slide in slides:
        (shape,) = [s for s in slide.shapes if s.has_table]
        assert shape.top + shape.height <= 6.6 * 914400 and shape.left + shape.width <= 12.85 * 914400
        assert shape._element.nvGraphicFramePr.cNvPr.get("descr").startswith(f"Tabel '{slide.shapes.title.text}': ")
        grid = shape.table
        header = [c.text for c in grid.rows[0].cells]
        for i, row in enumerate(grid.rows):
            for j, cell in enumerate(row.cells):
                paragraph = cell.text_frame.paragraphs[0]
                assert paragraph.font.size.pt >= 12
                for word in words(cell.text):
                    assert text_width(word, paragraph.font.size.pt, bold=i == 0) + 2 * CELL_MARGIN.pt \
                        <= grid.columns[j].width / 12700, (word, j)
                if i and j:
                    seen[(row.cells[0].text, header[j])] = cell.text
    # Every cell of the heatmap is on exactly one slide, with its number (0 as an empty cell).
    themes_down = set(THEMES.values()) == {r for r, _ in seen}
    expected = {((t, g) if themes_down else (g, t)): str(v) if v else ""
                for g, t, v in ((p.gemeente, THEMES[p.thema], p.punten) for p in points.itertuples())}
    assert seen == expected


def test_a_wide_table_never_breaks_alblasserdam():
    assert words("Alblasserdam") == ["Alblasserdam"]
    assert words("Hardinxveld-Giessendam") == ["Hardinxveld-", "Giessendam"]
    points = pd.DataFrame({"gemeente": ["Alblasserdam", "Dordrecht"], "thema": ["t0", "t1"], "punten": [1, 2]})
    deck = _deck(charts.heatmap(points, "gemeente", "thema", "punten", "Punten", "b", THEMES))
    (shape,) = [s for s in deck.slides[1].shapes if s.has_table]
    column = next(j for j, c in enumerate(shape.table.rows[0].cells) if c.text == "Alblasserdam") if any(
        c.text == "Alblasserdam" for c in shape.table.rows[0].cells) else 0
    assert shape.table.columns[column].width / 12700 >= text_width("Alblasserdam", 12, bold=True) + 2 * CELL_MARGIN.pt


def test_a_category_line_chart_leaves_a_withheld_year_as_a_gap():
    stats = pd.DataFrame({"jaar": [2022, 2023, 2024], "mediaan": [31.0, None, 28.0], "p90": [80.0, None, 75.0]})
    fig = charts.stats_per_year(stats, [("mediaan", "Mediaan"), ("p90", "90e percentiel")], "Wachttijd", "b", False,
                                "Dagen")
    deck = _deck(fig)
    chart = next(s.chart for s in deck.slides[1].shapes if s.has_chart)
    assert [list(s.values) for s in chart.series] == [[31.0, None, 28.0], [80.0, None, 75.0]]
    with zipfile.ZipFile(io.BytesIO(export.to_pptx(_dias(fig), "T", "S", MOMENT))) as book:
        xml = book.read("ppt/charts/chart1.xml").decode()
    assert "<c:lineChart>" in xml and '<c:dispBlanksAs val="gap"/>' in xml
    descr = next(s for s in deck.slides[1].shapes if s.has_chart)._element.nvGraphicFramePr.cNvPr.get("descr")
    assert descr == ("Lijndiagram 'Wachttijd', Dagen: Mediaan van 31 (2022) tot 28 (2024), 1 waarde niet getoond; "
                     "90e percentiel van 80 (2022) tot 75 (2024), 1 waarde niet getoond.")


def test_titles_are_placeholders_and_text_from_files_stays_text():
    markup = "<b>=HYPERLINK(\"http://x\")</b> & co"
    frame = pd.DataFrame({"c": [markup, "Dordrecht"], "v": [30.0, 12.0]})
    fig = charts.bars(frame, "c", "v", markup, "b", False, "Jeugdigen")
    deck = _deck(fig, voorbeeld=True)
    first, slide = deck.slides[0], deck.slides[1]
    assert first.shapes.title.text == "Titel"
    assert first.placeholders[1].text_frame.text == "Ondertitel\n1 grafiek · gemaakt op 2 december 2026 om 13:00 met de " \
                                                    "Inkoopmonitor Jeugdhulp"
    assert slide.shapes.title.text == markup
    assert slide.shapes.title.is_placeholder
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    assert list(chart.plots[0].categories) == ["Dordrecht", markup]
    descr = next(s for s in slide.shapes if s.has_chart)._element.nvGraphicFramePr.cNvPr.get("descr")
    assert descr == f"Staafdiagram '{markup}', Jeugdigen: {markup} 30, Dordrecht 12."     # top bar first
    assert slide.notes_slide.notes_text_frame.text == "Definitie: De definitie.\nBron: De bron."
    assert charts.EXAMPLE_MARK in [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_euro_axes_carry_the_euro_sign_and_round_to_whole_euros():
    frame = pd.DataFrame({"gemeente_code": ["GM0505", "GM0482"], "gemeente": ["Dordrecht", "Alblasserdam"],
                          "v": [2016.4, 1696.55]})
    fig = charts.per_gemeente(frame, "v", "Per jeugdige", "b", False, "per jeugdige", ["GM0505"], average=1949.3333333,
                              average_label="regio")
    chart = next(s.chart for s in _deck(fig).slides[1].shapes if s.has_chart)
    assert chart.value_axis.axis_title.text_frame.text == "per jeugdige (€)"
    assert chart.value_axis.tick_labels.number_format == '[$-413]"€ "#,##0'
    assert chart.plots[0].data_labels.number_format == '[$-413]"€ "#,##0'
    assert list(chart.series[1].values) == [None, 1949.3333333, None]     # exact in the sheet, rounded on the slide
    assert chart.value_axis.minimum_scale == 0                           # bars from 0, as on screen
    assert re.fullmatch(r"regio: € 1\.949", chart.series[1].name)


def test_a_deck_of_only_partly_example_charts_says_so_on_every_slide():
    frame = pd.DataFrame({"gemeente_code": ["GM0505"], "gemeente": ["Dordrecht"], "v": [2016.0]})
    fig = charts.per_gemeente(frame, "v", "Per jeugdige", "b", "Deels voorbeelddata: inwoners 0-17 fictief", "€", [])
    deck = _deck(fig, voorbeeld=False)
    marks = [[s.text_frame.text for s in slide.shapes if s.has_text_frame and not s.is_placeholder][:1]
             for slide in deck.slides]
    assert marks == [["DEELS VOORBEELDDATA"], ["DEELS VOORBEELDDATA: INWONERS 0-17 FICTIEF"]]


def _square(code: str, name: str, x: float) -> dict:
    ring = [[x, 52.0], [x + 0.1, 52.0], [x + 0.1, 52.1], [x, 52.1], [x, 52.0]]
    return {"type": "Feature", "properties": {"statcode": code, "statnaam": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_a_map_highlights_the_selected_gemeente_or_says_it_has_no_bar():
    grenzen = {"type": "FeatureCollection", "features": [_square("GM0505", "Dordrecht", 4.6),
                                                         _square("GM0512", "Gorinchem", 4.9),
                                                         _square("GM0482", "Alblasserdam", 4.7)]}
    frame = pd.DataFrame({"gemeente_code": ["GM0505", "GM0512", "GM0482"],
                          "gemeente": ["Dordrecht", "Gorinchem", "Alblasserdam"],
                          "per_1000": [18.3, None, 12.5], "per_1000_klein": [False, True, False]})
    selected = export.native_chart(charts.kaart(frame, grenzen, "per_1000", "Kaart", "b", False, "per 1.000",
                                                kind="rate", small="per_1000_klein", highlight="GM0505"))
    assert (selected.categories, selected.series) == (["Alblasserdam", "Dordrecht"], [("per 1.000", [12.5, 18.3])])
    assert selected.colors == [["#4292c6", charts.HIGHLIGHT_COLOR]]
    grey = export.native_chart(charts.kaart(frame, grenzen, "per_1000", "Kaart", "b", False, "per 1.000",
                                            kind="rate", small="per_1000_klein", highlight="GM0512"))
    assert grey.colors == [["#4292c6", "#4292c6"]]
    assert grey.note == ("De kaart staat in PowerPoint als staafdiagram per gemeente; Gorinchem heeft geen cijfer en "
                         "staat er niet in.")


def test_a_table_with_one_very_long_cell_still_makes_a_deck():
    points = pd.DataFrame({"gemeente": ["Dordrecht", "Gorinchem"], "thema": ["t0", "t1"], "punten": [1, 2]})
    names = {"t0": "Een zeer lange omschrijving " * 40, "t1": "X" * 300}
    deck = _deck(charts.heatmap(points, "gemeente", "thema", "punten", "Lang", "b", names))
    tables = [s for slide in list(deck.slides)[1:] for s in slide.shapes if s.has_table]
    assert tables and all(t.left + t.width <= 12.85 * 914400 for t in tables)


def test_a_reference_label_from_a_file_is_plain_text_and_grouped_bars_keep_it_in_the_notes():
    frame = pd.DataFrame({"gemeente_code": ["GM0505"], "gemeente": ["Dordrecht"], "v": [2016.0]})
    fig = charts.per_gemeente(frame, "v", "T", "b", False, "€", [], average=1949.0, average_label="<i>Regio</i> & co")
    spec = export.native_chart(fig)
    assert spec.categories == ["<i>Regio</i> & co", "Dordrecht"]      # below Dordrecht's € 2.016
    assert spec.series[1][0] == "<i>Regio</i> & co: € 1.949" and spec.reference == ("<i>Regio</i> & co: € 1.949", 1949.0)
    # Two series of bars: no room for a reference bar among them; the line stays named in the notes.
    mix = pd.DataFrame({"groep": ["gemeente", "regio"], "vorm_naam": ["Ambulant"] * 2, "volgorde": [1, 1],
                        "aandeel": [0.7, 0.6], "realisatie_eur": [7.0, 6.0]})
    grouped = charts.vorm_mix(mix, {"gemeente": "Dordrecht", "regio": "Regio"}, "T", "b", False)
    grouped.add_vline(x=0.5)
    grouped.add_annotation(x=0.5, y=1.0, yref="paper", text="norm: 50%", showarrow=False)
    spec = export.native_chart(grouped)
    assert spec.reference is None and [name for name, _ in spec.series] == ["Dordrecht", "Regio"]
    assert spec.note == "Op het scherm staat ook: norm: 50%."


def test_control_characters_from_a_file_never_stop_the_export_and_are_left_out():
    # A gemeente or file name can carry invisible control characters; lxml refuses them in XML, so one such name
    # used to stop the whole deck (alt text, title, chart sheet, table).
    bar = charts.bars(pd.DataFrame({"gemeente": ["Dordrecht\x01\x0b", "Gorinchem"], "v": [1.0, 2.0]}), "gemeente", "v",
                      "Uitgaven — Dordrecht\x01", "uitgaven\x1b.xlsx, ingelezen op 2 december 2026", False, "€")
    heat = charts.heatmap(pd.DataFrame({"gemeente": ["Dordrecht\x01", "Gorinchem"], "thema": ["t1", "t2"],
                                        "punten": [1, 2]}), "gemeente", "thema", "punten", "Punten\x7f", "b", THEMES)
    dias = _dias(bar, heat)
    dias[0] = Dia(1, 1, "k1", "Uitgaven — Dordrecht\x01", "Definitie\x0c.", "uitgaven\x1b.xlsx", False,
                  dias[0].figuur_json, dias[0].tabel_json)
    deck = Presentation(io.BytesIO(export.to_pptx(dias, "Titel\x02", "Ondertitel", MOMENT)))
    slides = list(deck.slides)
    assert slides[0].shapes.title.text == "Titel"
    assert slides[1].shapes.title.text == "Uitgaven — Dordrecht"
    assert slides[2].shapes.title.text == "Punten"
    chart = next(s for s in slides[1].shapes if s.has_chart).chart
    assert sorted(chart.plots[0].categories) == ["Dordrecht", "Gorinchem"]
    assert "Bron: uitgaven.xlsx" in "\n".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    table = next(s for s in slides[2].shapes if s.has_table).table
    assert "Dordrecht" in {c.text for row in table.rows for c in row.cells}


def test_dashed_lines_stay_dashed_and_the_file_names_its_maker():
    frame = pd.DataFrame({"jaar": [2021, 2022, 2023] * 3, "groep": ["gemeente"] * 3 + ["regio"] * 3 + ["vergelijkbaar"] * 3,
                          "v": [1.0, 2.0, 3.0, 2.0, 3.0, 4.0, 1.5, 2.5, 3.5]})
    fig = charts.vergelijking_trend(frame, "v", {"gemeente": "Dordrecht", "regio": "Regio", "vergelijkbaar": "Vergelijkbaar"},
                                    "Uitgaven per jeugdige — Dordrecht", "bron", False, "€")
    deck = _deck(fig)
    chart = next(s for s in list(deck.slides)[1].shapes if s.has_chart).chart
    # On screen: the gemeente solid, the region dashed, comparable gemeenten dotted; PowerPoint the same.
    expected = {"solid": None, "dash": MSO_LINE_DASH_STYLE.DASH, "dot": MSO_LINE_DASH_STYLE.ROUND_DOT}
    assert [s.format.line.dash_style for s in chart.series] == [expected[t.line.dash or "solid"] for t in fig.data]
    assert len({s.format.line.dash_style for s in chart.series}) == 3
    properties = deck.core_properties
    assert (properties.title, properties.author, properties.language) == ("Titel", "Inkoopmonitor Jeugdhulp", "nl-NL")
    assert properties.created == MOMENT.replace(tzinfo=None)
