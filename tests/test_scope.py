"""One scope everywhere: with a selection other than the default (another region than ZHZ, one or two gemeenten, a
narrower range of years, a segment) every page shows that selection: its gemeente in titles and captions, only the
chosen years in its charts and the tables behind them, and region-specific parts only in their region. The years
the filter bar offers come from the region's figures (tiny data built here); the expected years and names of the
example database are read from it, never written down."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import plotly.io as pio
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard import state
from jeugdhulp import export, presentatie, queries, themas
from jeugdhulp.pagedata import overzicht
from jeugdhulp.selectie import Selectie
from tests.conftest import app_on, copy_example, load, make_csv
from tests.test_pages import open_app

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

APELDOORN, ZUTPHEN, ROTTERDAM, VLAARDINGEN = "GM0200", "GM0301", "GM0599", "GM0622"
# Traces that are reference lines by design (pages/doelen.py): the path from the base year to the target and the
# trend projected to the target year; the years they span are said in the text under the chart.
REFERENCE_TRACES = ("Pad naar het doel", "Trend")
GRJR_TAB = "GRJR 2015-2019 (bron)"
LENS = "De Dordtse lens: vier kernwaarden en hun stellingen"


@pytest.fixture(scope="module")
def example_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private copy: the export test adds slides."""
    with app_on(copy_example(example_template, tmp_path_factory, "scope"), tmp_path_factory) as path:
        yield path


@pytest.fixture(scope="module")
def years(example_db: Path) -> dict[str, tuple[int, int]]:
    """Per region a range of years narrower than all it has: without its first and its last year."""
    out = {}
    for regio in ("MIJOV", "GRJR", "ZHZ"):
        jaren = queries.jaren(state.cursor(), regio)      # the app's own connection to this database
        assert len(jaren) >= 4, (regio, jaren)
        out[regio] = (jaren[1], jaren[-2])
    return out


def open_page(example_db: Path, page: str, regio: str, span: tuple[int, int], gemeenten: tuple[str, ...] = (),
              segmenten: tuple[str, ...] = ()) -> AppTest:
    params = {"regio": regio, "jaren": f"{span[0]},{span[1]}"}
    params |= {"gemeenten": ",".join(gemeenten)} if gemeenten else {}
    params |= {"segmenten": ",".join(segmenten)} if segmenten else {}
    at = open_app(example_db, params)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    # The filter bar took the link: the page runs on this selection.
    assert at.selectbox(key="filter_regio").value == regio
    assert at.slider(key="filter_jaren").value == span
    assert at.multiselect(key="filter_gemeenten").value == list(gemeenten)
    assert at.multiselect(key="filter_segmenten").value == list(segmenten)
    return at


def _values(x: object) -> list[object]:
    """A trace's x as a list; plotly writes numeric arrays as base64 ({'dtype', 'bdata'})."""
    if isinstance(x, dict) and "bdata" in x:
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"])).tolist()
    return list(x or ())


def _year(value: object) -> int | None:
    text = str(value)
    return int(text) if len(text) == 4 and text.isdigit() and 1990 <= int(text) <= 2100 else None


def drawn_years(at: AppTest) -> dict[str, set[int]]:
    """Per chart title, the years its traces draw along the x axis (reference lines aside)."""
    out: dict[str, set[int]] = {}
    for chart in at.get("plotly_chart"):
        fig = pio.from_json(chart.proto.spec, skip_invalid=True)
        found = out.setdefault((fig.layout.title.text or "").replace("<br>", " "), set())    # a long title wraps
        for trace in fig.data:
            if getattr(trace, "orientation", None) == "h" or str(trace.name or "").startswith(REFERENCE_TRACES):
                continue
            values = _values(getattr(trace, "x", None))
            years = [_year(v) for v in values]
            if values and all(y is not None for y in years):
                found.update(years)
    return out


def table_years(at: AppTest) -> list[set[int]]:
    """The years in every table on the page that has a column 'Jaar' (the tables behind the charts)."""
    return [{int(v) for v in d.value["Jaar"] if str(v).strip()} for d in at.dataframe if "Jaar" in d.value.columns]


