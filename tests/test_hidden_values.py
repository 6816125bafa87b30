"""Hidden values are explained and never give themselves away (issue 12, part 5): a hidden count or a withheld
statistic is a gap in every chart (plotly, the slide view, the offline HTML, PowerPoint), the chart says in one
line why, and no figure next to a "<5" — a trend, a status — lets a reader tell the hidden count.

The Doel probe works as tests/test_privacy.py does: two databases differing only in hidden counts (its
VARIANTS: Alblasserdam has 2 or 4 youths with a stay in 2022, Hardinxveld-Giessendam 1 or 4 in segment 3), here
with a residential target, must show the same Doel page, status table and profile targets."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st
from pptx import Presentation

from jeugdhulp import charts, export, fmt, kpi, presentatie, queries, tables
from jeugdhulp.pagedata import doelen, gemeente, overzicht
from jeugdhulp.selectie import Selectie
from tests.conftest import load, make_csv
from tests.test_pages import open_app
from tests.test_privacy import NAMES, VARIANTS, _build, _gemeente_selections, _normalised, _page_text

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

DOEL = make_csv([["kpi", "basisjaar", "doeljaar", "wijziging_pct", "regio", "bron"],
                 ["residentieel_volume", "2020", "2025", "-30", "Zuid-Holland Zuid", "testdoel"]])


def _selectie(gemeenten: list[str], jaar_van: int = 2020, jaar_tot: int = 2022) -> Selectie:
    return Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=tuple(gemeenten),
                    gemeente_namen=tuple(NAMES[g] for g in gemeenten), jaar_van=jaar_van, jaar_tot=jaar_tot,
                    segmenten=())


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """test_privacy's two databases, each with a -30% residential target for ZHZ from 2020 to 2025."""
    paths = {}
    for name, hidden in VARIANTS.items():
        paths[name] = tmp_path_factory.mktemp(f"verborgen_{name}") / "jeugdhulp.duckdb"
        _build(paths[name], hidden)
        con = duckdb.connect(str(paths[name]))
        assert load(con, "doelen.csv", DOEL, "doelen").ok
        con.close()
    yield paths


