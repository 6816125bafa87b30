"""Presentations and their exports: slides stored under a token, the PowerPoint file with native charts
whose numbers equal the database, and the standalone HTML file that needs no network."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import duckdb
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from dashboard import ui
from jeugdhulp import charts, db, export, presentatie, queries, tables
from tests.conftest import uploaded_source
from tests.test_queries import BRON_TRAJECTEN, BRON_UITGAVEN, query_db

MOMENT = datetime(2026, 11, 30, 22, 15, tzinfo=UTC)
TOKEN = "test-presentatie-0001"


def _add(con: duckdb.DuckDBPyConnection, token: str, fig, frame: pd.DataFrame, key: str, definition: str = "def"):
    """As the 'Naar presentatie' button does: the table as the reader sees it (masked counts as "<5")."""
    table = tables.export_frame(frame, {c: c for c in frame.columns if c not in ("bron", "voorbeeld")})
    return presentatie.add(con, token, fig, table, sleutel=key, titel=fig.layout.title.text, definitie=definition,
                           bron=tables.sources(frame) if "bron" in frame else "bron", voorbeeld=tables.any_example(frame))


@pytest.fixture(scope="module")
def qcon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The dataset of tests/test_queries.py, built for this module; read-only use."""
    connection = query_db(tmp_path_factory.mktemp("export") / "queries.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def deck(qcon: duckdb.DuckDBPyConnection):
    """Three slides from the query dataset (the same chart calls the pages make); removed afterwards."""
    token = presentatie.new_token()
    trend = queries.uitgaven_trend(qcon, "ZHZ", ["GM0505"], [], 2023, 2024)
    per_gemeente = queries.uitgaven_per_gemeente(qcon, "ZHZ", [], 2024)
    volumes = queries.volumes_per_gemeente(qcon, "ZHZ", [], 2024)
    _add(qcon, token, charts.begroting_realisatie(trend, "selectie_eur", "Uitgaven jeugdhulp — Dordrecht",
                                                  tables.sources(trend), False), trend, "overzicht_trend")
    _add(qcon, token, charts.per_gemeente(per_gemeente, "eur_per_jeugdige", "Uitgaven per jeugdige per gemeente, 2024",
                                          tables.sources(per_gemeente), False, "€ per jeugdige", ["GM0505"]),
         per_gemeente, "uitgaven_per_gemeente")
    _add(qcon, token, charts.per_gemeente(volumes, "per_1000_jeugdigen", "Jeugdigen in zorg per 1.000, 2024",
                                          tables.sources(volumes), False, "per 1.000 jeugdigen", [], kind="rate"),
         volumes, "volumes_per_gemeente")
    yield token, presentatie.dias(qcon, token)
    presentatie.clear(qcon, token)


# --- storage ------------------------------------------------------------------------------------

def test_slides_are_added_in_order_and_a_duplicate_is_refused(con):
    trend = pd.DataFrame({"jaar": [2024], "soort": ["realisatie"], "selectie_eur": [1_000_000.0]})
    fig_a = charts.begroting_realisatie(trend, "selectie_eur", "A", "bron a", False)
    fig_b = charts.begroting_realisatie(trend.assign(selectie_eur=2_000_000.0), "selectie_eur", "B", "bron b", True)
    assert _add(con, TOKEN, fig_a, trend, "a") == 1
    assert _add(con, TOKEN, fig_b, trend, "b") == 2
    assert _add(con, TOKEN, fig_a, trend, "a") is None          # the same figure again
    assert _add(con, "andere-presentatie", fig_a, trend, "a") == 1  # another presentation is separate
    assert [(d.positie, d.titel, d.sleutel) for d in presentatie.dias(con, TOKEN)] == [(1, "A", "a"), (2, "B", "b")]
    assert presentatie.count(con, "andere-presentatie") == 1


def test_move_and_remove_keep_positions_one_to_n(con):
    frame = pd.DataFrame({"jaar": [2024], "soort": ["realisatie"], "selectie_eur": [1.0]})
    for index, name in enumerate("ABCD"):
        _add(con, TOKEN, charts.begroting_realisatie(frame.assign(selectie_eur=float(index)), "selectie_eur", name, "b",
                                                     False), frame, name)
    ids = {d.titel: d.dia_id for d in presentatie.dias(con, TOKEN)}
    presentatie.move(con, TOKEN, ids["C"], -1)
    presentatie.move(con, TOKEN, ids["A"], -1)        # already first: nothing happens
    presentatie.move(con, TOKEN, ids["D"], 1)         # already last: nothing happens
    assert [(d.positie, d.titel) for d in presentatie.dias(con, TOKEN)] == [(1, "A"), (2, "C"), (3, "B"), (4, "D")]
    presentatie.remove(con, TOKEN, ids["C"])
    assert [(d.positie, d.titel) for d in presentatie.dias(con, TOKEN)] == [(1, "A"), (2, "B"), (3, "D")]


def test_a_presentation_survives_reopening_the_database(tmp_path):
    path = tmp_path / "p.duckdb"
    first = db.connect(path)
    frame = pd.DataFrame({"Jaar": [2024], "Jeugdigen": ["<5"]})
    fig = charts.bars(pd.DataFrame({"segment": ["Crisis"], "n": [3.0], "n_klein": [True]}), "segment", "n",
                      "Jeugdigen per segment", "upload x.csv", True, "Jeugdigen")
    _add(first, TOKEN, fig, frame, "k")
    first.close()
    again = db.connect(path)
    (dia,) = presentatie.dias(again, TOKEN)
    assert (dia.titel, dia.voorbeeld, dia.bron) == ("Jeugdigen per segment", False, "bron")
    assert dia.table().to_dict("records") == [{"Jaar": 2024, "Jeugdigen": "<5"}]
    assert dia.figure().data[0].customdata == ("<5",)
    again.close()


def test_presentations_untouched_for_a_year_are_pruned(con):
    frame = pd.DataFrame({"c": ["x"], "v": [1.0]})
    _add(con, TOKEN, charts.bars(frame, "c", "v", "Oud", "b", False, "v"), frame, "k")
    _add(con, "recente-presentatie", charts.bars(frame, "c", "v", "Nieuw", "b", False, "v"), frame, "k")
    con.execute("UPDATE presentatie_dia SET toegevoegd = current_timestamp - INTERVAL 400 DAY WHERE presentatie = ?",
                [TOKEN])
    assert presentatie.prune(con) == 1
    assert (presentatie.count(con, TOKEN), presentatie.count(con, "recente-presentatie")) == (0, 1)
    assert presentatie.prune(con) == 0


def test_a_malformed_token_is_refused(con):
    fig = charts.bars(pd.DataFrame({"c": ["x"], "v": [1.0]}), "c", "v", "T", "b", False, "v")
    for token in ("", "kort", "x' OR 1=1 --", "a" * 65):
        assert not presentatie.valid_token(token)
        with pytest.raises(ValueError, match="ongeldige presentatiecode"):
            presentatie.add(con, token, fig, pd.DataFrame(), sleutel="k", titel="T", definitie="d", bron="b",
                            voorbeeld=False)
    assert con.execute("SELECT count(*) FROM presentatie_dia").fetchone()[0] == 0


def test_a_presentation_has_a_maximum_size(con, monkeypatch):
    monkeypatch.setattr(presentatie, "MAX_DIAS", 2)
    frame = pd.DataFrame({"c": ["x"], "v": [1.0]})
    for value in (1.0, 2.0):
        _add(con, TOKEN, charts.bars(frame.assign(v=value), "c", "v", f"T{value}", "b", False, "v"), frame, "k")
    with pytest.raises(ValueError, match="hoogstens 2"):
        _add(con, TOKEN, charts.bars(frame.assign(v=3.0), "c", "v", "T3", "b", False, "v"), frame, "k")


# --- PowerPoint -----------------------------------------------------------------------------------

def _charts_of(pptx: bytes) -> tuple[list[str], list]:
    deck = Presentation(io.BytesIO(pptx))
    titles, found = [], []
    for slide in deck.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        titles.append(texts[0])
        found.append(next((s.chart for s in slide.shapes if s.has_chart), None))
    return titles, found


def test_pptx_has_native_charts_with_the_numbers_of_the_database(qcon, deck):
    token, dias = deck
    pptx = export.to_pptx(dias, "Jeugdhulp ZHZ", "Raadsinformatiebijeenkomst", MOMENT)
    titles, found = _charts_of(pptx)
    assert titles == ["Jeugdhulp ZHZ", "Uitgaven jeugdhulp — Dordrecht", "Uitgaven per jeugdige per gemeente, 2024",
                      "Jeugdigen in zorg per 1.000, 2024"]
    assert found[0] is None

    # Slide 2: begroting and realisatie of Dordrecht in € mln, straight from the uitgaven rows.
    expected = qcon.execute("""
        SELECT soort, jaar, sum(bedrag_eur) / 1e6 FROM stg_uitgaven
        WHERE gemeente_code = 'GM0505' AND jaar BETWEEN 2023 AND 2024 GROUP BY ALL ORDER BY ALL""").fetchall()
    assert expected == [("begroting", 2024, 1.2), ("realisatie", 2023, 3.0), ("realisatie", 2024, 3.75)]
    spend = found[1]
    assert spend.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(spend.plots[0].categories) == ["2023", "2024"]
    assert [(s.name, list(s.values)) for s in spend.series] == [("Begroting", [None, 1.2]), ("Realisatie", [3.0, 3.75])]

    # Slide 3: € per youth per gemeente, bars from low to high, Dordrecht highlighted.
    per_youth = found[2]
    assert per_youth.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(per_youth.plots[0].categories) == ["Dordrecht", "Gorinchem"]
    assert list(per_youth.series[0].values) == [3_750_000 / 25_000, 900_000 / 5_000]
    assert str(per_youth.series[0].points[0].format.fill.fore_color.rgb) == charts.COLORS["selectie"].lstrip("#").upper()

    # Slide 4: Gorinchem has 3 youths in care: masked, so no bar (an empty cell), never the number.
    volumes = found[3]
    assert list(volumes.plots[0].categories) == ["Gorinchem", "Dordrecht"]
    assert list(volumes.series[0].values) == [None, 0.4]
    deck = Presentation(io.BytesIO(pptx))
    sources = [[s.text_frame.text for s in slide.shapes if s.has_text_frame][-1] for slide in list(deck.slides)[1:]]
    # Spend per youth divides by the youths 0-17 of another file: its source is named too.
    with_youths = f"Bron: {BRON_UITGAVEN}; inwoners 0-17: {uploaded_source('bevolking.csv')}"
    assert sources == [with_youths, with_youths,
                       f"Bron: {BRON_TRAJECTEN}; inwoners 0-17: {uploaded_source('bevolking.csv')}\n{tables.HIDDEN_NOTE}"]


def test_pptx_slides_carry_source_example_mark_and_definition(qcon):
    frame = queries.uitgaven_per_gemeente(qcon, "ZHZ", [], 2024).assign(voorbeeld=True)
    token = presentatie.new_token()
    _add(qcon, token, charts.per_gemeente(frame, "eur_per_jeugdige", "Per jeugdige", tables.sources(frame), True,
                                          "€", []), frame, "k", definition="Realisatie gedeeld door jeugdigen.")
    deck = Presentation(io.BytesIO(export.to_pptx(presentatie.dias(qcon, token), "T", "S", MOMENT)))
    presentatie.clear(qcon, token)
    texts = [s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame]
    assert texts == ["Per jeugdige", charts.EXAMPLE_MARK,
                     f"Bron: {BRON_UITGAVEN}; inwoners 0-17: {uploaded_source('bevolking.csv')}"]
    assert deck.slides[1].notes_slide.notes_text_frame.text == (
        f"Definitie: Realisatie gedeeld door jeugdigen.\nBron: {BRON_UITGAVEN}; inwoners 0-17: "
        f"{uploaded_source('bevolking.csv')}")
    assert charts.EXAMPLE_MARK in [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    title_size = deck.slides[1].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
    assert title_size >= 28


def test_pptx_shapes_for_lines_years_as_numbers_boxes_and_heatmaps():
    trend = pd.DataFrame({"jaar": [2022, 2023, 2024], "waarde": [40.0, 35.0, 30.0], "waarde_klein": [False] * 3})
    doel = charts.doel_traject(trend, 2022, 2025, 40.0, 28.0, -5.0, 25.0, "Residentieel", "b", False, "Jeugdigen")
    stats = pd.DataFrame({"segment": ["Crisis"], "volgorde": [1], "aantal": [50], "p10": [1.0], "p25": [2.0],
                          "mediaan": [4.0], "p75": [8.0], "p90": [20.0], "gemiddeld": [6.0]})
    box = charts.box_per_segment(stats, "Wachttijd", "b", False, "Dagen")
    points = pd.DataFrame({"gemeente": ["Dordrecht", "Dordrecht", "Gorinchem"], "thema": ["kosten", "wacht", "kosten"],
                           "punten": [2, 1, 3]})
    heat = charts.heatmap(points, "gemeente", "thema", "punten", "Thema's", "b", {"kosten": "Kosten", "wacht": "Wachten"})

    line = export.native_chart(doel)
    assert line.kind == "xy"
    assert line.points == [("Werkelijk", [(2022.0, 40.0), (2023.0, 35.0), (2024.0, 30.0)]),
                           ("Pad naar het doel (2022-2025)", [(2022.0, 40.0), (2025.0, 28.0)]),
                           ("Trend", [(2022.0, 40.0), (2025.0, 25.0)])]
    quantiles = export.native_chart(box)
    # A floating bar: an invisible base up to p10, then p10-p25, p25-median, median-p75, p75-p90; the numbers in the
    # category so they can be read.
    assert (quantiles.kind, quantiles.stacked, quantiles.categories) == (
        "bar", True, ["Crisis (50 trajecten): mediaan 4 (1-20)"])
    assert [values for _, values in quantiles.series] == [[1.0], [1.0], [2.0], [4.0], [12.0]]
    assert quantiles.colors[0] == "none" and quantiles.hidden_legend == [0, 2, 4]
    table = export.native_chart(heat)
    assert table.kind == "table"
    assert table.table.to_dict("records") == [{"": "Dordrecht", "Kosten": 2, "Wachten": 1},
                                              {"": "Gorinchem", "Kosten": 3, "Wachten": 0}]
    frames = [pd.DataFrame({"bron": ["b"], "voorbeeld": [False]})] * 3
    dias = [presentatie.Dia(i, i, "k", f.layout.title.text, "d", "b", False, f.to_json(), frames[0].to_json(orient="split"))
            for i, f in enumerate((doel, box, heat), start=1)]
    titles, found = _charts_of(export.to_pptx(dias, "T", "S", MOMENT))
    assert titles == ["T", "Residentieel", "Wachttijd", "Thema's"]
    assert found[1].chart_type == XL_CHART_TYPE.XY_SCATTER_LINES
    assert [list(s.values) for s in found[1].series] == [[40.0, 35.0, 30.0], [40.0, 28.0], [40.0, 25.0]]
    assert found[3] is None   # the heatmap is a native table
    deck = Presentation(io.BytesIO(export.to_pptx(dias, "T", "S", MOMENT)))
    table_shape = next(s for s in deck.slides[3].shapes if s.has_table)
    assert [[c.text for c in row.cells] for row in table_shape.table.rows] == [
        ["", "Kosten", "Wachten"], ["Dordrecht", "2", "1"], ["Gorinchem", "3", ""]]


def test_a_map_becomes_a_bar_chart_of_its_coloured_gemeenten():
    def square(code: str, name: str, x: float) -> dict:
        ring = [[x, 52.0], [x + 0.1, 52.0], [x + 0.1, 52.1], [x, 52.1], [x, 52.0]]
        return {"type": "Feature", "properties": {"statcode": code, "statnaam": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    grenzen = {"type": "FeatureCollection", "features": [square("GM0505", "Dordrecht", 4.6),
                                                         square("GM0512", "Gorinchem", 4.9),
                                                         square("GM0599", "Rotterdam", 4.4)]}
    frame = pd.DataFrame({"gemeente_code": ["GM0505", "GM0512"], "gemeente": ["Dordrecht", "Gorinchem"],
                          "per_1000": [18.3, None], "per_1000_klein": [False, True]})
    fig = charts.kaart(frame, grenzen, "per_1000", "Jeugdigen per 1.000", "b", False, "per 1.000", kind="rate",
                       small="per_1000_klein", highlight="GM0505")
    spec = export.native_chart(fig)
    # Gorinchem (<5) and Rotterdam (no figures) are grey on the map and have no bar.
    assert (spec.kind, spec.categories, spec.series) == ("bar", ["Dordrecht"], [("per 1.000", [18.3])])


def test_a_wide_heatmap_turns_its_table_so_long_labels_run_down_the_side():
    points = pd.DataFrame({"gemeente": ["Dordrecht"] * 3, "thema": ["a", "b", "c"], "punten": [1, 2, 3]})
    fig = charts.heatmap(points, "gemeente", "thema", "punten", "T", "b", {"a": "Kosten", "b": "Wachten", "c": "Regie"})
    table = export.native_chart(fig).table
    assert table.to_dict("records") == [{"": "Kosten", "Dordrecht": 1}, {"": "Wachten", "Dordrecht": 2},
                                        {"": "Regie", "Dordrecht": 3}]


def test_long_slide_titles_shrink_but_stay_at_least_28_px():
    assert export.title_size("Kort") == 32
    assert export.title_size("Uitgaven per jeugdige, 2025 — regio Zuid-Holland Zuid") == 26
    assert export.title_size("x" * 200) * 4 / 3 >= 28      # points to CSS pixels


def test_counts_under_5_are_empty_cells_never_zero():
    # A trend whose residential count of 2020 was under 5: on screen a gap with a "<5" marker at 0.
    trend = pd.DataFrame({"jaar": [2019, 2020, 2021] * 2, "groep": ["gemeente"] * 3 + ["regio"] * 3,
                          "per_1000": [1.2, None, 1.5, 1.1, 1.3, 1.4],
                          "klein": [False, True, False, False, False, False]})
    fig = charts.vergelijking_trend(trend, "per_1000", {"gemeente": "Dordrecht", "regio": "Regio"}, "T", "b", False,
                                    "per 1.000", kind="rate", small="klein")
    spec = export.native_chart(fig)
    assert spec.kind == "xy" and spec.masked
    # The hidden year stays as an empty point: left out, the line ran straight across it.
    assert spec.points == [("Dordrecht", [(2019.0, 1.2), (2020.0, None), (2021.0, 1.5)]),
                           ("Regio", [(2019.0, 1.1), (2020.0, 1.3), (2021.0, 1.4)])]
    # Bars of counts: a masked row is drawn at 0 with the label "<5" on screen, an empty cell in PowerPoint.
    counts = pd.DataFrame({"aanbieder": ["A", "overig"], "jeugdigen": [120.0, None], "jeugdigen_klein": [False, True]})
    bars = export.native_chart(charts.bars(counts, "aanbieder", "jeugdigen", "T", "b", False, "Jeugdigen"))
    assert (bars.categories, bars.series, bars.masked) == (["overig", "A"], [("Jeugdigen", [None, 120.0])], True)
    assert export.native_chart(charts.bars(counts.iloc[:1], "aanbieder", "jeugdigen", "T", "b", False, "J")).masked is False


def test_order_on_screen_and_lines_drawn_as_annotations_survive_in_powerpoint():
    mix = pd.DataFrame({"groep": ["gemeente", "gemeente"], "vorm_naam": ["Ambulant", "Residentieel"], "volgorde": [1, 5],
                        "aandeel": [0.7, 0.3], "realisatie_eur": [7.0, 3.0]})
    spec = export.native_chart(charts.vorm_mix(mix, {"gemeente": "Dordrecht"}, "T", "b", False))
    # On screen Ambulant is the top bar; PowerPoint draws the first category at the bottom.
    assert (spec.categories, spec.series) == (["Residentieel", "Ambulant"], [("Dordrecht", [0.3, 0.7])])
    per_gemeente = pd.DataFrame({"gemeente_code": ["GM0505"], "gemeente": ["Dordrecht"], "v": [1894.0]})
    fig = charts.per_gemeente(per_gemeente, "v", "T", "b", False, "€", [], average=1949.0, average_label="regio")
    # The region's average line is a series of its own: a bar "Regio" at its place among the sorted gemeenten.
    reference = export.native_chart(fig)
    assert (reference.categories, reference.series, reference.note) == (
        ["Dordrecht", "Regio"], [("€", [1894.0, None]), ("regio: € 1.949", [None, 1949.0])], "")
    assert reference.colors[1] == charts.COLORS["regio"]


def test_an_empty_chart_becomes_a_slide_with_its_message():
    fig = charts.per_gemeente(pd.DataFrame(), "v", "Leeg", "b", False, "x", [])
    spec = export.native_chart(fig)
    assert (spec.kind, spec.note) == ("empty", "Geen gegevens voor deze selectie.")


# --- HTML ---------------------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?https?:""", re.IGNORECASE)


def test_html_is_standalone_and_contains_the_data(deck):
    token, dias = deck
    page = export.to_html(dias, "Jeugdhulp ZHZ", "Raadsinformatiebijeenkomst", MOMENT)
    assert page.count("<section class=\"dia") == 4                     # title slide + 3
    assert "Uitgaven jeugdhulp — Dordrecht" in page and "Jeugdigen in zorg per 1.000, 2024" in page
    library = get_plotlyjs()
    assert page.count(library) == 1                                    # plotly.js itself is inside, once
    # Outside the library (whose source mentions attribution links of map tiles we never use): no script,
    # style, image or link from elsewhere, and no address at all in our own markup and scripts.
    ours = page.replace(library, "")
    assert not EXTERNAL.findall(ours)
    assert re.findall(r"https?://", ours) == []
    assert '"topojsonURL": "data:application/json,' in ours             # maps don't fetch a base map either
    # The numbers are in the file as the tables behind the charts, in Dutch notation, masked where small.
    assert ">3.750.000<" in page and ">1.200.000<" in page and ">150<" in page and ">&lt;5<" in page
    assert f"Bron:</strong> {BRON_TRAJECTEN}" in page
    assert "font-size: 40px" in page                                   # slide titles in large type


def test_html_escapes_text_from_files(con):
    frame = pd.DataFrame({"Gemeente": ["<img src=x onerror=alert(1)>"], "bron": ["<script>alert(2)</script>"]})
    # A category inside the figure's JSON: "</script>" there would end the script block it sits in.
    fig = charts.bars(pd.DataFrame({"c": ["</script><script>alert(4)</script>"], "v": [1.0]}), "c", "v",
                      "<script>alert(3)</script>", "b", False, "v")
    presentatie.add(con, TOKEN, fig, frame, sleutel="k", titel="<script>alert(3)</script>", definitie="d",
                    bron="<script>alert(2)</script>", voorbeeld=False)
    page = export.to_html(presentatie.dias(con, TOKEN), "<i>titel</i>", "s", MOMENT)
    assert "<script>alert" not in page and "<img src=x" not in page and "<i>titel</i>" not in page
    assert "alert(4)" in page and "</script><script>alert(4)" not in page   # present, but escaped
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_table_downloads_use_the_labels_and_columns_shown_on_screen():
    import streamlit as st

    frame = pd.DataFrame({"batch_id": [7], "vorm": ["ambulant"], "geladen_op": [pd.Timestamp("2026-11-30 10:00")]})
    config = {"batch_id": "Batch", "vorm": None,
              "geladen_op": st.column_config.DatetimeColumn("Ingelezen op", format="DD-MM-YYYY HH:mm")}
    shown = ui._as_configured(frame, config)
    assert list(shown.columns) == ["Batch", "Ingelezen op"]
    assert shown.to_dict("records") == [{"Batch": 7, "Ingelezen op": pd.Timestamp("2026-11-30 10:00")}]


def test_a_chart_without_categories_is_a_text_slide_not_a_failed_deck(con):
    """A chart whose values are all hidden or missing has no categories; PowerPoint cannot draw that, and the whole
    download failed ('chart data contains no categories')."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[], y=[], name="Dordrecht"))
    fig.update_layout(title_text="Uitgaven per jeugdige")
    token = presentatie.new_token()
    presentatie.add(con, token, fig, pd.DataFrame({"Jaar": []}), sleutel="leeg", titel="Uitgaven per jeugdige",
                    definitie="d", bron="b", voorbeeld=False)
    deck = Presentation(io.BytesIO(export.to_pptx(presentatie.dias(con, token), "T", "S", datetime(2026, 12, 1, tzinfo=UTC))))
    texts = [shape.text_frame.text for shape in deck.slides[1].shapes if shape.has_text_frame]
    assert "Geen gegevens voor deze selectie." in texts
    assert not [shape for shape in deck.slides[1].shapes if shape.has_chart]


def test_years_as_text_are_categories_not_numbers_with_half_ticks():
    """Three years drawn as '2022', '2023', '2024': a numeric axis put ticks at 2.021,5 and 2.022,5 between them."""
    frame = pd.DataFrame({"jaar": [2022, 2023, 2024], "segment": ["A"] * 3, "volgorde": [1] * 3,
                          "jeugdigen": [170.0, 172.0, 503.0]})
    fig = charts.per_segment_stacked(frame, "jeugdigen", "Jeugdigen per segment", "bron", False, "Aantal", kind="count")
    assert fig.layout.autotypenumbers == "strict"
    assert list(fig.data[0].x) == ["2022", "2023", "2024"]


def test_a_handouts_table_shows_years_as_years_euros_to_the_euro_and_shares_as_percentages():
    from jeugdhulp.export.html import _html_table

    html = _html_table(pd.DataFrame({"Jaar": [2019, 2020], "Realisatie (EUR)": [131353402.26, 98673332.0],
                                     "Aandeel": [0.12, 0.5]}))
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["2019", "131.353.402", "12,0%", "2020", "98.673.332", "50,0%"]      # a share as the chart says it


def test_shares_read_as_percentages_in_tables_the_html_file_and_powerpoint() -> None:
    """A share is 12,5% wherever the chart says 12,5%: the table on the page, the HTML handout, a PowerPoint label
    (the axis stays whole: 0% - 10% - 20%). A column named otherwise, or with values above 1, is not a share."""
    from jeugdhulp import tables
    from jeugdhulp.export.html import _html_table
    from jeugdhulp.export.pptx import _number_format
    from jeugdhulp.export.pptx_charts import NativeChart

    frame = pd.DataFrame({"Segment": ["Crisis", "Wonen"], "Aandeel": [0.125, 0.875], "Aandeel van iets": [3.0, 4.5]})
    assert tables.dutch_numbers(frame).values.tolist() == [["Crisis", "12,5%", "3,00"], ["Wonen", "87,5%", "4,50"]]
    assert '<td class="getal">12,5%</td>' in _html_table(frame) and "0,12" not in _html_table(frame)
    share = NativeChart("bar", ["Crisis"], [("Aandeel", [0.125])], percent=True)
    assert (_number_format(share), _number_format(share, axis=True)) == ("[$-413]0.0%", "[$-413]0%")


def test_history_table_is_dutch_on_screen_and_numbers_with_dutch_times_in_excel(example: duckdb.DuckDBPyConnection):
    """The Geschiedenis table showed Dutch text and its Excel download held that text: amounts and row counts Excel
    could not add up, and times to the millisecond. On screen Dutch notation; in Excel numbers and 'dd-mm-yyyy hh:mm'."""
    import openpyxl
    import streamlit as st

    from jeugdhulp.pagedata import geschiedenis
    from jeugdhulp.selectie import Selectie

    sel = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2019, 2025, ())
    frame = geschiedenis.load(example, sel, controller=True).geschiedenis
    config = {"batch_id": "Inleesronde", "rijen": "Regels", "bedrag_eur": "Totaal realisatie of kosten (€)",
              "geladen_op": st.column_config.DatetimeColumn("Ingelezen op", format="DD-MM-YYYY HH:mm")}
    spend = frame[frame["kind"] == "uitgaven"].iloc[0]
    expected_rijen, expected_eur = int(spend["rijen"]), float(spend["bedrag_eur"])
    assert expected_rijen > 1000 and expected_eur > 1000

    screen = ui._on_screen(frame, config)
    shown = screen[frame["kind"] == "uitgaven"].iloc[0]
    assert shown["rijen"] == f"{expected_rijen:,}".replace(",", ".")           # 1.234, as a Dutch reader writes it
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d{2})?", shown["bedrag_eur"]), shown["bedrag_eur"]
    assert float(shown["bedrag_eur"].replace(".", "").replace(",", ".")) == pytest.approx(expected_eur, abs=0.005)
    assert screen["geladen_op"].equals(frame["geladen_op"])                 # drawn by its DatetimeColumn

    sheet = openpyxl.load_workbook(io.BytesIO(tables.to_excel(ui._as_configured(frame, config), "t", "n")))["Gegevens"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Inleesronde")].value == int(spend["batch_id"]))
    assert row[header.index("Regels")].value == expected_rijen
    amount = row[header.index("Totaal realisatie of kosten (€)")]
    assert amount.value == pytest.approx(expected_eur) and amount.number_format == "#,##0.00"   # 3.454.018.779,00
    moment = row[header.index("Ingelezen op")]
    assert isinstance(moment.value, datetime) and moment.number_format == "dd-mm-yyyy hh:mm"
    # The explanation sheet says the title once when the table has no note of its own.
    notes = openpyxl.load_workbook(io.BytesIO(tables.to_excel(frame, "Geschiedenis", "Geschiedenis")))["Toelichting"]
    assert [c.value for c in notes["A"]] == ["Toelichting", "Geschiedenis"]