def assert_within(at: AppTest, span: tuple[int, int], *, charts_expected: bool = True) -> None:
    low, high = span
    drawn = drawn_years(at)
    assert not charts_expected or any(drawn.values()), "no chart drew a year: the check below would prove little"
    for title, found in drawn.items():
        assert all(low <= y <= high for y in found), (title, sorted(found), span)
    for found in table_years(at):
        assert all(low <= y <= high for y in found), (sorted(found), span)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


# --- the years the filter bar offers (tiny data) -------------------------------------------------------------

def test_trajecten_before_the_first_spend_year_do_not_extend_the_years(con: duckdb.DuckDBPyConnection) -> None:
    spend = make_csv([["gemeente", "jaar", "segment", "soort", "bedrag"],
                      ["Dordrecht", "2019", "4A", "realisatie", "1.000.000"],
                      ["Dordrecht", "2020", "4A", "realisatie", "1.100.000"]])
    trajecten = make_csv([["client", "gemeente", "segment", "startdatum", "einddatum"],
                          ["A1", "Dordrecht", "4A", "01-03-2017", "30-06-2018"],   # before the first spend year
                          ["A2", "Dordrecht", "4A", "01-02-2019", "01-05-2021"],   # after the last: still counts
                          ["R1", "Rotterdam", "B", "01-02-2018", "01-05-2019"]])   # GRJR: trajecten only
    volumes = make_csv([["gemeente", "jaar", "segment", "toewijzingen"], ["Apeldoorn", "2016", "BEH", "12"]])
    for name, data in (("uitgaven.csv", spend), ("trajecten.csv", trajecten), ("volumes.csv", volumes)):
        assert load(con, name, data).ok, name
    assert con.execute("SELECT min(jaar) FROM mart_trajecten_segment_jaar WHERE gemeente_code = 'GM0505'"
                       ).fetchone() == (2017,)
    assert queries.jaren(con, "ZHZ") == [2019, 2020, 2021]
    assert queries.jaren(con, "GRJR") == [2018, 2019]      # no spend or volumes: every year of the trajecten
    assert queries.jaren(con, "MIJOV") == [2016]           # uploaded volumes count in their own years


def test_spend_of_a_later_year_only_keeps_the_years_of_the_trajecten(con: duckdb.DuckDBPyConnection) -> None:
    """Real spend for 2026 alone (after it took away the example spend) must not hide 2019-2025 of the counts."""
    trajecten = make_csv([["client", "gemeente", "segment", "startdatum", "einddatum"],
                          ["A1", "Dordrecht", "4A", "01-03-2017", "30-06-2021"]])
    spend = make_csv([["gemeente", "jaar", "segment", "bedrag"], ["Dordrecht", "2026", "4A", "1.000"]])
    for name, data in (("trajecten.csv", trajecten), ("uitgaven.csv", spend)):
        assert load(con, name, data).ok, name
    assert queries.jaren(con, "ZHZ") == [2019, 2020, 2021, 2026]     # the first two trajecten years are run-in


def test_a_comparison_with_the_year_before_needs_that_year(con: duckdb.DuckDBPyConnection) -> None:
    spend = make_csv([["gemeente", "jaar", "segment", "soort", "bedrag"],
                      ["Dordrecht", "2019", "4A", "realisatie", "1.000.000"],
                      ["Dordrecht", "2020", "4A", "realisatie", "1.100.000"]])
    assert load(con, "uitgaven.csv", spend).ok

    def verandering(jaar: int) -> float | None:
        sel = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), jaar, jaar, ())
        return overzicht.load(con, sel).verandering

    assert verandering(2019) is None                       # 2018 has no spend: no "t.o.v. 2018"
    assert verandering(2020) == pytest.approx(0.1)