def _doel_views(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """What the Doel page and the profile's targets show, for every selection an attacker could compare."""
    out: dict[str, object] = {}
    for gemeenten in _gemeente_selections():
        for basisjaar in (2020, 2021):
            data = doelen.load(con, _selectie(gemeenten), basisjaar=basisjaar)
            key = f"{gemeenten} {basisjaar}"
            out[f"status_tabel {key}"] = data.status_tabel
            out[f"metric {key}"] = (data.metric_label, data.metric_waarde, data.metric_delta)
            out[f"reeks {key}"] = data.reeks.drop(columns="bron")
            out[f"modellen {key}"] = data.modellen.drop(columns="bron")
    for code in ("GM0482", "GM0505", "GM0523"):
        out[f"profiel {code}"] = gemeente.doelen_tab(con, _selectie([]), code).doelen
    return out


def test_the_doel_page_data_is_the_same_whatever_the_hidden_counts(variants):
    seen = {}
    for name, path in variants.items():
        with duckdb.connect(str(path), read_only=True) as con:
            seen[name] = _doel_views(con)
    assert seen["laag"].keys() == seen["hoog"].keys()
    for key, laag in seen["laag"].items():
        hoog = seen["hoog"][key]
        if isinstance(laag, pd.DataFrame):
            pd.testing.assert_frame_equal(_normalised(laag), _normalised(hoog), obj=key)
        else:
            assert laag == hoog, key


def test_no_trend_next_to_a_hidden_last_value(variants):
    """Alblasserdam: 5, 6 and (hidden) 2 youths with a stay in 2020-2022, published 5, 6, 3. Its trend through the
    published values ends at 0 in 2025; printed next to "<5" it read as the hidden count. The trend goes, the status
    stays: it is computed from the published values (the fixed 3), so it is the same for 1 and for 4."""
    with duckdb.connect(str(variants["laag"]), read_only=True) as con:
        data = doelen.load(con, _selectie(["GM0482"]), basisjaar=2020)
        profiel = gemeente.doelen_tab(con, _selectie([]), "GM0482").doelen
    row = data.status_tabel.set_index("Naam").loc["Alblasserdam"]
    assert row.to_dict() == {"Niveau": "gemeente", "Status": kpi.OP_KOERS, "Basiswaarde": "5", "Laatste jaar": "2022",
                             "Laatste waarde": "<5", "Trend in doeljaar": tables.NIET_GETOOND, "Doel": fmt.number(3.5, 0)}
    selectie = data.status_tabel.set_index("Niveau").loc["selectie"]
    assert (selectie["Laatste waarde"], selectie["Trend in doeljaar"]) == ("<5", tables.NIET_GETOOND)
    assert (data.metric_waarde, data.metric_delta) == ("Op koers", f"nu <5, doel {fmt.number(3.5, 0)}")
    assert [(d.waarde, d.toelichting) for d in profiel] == [("Op koers", f"nu <5, doel {fmt.number(3.5, 0)}")]
    # The trend line is not drawn either, and the hidden year is a gap (no point, no line across it).
    fig = charts.doel_traject(data.reeks, 2020, 2025, data.mijn["basiswaarde"], data.mijn["doelwaarde"],
                              data.mijn["helling"], data.mijn["prognose"], "T", "b", False, "Jeugdigen")
    assert [t.name for t in fig.data] == ["Werkelijk", "Pad naar het doel (2020-2025)"]
    werkelijk = fig.data[0]
    assert list(werkelijk.x) == [2020, 2021, 2022] and werkelijk.connectgaps is False
    assert list(werkelijk.y[:2]) == [5.0, 6.0] and pd.isna(werkelijk.y[2])
    # Where the last value is visible the trend stays: Dordrecht 8, 9, 5 -> slopes 1, -1.5, -4 -> median -1.5;
    # in 2025: median(8 - 7.5, 9 - 6, 5 - 4.5) = median(0.5, 3, 0.5) = 0.5
    dordrecht = data.status_tabel.set_index("Naam").loc["Dordrecht"]
    assert (dordrecht["Laatste waarde"], dordrecht["Trend in doeljaar"]) == ("5", fmt.number(0.5, 0))


@pytest.mark.parametrize("link", [{"regio": "ZHZ", "jaren": "2020,2022", "gemeenten": "GM0482"},
                                  {"regio": "ZHZ", "jaren": "2020,2022"}], ids=["alblasserdam", "regio"])
def test_the_doel_page_tells_the_hidden_counts_not_apart(variants, link, monkeypatch):
    seen = {}
    for name, path in variants.items():
        monkeypatch.setenv("JEUGDHULP_DB", str(path))
        st.cache_resource.clear()
        st.cache_data.clear()
        at = open_app(path, link)
        at.switch_page("pages/doelen.py").run()
        at.selectbox(key="doelen_basisjaar").set_value(2020).run()
        assert not at.exception, [e.value for e in at.exception]
        seen[name] = _page_text(at)
    st.cache_resource.clear()
    st.cache_data.clear()
    assert seen["laag"] == seen["hoog"], [(a, b) for a, b in zip(seen["laag"], seen["hoog"], strict=False) if a != b][:2]
    table = next(s for s in seen["laag"] if s.startswith("dataframe: ") and "Trend in doeljaar" in s)
    assert ",Alblasserdam,op koers,5,2022,<5,niet getoond," in table


# --- one line under a chart that leaves a value out ------------------------------------------------------------------

def test_the_note_is_decided_from_the_table_behind_the_chart():
    counts = pd.DataFrame({"jaar": [2021, 2022], "jeugdigen": [7.0, None], "jeugdigen_klein": [False, True],
                           "trajecten": [9.0, 8.0], "trajecten_klein": [False, False]})
    assert tables.hidden_note(counts, {"jaar": "Jaar", "jeugdigen": "Jeugdigen"}) == tables.HIDDEN_NOTE
    # A flag of a column the chart and its table do not show does not count (e.g. youths next to spend).
    assert tables.hidden_note(counts, {"jaar": "Jaar", "trajecten": "Trajecten"}) == ""
    # A statistic withheld for fewer than 10 cases: cases counted, no median.
    stats = pd.DataFrame({"jaar": [2021, 2022], "aantal": [40, 6], "aantal_klein": [False, False],
                          "mediaan": [31.0, None], "p90": [80.0, None]})
    assert tables.hidden_note(stats, tables.STAT_COLUMNS) == tables.HIDDEN_NOTE
    assert tables.hidden_note(stats.iloc[:1], tables.STAT_COLUMNS) == ""
    # No cases at all is no withheld statistic.
    assert tables.hidden_note(stats.assign(aantal=[40, 0]), tables.STAT_COLUMNS) == ""


def test_the_note_stands_under_the_chart_with_a_hidden_value_and_not_under_the_other():
    def page() -> None:
        import pandas as pd

        from dashboard import ui
        from jeugdhulp import charts

        for key, klein in (("met", [False, True]), ("zonder", [False, False])):
            frame = pd.DataFrame({"jaar": [2021, 2022], "segment": ["A", "A"], "volgorde": [1, 1],
                                  "jeugdigen": [7.0, None if klein[1] else 6.0], "jeugdigen_klein": klein})
            ui.chart(charts.per_segment_stacked(frame, "jeugdigen", key, "b", False, "Jeugdigen", kind="count"), frame,
                     {"jaar": "Jaar", "jeugdigen": "Jeugdigen"}, key=key, title=key, definition=f"Definitie {key}.")

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(page).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert len(captions) == 3 and captions[0] == ":material/visibility_off: " + _markdown(tables.HIDDEN_NOTE)
    assert captions[1].startswith("**Definitie.** Definitie met.") and captions[2].startswith("**Definitie.** Definitie zonder.")
    # The figure keeps the note, for the slide made from it.
    met, zonder = (json.loads(c.proto.spec)["layout"] for c in at.get("plotly_chart"))
    assert met["meta"] == {charts.HIDDEN_NOTE_META: tables.HIDDEN_NOTE} and "meta" not in zonder


def _markdown(text: str) -> str:
    from jeugdhulp import safe

    return safe.md(text)


def test_a_profile_says_why_its_residential_line_has_a_gap(variants, monkeypatch):
    """Alblasserdam's residential count of 2022 is hidden (2): its line in the residential chart has a gap there, and
    that chart — only that one on the page — says why, right under it."""
    monkeypatch.setenv("JEUGDHULP_DB", str(variants["laag"]))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = open_app(variants["laag"], {"regio": "ZHZ", "jaren": "2020,2022", "gemeente": "GM0482"})
    at.session_state["gemeente_tab"] = "Jeugdigen in zorg"   # only the open tab is drawn
    at.switch_page("pages/gemeente.py").run()
    st.cache_resource.clear()
    st.cache_data.clear()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    note = ":material/visibility_off: " + _markdown(tables.HIDDEN_NOTE)
    assert captions.count(note) == 1
    after = captions[captions.index(note) + 1]
    assert after.startswith("**Definitie.** Jeugdigen in residentiële zorg\\: unieke jeugdigen"), after
    figure = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                  if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Jeugdigen in residentiële zorg"))
    line = next(t for t in figure["data"] if t.get("name") == "Alblasserdam" and t.get("meta") != "klein")
    assert line["connectgaps"] is False and _values(line["x"]) == [2020, 2021, 2022]
    assert pd.isna(_values(line["y"])[2])


def _values(array: object) -> list:
    from jeugdhulp.export.slides import trace_values

    return trace_values(array)


# --- a gap, never a line across: plotly, the slide exports, PowerPoint ------------------------------------------------

TREND = pd.DataFrame({"jaar": [2020, 2021, 2022] * 2, "groep": ["gemeente"] * 3 + ["regio"] * 3,
                      "per_1000": [1.2, None, 1.5, 1.1, 1.3, 1.4], "jeugdigen": [6.0, None, 7.0, 60.0, 65.0, 70.0],
                      "jeugdigen_klein": [False, True, False, False, False, False], "bron": "b", "voorbeeld": False})
STATS = pd.DataFrame({"jaar": [2020, 2021, 2022], "aantal": [40, 6, 30], "aantal_klein": [False] * 3,
                      "mediaan": [31.0, None, 28.0], "p90": [80.0, None, 75.0], "bron": "b", "voorbeeld": False})


def _line_charts() -> dict[str, object]:
    """Every line chart of charts.py with one hidden or withheld value (2021), as the pages call them."""
    groups = TREND.assign(model=TREND["groep"])
    reeks = pd.DataFrame({"jaar": [2020, 2021, 2022], "waarde": [8.0, None, 6.0], "waarde_klein": [False, True, False]})
    return {
        "vergelijking_trend": charts.vergelijking_trend(TREND, "per_1000", {"gemeente": "Dordrecht", "regio": "Regio"},
                                                        "T", "b", False, "per 1.000", kind="rate", small="jeugdigen_klein"),
        "stats_per_year": charts.stats_per_year(STATS, [("mediaan", "Mediaan"), ("p90", "p90")], "T", "b", False, "Dagen"),
        "stats_per_year_group": charts.stats_per_year(STATS.assign(model="regionaal"), [("mediaan", "Mediaan")], "T",
                                                      "b", False, "Dagen", group="model"),
        "doel_traject": charts.doel_traject(reeks, 2020, 2025, 8.0, 5.6, None, None, "T", "b", False, "Jeugdigen"),
        "lines_per_group": charts.lines_per_group(groups, "model", "per_1000", "T", "b", False, "per 1.000"),
    }


@pytest.mark.parametrize("name", list(_line_charts()))
def test_every_line_chart_leaves_a_hidden_year_as_a_gap(name):
    fig = _line_charts()[name]
    lines = [t for t in fig.data if "lines" in (t.mode or "") and len(t.x) > 2]
    assert lines
    for trace in lines:
        assert trace.connectgaps is False, (name, trace.name)
        points = dict(zip((str(x) for x in trace.x), trace.y, strict=True))
        assert "2021" in points, (name, trace.name)       # the year is there, so the line breaks instead of jumping
        if trace.name in ("Dordrecht", "Mediaan", "p90", "Werkelijk", "regionaal", "gemeente"):
            assert pd.isna(points["2021"]), (name, trace.name)    # None/NaN: drawn as nothing, never as 0
    # In the JSON a slide stores, the hidden value of the first line is null or NaN: no number, no 0.
    first = json.loads(fig.to_json())["data"][0]
    years = [str(x) for x in _values(first["x"])]
    assert pd.isna(_values(first["y"])[years.index("2021")])


def test_a_hidden_bar_is_no_bar_with_its_label_at_the_axis():
    frame = pd.DataFrame({"gemeente_code": ["GM0505", "GM0512"], "gemeente": ["Dordrecht", "Gorinchem"],
                          "jeugdigen": [120.0, None], "jeugdigen_klein": [False, True]})
    for fig, label in ((charts.per_gemeente(frame, "jeugdigen", "T", "b", False, "J", [], kind="count"), "<5 jeugdigen"),
                       (charts.bars(frame, "gemeente", "jeugdigen", "T", "b", False, "J"), "<5")):
        bar, text = fig.data
        values = dict(zip(bar.y, bar.x, strict=True))
        assert values["Dordrecht"] == 120.0 and pd.isna(values["Gorinchem"])      # no bar, not a bar of 0
        assert (text.meta, list(text.y), list(text.text), list(text.x)) == ("klein", ["Gorinchem"], [label], [0])
        spec = export.native_chart(fig)
        assert dict(zip(spec.categories, spec.series[0][1], strict=True)) == {"Dordrecht": 120.0, "Gorinchem": None}


# Hattem in small: crisis hidden in every year (a trace without a single bar), groep hidden in 2020 and 2021.
HIDDEN_SEGMENTS = pd.DataFrame({
    "jaar": [2019, 2020, 2021, 2022] * 3,
    "segment": ["Crisis"] * 4 + ["Groep"] * 4 + ["Individueel"] * 4,
    "volgorde": [1] * 4 + [2] * 4 + [3] * 4,
    "jeugdigen": [None] * 4 + [12.0, None, None, 9.0] + [40.0, 42.0, 45.0, 50.0],
    "jeugdigen_klein": [True] * 4 + [False, True, True, False] + [False] * 4,
})
YEARS = ["2019", "2020", "2021", "2022"]


def test_a_chart_of_hidden_counts_only_has_an_axis_of_whole_counts_from_zero():
    """A gemeente whose only segment is hidden: nothing is drawn, and plotly's own axis ran from -1 to 1 in half
    steps, read as 1, 1, 0, -1, -1 (fresh eyes). The axis runs from 0 to 5 in whole steps; with counts drawn it
    starts at 0 and is plotly's own above that."""
    hidden = HIDDEN_SEGMENTS[HIDDEN_SEGMENTS["segment"] == "Crisis"]
    fig = charts.per_segment_stacked(hidden, "jeugdigen", "T", "b", False, "Jeugdigen", kind="count")
    assert (tuple(fig.layout.yaxis.range), fig.layout.yaxis.dtick, fig.layout.yaxis.rangemode) == ((0, 5), 1, "tozero")
    drawn = charts.per_segment_stacked(HIDDEN_SEGMENTS, "jeugdigen", "T", "b", False, "Jeugdigen", kind="count")
    assert (drawn.layout.yaxis.range, drawn.layout.yaxis.dtick, drawn.layout.yaxis.rangemode) == (None, None, "tozero")


def test_hidden_segments_keep_every_year_a_category_with_its_label_per_year():
    """A gemeente with hidden segments drew all bars as one line at 2019: the '+N× <5' labels were annotations at
    x="2019".."2022", which plotly.js reads as the numbers 2019..2022 on the category axis (range up to ~2077).
    Now every trace's x is the year text, no annotation is placed on the axis, and the labels are text per year."""
    fig = charts.per_segment_stacked(HIDDEN_SEGMENTS, "jeugdigen", "T", "b", False, "Jeugdigen", kind="count")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["Crisis", "Groep", "Individueel"]
    for trace in bars:
        assert list(trace.x) == YEARS, trace.name
    assert all(pd.isna(v) for v in bars[0].y)                       # hidden: no bar, never a bar of 0
    # ... stored as null, not NaN: after a NaN plotly.js stacks the next segments of that year from 0 again.
    assert [t["y"] for t in json.loads(fig.to_json())["data"][:2]] == [[None] * 4, [12.0, None, None, 9.0]]
    assert list(bars[1].customdata) == ["12", "<5", "<5", "9"]
    (label,) = [t for t in fig.data if t.type != "bar"]
    assert (label.meta, label.mode, label.cliponaxis) == ("klein", "text", False)
    assert list(label.x) == YEARS                                   # year texts on the same category axis
    assert list(label.y) == [52.0, 42.0, 45.0, 59.0]                # at the top of the bars that are drawn
    assert list(label.text) == ["+1× <5", "+2× <5", "+2× <5", "+1× <5"]
    assert list(label.hovertext) == ["2019: 1 segment met minder dan 5 jeugdigen, niet getekend",
                                     "2020: 2 segmenten met minder dan 5 jeugdigen, niet getekend",
                                     "2021: 2 segmenten met minder dan 5 jeugdigen, niet getekend",
                                     "2022: 1 segment met minder dan 5 jeugdigen, niet getekend"]
    for annotation in fig.layout.annotations:                       # none tied to the category axis
        assert annotation.xref == "paper" and 0 <= annotation.x <= 1, annotation
    # PowerPoint: the same years as categories, hidden cells empty, the labels named in the speaker notes.
    spec = export.native_chart(fig)
    assert spec.kind == "column" and spec.stacked and spec.categories == YEARS
    assert dict(spec.series) == {"Crisis": [None] * 4, "Groep": [12.0, None, None, 9.0],
                                 "Individueel": [40.0, 42.0, 45.0, 50.0]}
    assert spec.note == ("Op het scherm staat ook: " + "; ".join(label.hovertext) + ".")


def test_hidden_segments_leave_the_category_axis_at_its_years_in_the_browser(tmp_path):
    """What the reviewer saw, measured in plotly.js itself: the x axis spans the four years, not 2019 to ~2077."""
    from tests.browser_util import require_chromium, run_in_browser

    require_chromium()
    fig = charts.per_segment_stacked(HIDDEN_SEGMENTS, "jeugdigen", "T", "b", True, "Jeugdigen", kind="count")
    page_file = tmp_path / "grafiek.html"
    fig.write_html(page_file, include_plotlyjs=True, div_id="grafiek")
    seen: dict[str, object] = {}

    def flow(page: object) -> None:
        page.goto(page_file.as_uri())
        page.wait_for_selector("#grafiek .main-svg")
        seen.update(page.evaluate("() => { const x = document.getElementById('grafiek')._fullLayout.xaxis;"
                                  " return {type: x.type, range: x.range, ticks: x._vals.map(v => v.text)}; }"))
        seen["bases"] = page.evaluate("() => document.getElementById('grafiek').calcdata[2].map(p => p.b)")

    run_in_browser(flow, tmp_path)
    assert seen == {"type": "category", "range": [-0.5, 3.5], "ticks": YEARS,
                    "bases": [12, 0, 0, 9]}       # Individueel stands on Groep where Groep is drawn, else on 0


def _deck(con: duckdb.DuckDBPyConnection, figures: list[tuple[object, pd.DataFrame, dict[str, str]]]) -> tuple[bytes, str]:
    """Slides made as the 'Naar presentatie' button makes them (the note kept in the figure by ui.chart), exported as
    PowerPoint and as offline HTML."""
    token = presentatie.new_token()
    for index, (fig, frame, columns) in enumerate(figures):
        charts.with_hidden_note(fig, tables.hidden_note(frame, columns))
        presentatie.add(con, token, fig, tables.export_frame(frame, columns), sleutel=f"k{index}",
                        titel=f"Dia {index}", definitie="d", bron="b", voorbeeld=False)
    dias, moment = presentatie.dias(con, token), datetime(2026, 12, 1, tzinfo=UTC)
    return export.to_pptx(dias, "T", "S", moment), export.to_html(dias, "T", "S", moment)


def _chart_xml(pptx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(pptx)) as book:
        names = sorted((n for n in book.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)),
                       key=lambda n: int(re.sub(r"\D", "", n)))
        return [book.read(n).decode("utf-8") for n in names]


