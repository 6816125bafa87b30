"""AppTest of the Presentatie page through app.py: the empty state, ordering and removing slides, the
slide view driven by ?dia=, and adding a chart from the Uitgaven page with "Naar presentatie".
It writes slides, so it takes its own copy of the session's example database (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from jeugdhulp import charts, presentatie, queries
from tests.conftest import app_on, copy_example
from tests.test_pages import open_app

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

EMPTY = "Uw presentatie is nog leeg"
TOKEN = "apptest-presentatie-1"
BEGROTING = "Uitgaven jeugdhulp — Regio Zuid-Holland Zuid"
PER_GEMEENTE = "Uitgaven per gemeente, ZHZ"
PER_JEUGDIGE = "Uitgaven per jeugdige — Regio Zuid-Holland Zuid"
EXAMPLE_BADGE = "  :orange-badge[Voorbeelddata (fictief)]"


@pytest.fixture(scope="module")
def example_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This module's own copy of the example database (it adds and removes slides); the app points at it."""
    with app_on(copy_example(example_template, tmp_path_factory, "presentatie"), tmp_path_factory) as path:
        yield path


def db_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the app's own cached connection (st.cache_resource): in AppTest the app runs in this
    process, so the test reads and writes through the connection that holds the file (the first call opens it)."""
    return state.cursor()


def titles_in_db(token: str) -> list[str]:
    return [d.titel for d in presentatie.dias(db_cursor(), token)]


def slide_titles(at: AppTest) -> list[str]:
    """The slide titles as the compose view lists them (bold, one per bordered row), top to bottom."""
    known = {f"**{t}**": t for t in (BEGROTING, PER_GEMEENTE, PER_JEUGDIGE)}
    rows = [m.value.removesuffix(EXAMPLE_BADGE) for m in at.markdown]
    return [known[r] for r in rows if r in known]


def counter(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(("**Dia ", "**Titeldia"))]


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def two_slides(example_db: Path) -> Iterator[list[int]]:
    """A presentation under TOKEN with the Overzicht chart and the per-gemeente chart of ZHZ, built with the
    same queries and chart functions the pages use; returns the dia_ids in order."""
    con = db_cursor()
    presentatie.clear(con, TOKEN)
    last = queries.standaard_jaar(con, "ZHZ")
    trend = queries.uitgaven_trend(con, "ZHZ", [], [], last - 6, last)
    per_gemeente = queries.uitgaven_per_gemeente(con, "ZHZ", [], last)
    figures = [
        (charts.begroting_realisatie(trend, "selectie_eur", BEGROTING, "test", True), trend, "test_trend", BEGROTING),
        (charts.per_gemeente(per_gemeente, "eur_per_jeugdige", PER_GEMEENTE, "test", True, "€ per jeugdige", []),
         per_gemeente, "test_gemeente", PER_GEMEENTE),
    ]
    for position, (fig, table, sleutel, titel) in enumerate(figures, start=1):
        assert presentatie.add(con, TOKEN, fig, table, sleutel=sleutel, titel=titel, definitie="Testdefinitie.",
                               bron="test", voorbeeld=True) == position
    yield [d.dia_id for d in presentatie.dias(con, TOKEN)]
    presentatie.clear(db_cursor(), TOKEN)


def open_presentatie(example_db: Path, token: str | None = None) -> AppTest:
    at = open_app(example_db, {"presentatie": token} if token else None)
    return ok(at.switch_page("pages/presentatie.py").run())


def test_empty_presentation_says_so(example_db: Path) -> None:
    at = open_presentatie(example_db)
    assert [t.value for t in at.title] == ["Presentatie"]
    assert len(at.info) == 1 and at.info[0].value.startswith(EMPTY)
    assert [b.key for b in at.button if (b.key or "").startswith("dia_")] == [], "slide buttons on an empty page"
    assert [(p.proto.label, p.proto.page) for p in at.get("page_link")] == [
        ("Naar de uitgaven", "uitgaven"), ("Naar het gemeenteprofiel", "gemeente")]
    assert not at.warning, "no link was followed, so nothing to warn about"


@pytest.mark.parametrize("link", ["verlopen-presentatie-0001", "te kort", "x' OR 1=1 --"])
def test_a_link_to_a_missing_or_malformed_presentation_says_so(example_db: Path, link: str) -> None:
    at = open_app(example_db, {"presentatie": link})
    ok(at.switch_page("pages/presentatie.py").run())
    assert [w.value for w in at.warning] == [
        "Deze presentatielink is ongeldig of verlopen: er staan geen dia's onder. Presentaties waar een jaar lang "
        "niets aan is toegevoegd, worden opgeruimd."]
    assert at.info[0].value.startswith(EMPTY)


def test_compose_view_orders_and_removes(example_db: Path, two_slides: list[int]) -> None:
    first, second = two_slides
    at = open_presentatie(example_db, TOKEN)
    assert [t.value for t in at.title] == ["Presentatie"]
    assert not [i for i in at.info if i.value.startswith(EMPTY)]
    assert [s.value for s in at.subheader] == ["Dia's (2)"]
    assert slide_titles(at) == [BEGROTING, PER_GEMEENTE]
    assert [m.value for m in at.markdown if m.value.endswith(EXAMPLE_BADGE)] == [
        f"**{BEGROTING}**{EXAMPLE_BADGE}", f"**{PER_GEMEENTE}**{EXAMPLE_BADGE}"]
    assert at.button(key=f"dia_op_{first}").disabled and at.button(key=f"dia_neer_{second}").disabled
    # Words, not only icons: a screen reader says "Naar voren", not "arrow_upward".
    assert [(at.button(key=f"{k}_{first}").label, at.button(key=f"{k}_{first}").icon)
            for k in ("dia_op", "dia_neer", "dia_weg")] == [
        ("Naar voren", ":material/arrow_upward:"), ("Naar achteren", ":material/arrow_downward:"),
        ("Verwijderen", ":material/delete:")]
    assert at.query_params["presentatie"] == TOKEN

    ok(at.button(key=f"dia_neer_{first}").click().run())
    assert titles_in_db(TOKEN) == [PER_GEMEENTE, BEGROTING]
    assert [(d.dia_id, d.positie) for d in presentatie.dias(db_cursor(), TOKEN)] == [(second, 1), (first, 2)]
    assert slide_titles(at) == [PER_GEMEENTE, BEGROTING]

    ok(at.button(key=f"dia_weg_{second}").click().run())
    assert [(d.dia_id, d.positie, d.titel) for d in presentatie.dias(db_cursor(), TOKEN)] == [(first, 1, BEGROTING)]
    assert slide_titles(at) == [BEGROTING]
    assert [s.value for s in at.subheader] == ["Dia's (1)"]


def test_slide_view_steps_through_and_stops(example_db: Path, two_slides: list[int]) -> None:
    at = open_presentatie(example_db, TOKEN)

    ok(at.button(key="dia_start").click().run())
    # The show opens on the title slide, with the title and subtitle of the compose view.
    assert [t.value for t in at.title] == ["Jeugdhulp in regio Zuid-Holland Zuid"]
    assert counter(at) == ["**Titeldia**"]
    assert at.query_params["dia"] == "0"
    assert "Raadsinformatiebijeenkomst" in [m.value for m in at.markdown]
    assert at.button(key="dia_terug").disabled
    ok(at.button(key="dia_verder").click().run())
    assert [t.value for t in at.title] == [BEGROTING]
    assert counter(at) == ["**Dia 1 van 2**"]
    assert at.query_params["dia"] == "1"
    assert not at.button(key="dia_terug").disabled and not at.button(key="dia_verder").disabled
    assert not at.text_input, "the compose view's inputs are still shown"
    # The definition a presenter can open over the slide ("Toelichting"), as the offline HTML shows it.
    assert [m.value for m in at.markdown if m.value.startswith("**Definitie.**")] == ["**Definitie.** Testdefinitie."]

    ok(at.button(key="dia_verder").click().run())
    assert [t.value for t in at.title] == [PER_GEMEENTE]
    assert counter(at) == ["**Dia 2 van 2**"]
    assert at.query_params["dia"] == "2"
    assert at.button(key="dia_verder").disabled

    ok(at.button(key="dia_terug").click().run())
    assert [t.value for t in at.title] == [BEGROTING]

    ok(at.button(key="dia_stop").click().run())
    assert [t.value for t in at.title] == ["Presentatie"]
    assert counter(at) == []
    assert "dia" not in at.query_params
    assert slide_titles(at) == [BEGROTING, PER_GEMEENTE]


def test_a_malformed_slide_number_shows_the_list(example_db: Path, two_slides: list[int]) -> None:
    for number in ("²", "-1", "99999999999"):
        at = open_app(example_db, {"presentatie": TOKEN, "dia": number})
        ok(at.switch_page("pages/presentatie.py").run())
        assert [t.value for t in at.title] == ["Presentatie"], number


def test_link_with_slide_number_opens_that_slide(example_db: Path, two_slides: list[int]) -> None:
    at = open_app(example_db, {"presentatie": TOKEN, "dia": "2"})
    ok(at.switch_page("pages/presentatie.py").run())
    assert [t.value for t in at.title] == [PER_GEMEENTE]
    assert counter(at) == ["**Dia 2 van 2**"]


def test_naar_presentatie_on_uitgaven_adds_a_slide(example_db: Path) -> None:
    at = open_app(example_db)
    ok(at.switch_page("pages/uitgaven.py").run())
    assert at.session_state["presentatie"] is None
    assert "presentatie" not in at.query_params

    ok(at.button(key="uitgaven_per_jeugdige_dia").click().run())
    token = at.session_state["presentatie"]
    assert presentatie.valid_token(token)
    assert at.query_params["presentatie"] == token, "the token is not in the URL, so a reload loses it"
    assert titles_in_db(token) == [PER_JEUGDIGE]
    assert [t.value for t in at.toast] == [
        "Toegevoegd als dia 1. Bekijk en orden uw dia's op de pagina Presentatie."]

    ok(at.button(key="uitgaven_per_jeugdige_dia").click().run())
    assert titles_in_db(token) == [PER_JEUGDIGE]
    assert [t.value for t in at.toast] == ["Deze grafiek staat al in uw presentatie."]

    ok(at.switch_page("pages/presentatie.py").run())
    assert slide_titles(at) == [PER_JEUGDIGE]
    presentatie.clear(db_cursor(), token)


def test_a_partly_example_chart_keeps_its_own_mark_in_the_list_and_on_the_slide(example_db: Path) -> None:
    """Real spend over example youths: the chart says 'Deels voorbeelddata: inwoners 0-17 fictief', and so does its
    slide, not a bare 'Voorbeelddata (fictief)' nor nothing (ui.chart stores such a chart with voorbeeld=False)."""
    con = db_cursor()
    token = "apptest-presentatie-deels"
    presentatie.clear(con, token)
    last = queries.standaard_jaar(con, "ZHZ")
    trend = queries.uitgaven_trend(con, "ZHZ", [], [], last - 6, last)
    fig = charts.begroting_realisatie(trend, "selectie_eur", BEGROTING, "test",
                                      "Deels voorbeelddata: inwoners 0-17 fictief")
    presentatie.add(con, token, fig, trend, sleutel="deels", titel=BEGROTING, definitie="d", bron="test", voorbeeld=False)
    try:
        at = open_presentatie(example_db, token)
        assert f"**{BEGROTING}**  :orange-badge[Deels voorbeelddata\\: inwoners 0-17 fictief]" in [
            m.value for m in at.markdown]
        ok(at.button(key="dia_start").click().run())
        assert "1 dia" in [m.value for m in at.markdown]      # on the title slide; the slide is not all example
        ok(at.button(key="dia_verder").click().run())
        assert [t.value for t in at.title] == [BEGROTING]
        assert ":material/science: **DEELS VOORBEELDDATA\\: INWONERS 0-17 FICTIEF**" in [m.value for m in at.markdown]
    finally:
        presentatie.clear(db_cursor(), token)


# --- a large export shows its progress (issue 14) -----------------------------------------------------------

@pytest.fixture
def eleven_slides(two_slides: list[int]) -> list[int]:
    """More slides than pages/presentatie.py builds at the click of a download button (LARGE_EXPORT, 10)."""
    con = db_cursor()
    last = queries.standaard_jaar(con, "ZHZ")
    trend = queries.uitgaven_trend(con, "ZHZ", [], [], last - 6, last)
    for number in range(9):
        figure = charts.begroting_realisatie(trend, "selectie_eur", f"Extra {number}", "test", True)
        assert presentatie.add(con, TOKEN, figure, trend, sleutel=f"test_extra_{number}", titel=f"Extra {number}",
                               definitie="Testdefinitie.", bron="test", voorbeeld=True) == number + 3
    return [d.dia_id for d in presentatie.dias(con, TOKEN)]


def test_exports_tell_the_slides_done(example_db: Path, eleven_slides: list[int]) -> None:
    from datetime import UTC, datetime

    from jeugdhulp import export

    dias = presentatie.dias(db_cursor(), TOKEN)
    for build in (export.to_pptx, export.to_html):
        heard: list[tuple[str, int, int]] = []
        build(dias, "T", "S", datetime(2026, 1, 1, tzinfo=UTC), lambda s, d, t, heard=heard: heard.append((s, d, t)))
        assert heard == [("dia's maken", done, 11) for done in range(12)], build.__name__


def test_large_export_is_built_in_a_job_with_progress(example_db: Path, eleven_slides: list[int]) -> None:
    at = open_presentatie(example_db, TOKEN)
    [pptx] = [b for b in at.button if b.key == "dia_pptx"]
    assert pptx.label == "PowerPoint"
    pptx.click().run()
    ok(at)
    job = at.session_state["presentatie_export"]
    if job.running:     # the page shows the slides done while it builds
        [status] = at.status
        assert ".pptx wordt gemaakt (" in status.label
        assert job.wait(120)
        ok(at.run())
    assert job.error is None
    assert job.stages == ["dia's maken"] and (job.done, job.total) == (11, 11)
    label, data, file_name, _ = job.result
    assert label == "PowerPoint" and file_name.endswith(".pptx") and data[:2] == b"PK"
    assert not at.status
    assert [b.label for b in at.get("download_button") if b.proto.id and "dia_export_klaar" in b.proto.id] == [
        f"PowerPoint downloaden ({file_name})"]