def test_the_slider_offers_the_regions_years(example_db: Path) -> None:
    con = state.cursor()
    first_spend = con.execute("SELECT min(jaar) FROM mart_uitgaven_gemeente_jaar WHERE regio_code = 'MIJOV'"
                              ).fetchone()[0]
    first_trajecten = con.execute("SELECT min(t.jaar) FROM mart_trajecten_segment_jaar t JOIN gemeente g "
                                  "USING (gemeente_code) WHERE g.regio_code = 'MIJOV'").fetchone()[0]
    jaren = queries.jaren(con, "MIJOV")
    at = open_app(example_db, {"regio": "MIJOV", "jaren": f"{first_trajecten},{jaren[-1]}"})
    slider = at.slider(key="filter_jaren")
    assert (slider.min, slider.max) == (jaren[0], jaren[-1]) and jaren[0] == first_spend
    assert slider.value == (first_spend, jaren[-1])        # a link's earlier year is clamped to the first
    # The first year chosen alone: no comparison with the year before, which has no spend.
    at.slider(key="filter_jaren").set_value((first_spend, first_spend)).run()
    assert not at.exception, [e.value for e in at.exception]
    headline = next(m for m in at.metric if m.label == "Uitgaven (realisatie)")
    assert "t.o.v." not in str(headline.proto.delta), headline.proto.delta


# --- every page ------------------------------------------------------------------------------------------------