def _points(series_xml: str, element: str) -> dict[int, float]:
    """The cached points of one series' <c:val> or <c:yVal>: index -> value (an index without a point is empty)."""
    block = re.search(rf"<c:{element}>.*?</c:{element}>", series_xml, re.S).group(0)
    count = int(re.search(r'<c:ptCount val="(\d+)"/>', block).group(1))
    points = {int(i): float(v) for i, v in re.findall(r'<c:pt idx="(\d+)">\s*<c:v>([^<]*)</c:v>', block)}
    assert all(0 <= i < count for i in points)
    return {i: points.get(i) for i in range(count)}


def test_powerpoint_leaves_hidden_values_as_gaps_and_says_why(con):
    trend = TREND
    spend = pd.DataFrame({"jaar": [2021, 2022], "soort": ["realisatie"] * 2, "selectie_eur": [1e6, 2e6],
                          "bron": "b", "voorbeeld": False})
    pptx, html = _deck(con, [
        (charts.vergelijking_trend(trend, "per_1000", {"gemeente": "Dordrecht", "regio": "Regio"}, "Per 1.000", "b",
                                   False, "per 1.000", kind="rate", small="jeugdigen_klein"),
         trend, {"jaar": "Jaar", "groep": "Groep", "jeugdigen": "Jeugdigen"}),
        (charts.stats_per_year(STATS, [("mediaan", "Mediaan")], "Wachttijd", "b", False, "Dagen"), STATS,
         tables.STAT_COLUMNS),
        (charts.begroting_realisatie(spend, "selectie_eur", "Uitgaven", "b", False), spend,
         {"jaar": "Jaar", "selectie_eur": "Uitgaven"}),
    ])
    xy, line, bars = _chart_xml(pptx)
    for xml in (xy, line, bars):
        assert '<c:dispBlanksAs val="gap"/>' in xml
    # Years as numbers: an XY chart; Dordrecht's 2021 has its x but an empty y, so the line breaks there.
    dordrecht, regio = re.findall(r"<c:ser>.*?</c:ser>", xy, re.S)
    assert _points(dordrecht, "xVal") == {0: 2020.0, 1: 2021.0, 2: 2022.0}
    assert _points(dordrecht, "yVal") == {0: 1.2, 1: None, 2: 1.5}
    assert _points(regio, "yVal") == {0: 1.1, 1: 1.3, 2: 1.4}
    # Years as text: a line chart with an empty point for the withheld median, no 0.
    assert _points(re.search(r"<c:ser>.*?</c:ser>", line, re.S).group(0), "val") == {0: 31.0, 1: None, 2: 28.0}
    # The note under the chart on the two slides that leave a value out, not on the spend slide.
    deck = Presentation(io.BytesIO(pptx))
    sources = [[s.text_frame.text for s in slide.shapes if s.has_text_frame][-1] for slide in list(deck.slides)[1:]]
    assert sources == [f"Bron: b\n{tables.HIDDEN_NOTE}", f"Bron: b\n{tables.HIDDEN_NOTE}", "Bron: b"]
    # The offline HTML says it under the same two charts.
    notes = re.findall(r'<p class="verborgen">([^<]*)</p>', html)
    assert notes == [tables.HIDDEN_NOTE.replace("<", "&lt;")] * 2
    assert html.count('<section class="dia"') == 3


# --- the region's residential figure: the profile and the overview agree ----------------------------------------------

def test_profile_and_overview_count_the_region_from_the_same_published_cells(variants):
    """Apeldoorn's profile said "regio –" for residential care while Overzicht gave the region's share: a rule, since
    replaced by the fixed value of pub_klein.sql, left a group's total out when its hidden members added up to 1-4.
    Alblasserdam's hidden residential count (2 in 2022) now counts 3 in both pages' region."""
    with duckdb.connect(str(variants["laag"]), read_only=True) as con:
        sel = _selectie([], 2020, 2022)
        kern = overzicht.load(con, sel)
        profiel = gemeente.load(con, sel, "GM0505")
        raw = con.execute("SELECT sum(jeugdigen_residentieel) FROM mart_jeugdigen_gemeente_jaar WHERE jaar = 2022"
                          ).fetchone()[0]
    regio = profiel.per_jaar.set_index(["jaar", "groep"]).loc[(2022, "regio")]
    assert regio["jeugdigen_residentieel"] == kern.regio["jeugdigen_residentieel"] == raw - 2 + 3
    residentieel = next(k for k in profiel.kerncijfers if k.label == "Residentieel per 1.000")
    rate = 1000 * kern.regio["jeugdigen_residentieel"] / kern.regio["jeugdigen_0_17"]
    assert residentieel.toelichting.startswith(f"regio {fmt.number(rate, 1)} ")
    assert kern.regio["aandeel_residentieel"] == kern.regio["jeugdigen_residentieel"] / kern.regio["jeugdigen_in_zorg"]


def test_apeldoorn_profile_and_overview_agree_on_the_region(example):
    """The issue's case on the example data (whatever its calibration): MIJOV in its last year."""
    jaar = queries.jaren(example, "MIJOV")[-1]
    sel = Selectie(regio="MIJOV", regio_naam="Midden-IJssel/Oost-Veluwe", gemeenten=(), gemeente_namen=(),
                   jaar_van=jaar - 2, jaar_tot=jaar, segmenten=())
    kern = overzicht.load(example, sel)
    profiel = gemeente.load(example, sel, "GM0200")
    regio = profiel.per_jaar.set_index(["jaar", "groep"]).loc[(jaar, "regio")]
    assert regio["jeugdigen_residentieel"] == kern.regio["jeugdigen_residentieel"] > 0
    residentieel = next(k for k in profiel.kerncijfers if k.label == "Residentieel per 1.000")
    assert residentieel.toelichting.startswith(f"regio {fmt.number(regio['residentieel_per_1000'], 1)} ")
    assert not residentieel.toelichting.startswith("regio –")