def test_overzicht(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    span = years["MIJOV"]
    at = open_page(example_db, "pages/overzicht.py", "MIJOV", span, (APELDOORN,), ("BEGIN",))
    assert at.caption[0].value == f"Apeldoorn · Midden-IJssel/Oost-Veluwe · {span[0]}–{span[1]} · 1 segment"
    assert at.subheader[0].value == f"Kerncijfers {span[1]}"
    assert [t for t in drawn_years(at)] == ["Uitgaven jeugdhulp — Apeldoorn"]
    headline = next(m for m in at.metric if m.label == "Uitgaven (realisatie)")
    assert f"t.o.v. {span[1] - 1}" in str(headline.proto.delta)
    assert_within(at, span)
    assert drawn_years(at)["Uitgaven jeugdhulp — Apeldoorn"] == set(range(span[0], span[1] + 1))


def test_gemeenteprofiel_opens_on_the_sidebars_first_gemeente(example_db: Path,
                                                               years: dict[str, tuple[int, int]]) -> None:
    span = years["MIJOV"]
    at = open_page(example_db, "pages/gemeente.py", "MIJOV", span, (ZUTPHEN, APELDOORN), ("BEGIN",))
    assert [t.value for t in at.title] == ["Hoe staat Zutphen ervoor, naast de regio en vergelijkbare gemeenten?"]
    assert at.selectbox(key="gemeente_keuze").value == ZUTPHEN
    assert "In de zijbalk zijn 2 gemeenten gekozen; het profiel toont de eerste." in captions(at)
    assert f"Kerncijfers {span[1]}" in [s.value for s in at.subheader]
    assert "Uitgaven per jeugdige — Zutphen" in drawn_years(at)
    assert_within(at, span)

    # A choice on the profile becomes the sidebar's: one already chosen moves to the front ...
    at.selectbox(key="gemeente_keuze").set_value(APELDOORN).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith("Hoe staat Apeldoorn ervoor")
    assert at.multiselect(key="filter_gemeenten").value == [APELDOORN, ZUTPHEN]
    assert at.query_params["gemeenten"] == f"{APELDOORN},{ZUTPHEN}"
    # ... another replaces them; the other pages follow.
    at.selectbox(key="gemeente_keuze").set_value("GM0232").run()
    assert at.multiselect(key="filter_gemeenten").value == ["GM0232"]
    at.switch_page("pages/overzicht.py").run()
    assert at.caption[0].value.startswith("Epe · Midden-IJssel/Oost-Veluwe · ")


def test_gemeenteprofiel_without_a_sidebar_gemeente_says_which_it_shows(example_db: Path,
                                                                        years: dict[str, tuple[int, int]]) -> None:
    at = open_page(example_db, "pages/gemeente.py", "GRJR", years["GRJR"])
    first = queries.gemeenten(state.cursor(), "GRJR")["naam"].iloc[0]
    assert at.title[0].value.startswith(f"Hoe staat {first} ervoor")
    assert [i.value for i in at.info][0].startswith(f"In de zijbalk is geen gemeente gekozen: dit profiel toont {first}")
    assert at.multiselect(key="filter_gemeenten").value == []      # not chosen for the reader


def test_uitgaven_grjr_tab_only_for_grjr(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    span = years["GRJR"]
    at = open_page(example_db, "pages/uitgaven.py", "GRJR", span, (ROTTERDAM, VLAARDINGEN), ("B",))
    assert [t.label for t in at.tabs] == ["Per jeugdige", "Per gemeente", "Per segment", GRJR_TAB]
    assert at.caption[0].value == f"Rotterdam, Vlaardingen · Rijnmond (GRJR) · {span[0]}–{span[1]} · 1 segment"
    drawn = drawn_years(at)
    assert "Uitgaven per jeugdige — Rotterdam, Vlaardingen en de regio" in drawn
    # The one exception, labelled: GRJR's own 2015-2019 figures from its strategy, whatever years are chosen.
    assert drawn.pop("GRJR: begroting en jaarrekening 2015-2019") == set(range(2015, 2020))
    assert any("volgen de jaarkeuze in de zijbalk niet" in m.value for m in at.markdown)
    for title, found in drawn.items():
        assert all(span[0] <= y <= span[1] for y in found), (title, found)
    tables = [found for found in table_years(at) if found != set(range(2015, 2020))]
    assert tables and all(span[0] <= y <= span[1] for found in tables for y in found)

    at = open_page(example_db, "pages/uitgaven.py", "MIJOV", years["MIJOV"], (APELDOORN,))
    assert [t.label for t in at.tabs] == ["Per jeugdige", "Per gemeente", "Per segment"]
    assert "GRJR: begroting en jaarrekening 2015-2019" not in drawn_years(at)
    assert_within(at, years["MIJOV"])


def test_volumes(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    span = years["MIJOV"]
    at = open_page(example_db, "pages/volumes.py", "MIJOV", span, (APELDOORN, ZUTPHEN), ("BEGIN",))
    assert "Jeugdigen per segment — Apeldoorn, Zutphen" in drawn_years(at)
    assert_within(at, span)


def test_wachttijden(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    span = years["GRJR"]
    at = open_page(example_db, "pages/wachttijden.py", "GRJR", span, (ROTTERDAM,), ("B",))
    assert at.caption[0].value.startswith(f"Rotterdam · Rijnmond (GRJR) · {span[0]}–{span[1]}")
    assert_within(at, span)


def test_doelen_draws_the_chosen_years_only(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    # ZHZ has no numeric target: the residential volume alone, which drew every year of the data before.
    span = years["ZHZ"]
    at = open_page(example_db, "pages/doelen.py", "ZHZ", span, ("GM0505",))
    drawn = drawn_years(at)
    assert drawn["Jeugdigen in residentiële zorg — Dordrecht"] == set(range(span[0], span[1] + 1))
    assert_within(at, span)


def test_doelen_base_year_before_the_selection_is_said(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    span = years["GRJR"]
    at = open_page(example_db, "pages/doelen.py", "GRJR", span, (ROTTERDAM, VLAARDINGEN))
    basisjaar = at.selectbox(key="doelen_basisjaar").value
    con = state.cursor()
    assert at.selectbox(key="doelen_basisjaar").options == [str(j) for j in queries.jaren(con, "GRJR") if j < 2025]
    if basisjaar >= span[0]:   # choose one before the chosen years
        at.selectbox(key="doelen_basisjaar").set_value(span[0] - 1).run()
        basisjaar = span[0] - 1
    drawn = drawn_years(at)
    title = next(t for t in drawn if t.startswith("Residentiële zorg: -30% in 2025"))
    assert drawn[title] == set(range(span[0], span[1] + 1))      # the actual values: the chosen years
    assert any(c.startswith(f"Het basisjaar {basisjaar} ligt vóór de gekozen jaren ({span[0]}–{span[1]})")
               for c in captions(at)), captions(at)
    # The reference lines start at the base year, and say so in the legend.
    fig = next(pio.from_json(c.proto.spec, skip_invalid=True) for c in at.get("plotly_chart")
               if pio.from_json(c.proto.spec, skip_invalid=True).layout.title.text == title)
    path = next(t for t in fig.data if str(t.name).startswith("Pad naar het doel"))
    assert str(path.name) == f"Pad naar het doel ({basisjaar}-2025)"
    assert_within(at, span)
    # The sources' steering variables name their target year as such, written as a year (2025, not 2.025).
    stuur = next(d.value for d in at.dataframe if "Streefwaarde" in d.value.columns)
    assert "Jaar" not in stuur.columns and "2025" in set(stuur["Streefjaar"])


def test_consultatie_mijov(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    span = years["MIJOV"]
    at = open_page(example_db, "pages/consultatie.py", "MIJOV", span, (APELDOORN,))
    # The Dordrecht lens belongs to ZHZ.
    assert not [r for r in at.radio if r.key == "consultatie_indeling"]
    assert LENS not in [e.label for e in at.expander]
    # The councils and the advisory boards are counted apart, each heatmap named after its document.
    documents = queries.documenten(state.cursor(), "MIJOV")
    assert len(documents) == 2
    titles = list(drawn_years(at))
    assert [t for t in titles if t.startswith("Punten per gemeente en thema")] == [
        f"Punten per gemeente en thema — {d.rsplit(' - ', 1)[-1]}" for d in documents]
    assert any("gemeenteraden" in t for t in titles) and any("adviesraden" in t for t in titles)
    ranking = next(c for c in captions(at) if c.startswith("**Definitie.** Aantal gemeenten dat een thema noemde"))
    assert "De 2 documenten zijn samen geteld" in ranking
    # Thema en cijfers: the sidebar's gemeente, not every gemeente that raised the theme.
    thema = at.selectbox(key="consultatie_thema").value
    assert themas.measures(thema)
    assert any(s.value == "Wat de cijfers laten zien — Apeldoorn" for s in at.subheader)
    table = next(d.value for d in at.table if "Standpunt" in d.value.columns)
    assert len(table) and set(table["Gemeente"]) == {"Apeldoorn"}
    assert_within(at, span)


def test_consultatie_zhz_keeps_the_lens(example_db: Path, years: dict[str, tuple[int, int]]) -> None:
    at = open_page(example_db, "pages/consultatie.py", "ZHZ", years["ZHZ"], ("GM0505",))
    assert at.radio(key="consultatie_indeling").options == ["Per thema", "Per kernwaarde (Dordrecht)"]
    assert LENS in [e.label for e in at.expander]
    assert "Punten per gemeente en thema" in drawn_years(at)       # one document: no document in the title
    assert any(s.value == "Wat de cijfers laten zien — Dordrecht" for s in at.subheader)


def test_a_slide_and_its_powerpoint_keep_the_chosen_years(example_db: Path,
                                                          years: dict[str, tuple[int, int]]) -> None:
    span = years["ZHZ"]
    at = open_page(example_db, "pages/doelen.py", "ZHZ", span, ("GM0505",))
    at.button(key="doelen_zonder_dia").click().run()
    assert not at.exception, [e.value for e in at.exception]
    token = at.session_state["presentatie"]
    dias = presentatie.dias(state.cursor(), token)
    assert [d.titel for d in dias] == ["Jeugdigen in residentiële zorg — Dordrecht"]
    assert {int(v) for v in dias[0].table()["Jaar"]} == set(range(span[0], span[1] + 1))
    deck = Presentation(io.BytesIO(export.to_pptx(dias, "T", "S", datetime(2026, 1, 1))))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    # The years are the x values of the native XY chart ('Werkelijk').
    xs = [float(v.text) for series in charts[0].plots[0].series for v in series._element.xpath("./c:xVal//c:v")]
    assert sorted(set(xs)) == [float(j) for j in range(span[0], span[1] + 1)]
