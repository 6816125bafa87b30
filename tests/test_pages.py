"""AppTest smoke tests: every registered page renders against the example database, and the shared
filter bar reads and writes the URL. One database is built per module in a temp dir."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, app_test

from jeugdhulp import db
from loaders.defaults import ensure_loaded
from loaders.secret import pseudonym_key

APP = Path(__file__).resolve().parent.parent / "app.py"
EXAMPLE_WARNING = "Voorbeelddata (fictief)"
HEADLINE = "Uitgaven (realisatie)"


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Default + example data, loaded once into a temp DuckDB; JEUGDHULP_DB points at it for the module."""
    path = tmp_path_factory.mktemp("apptest") / "jeugdhulp.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        # The same key file the autouse fixture in conftest.py sets for every test.
        mp.setenv("JEUGDHULP_SLEUTELBESTAND", str(tmp_path_factory.getbasetemp() / "pseudoniem.key"))
        mp.setenv("JEUGDHULP_DB", str(path))
        con = db.connect(path)
        try:
            assert ensure_loaded(con, pseudonym_key()) is not None, "the fresh database was not empty"
        finally:
            con.close()
        # The app caches its connection per process: drop any connection to another database,
        # and ours afterwards, so no later test module gets this one.
        st.cache_resource.clear()
        st.cache_data.clear()
        yield path
        st.cache_resource.clear()
        st.cache_data.clear()


@pytest.fixture(autouse=True)
def _run_app_py_on_every_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest run app.py on every run, as `streamlit run` does.

    AppTest resets PagesManager.uses_pages_directory before each run, and because a `pages/`
    folder sits next to app.py it then falls back to the old pages-directory mode: from the
    second run on it executes pages/<page>.py *without* app.py, so the sidebar filter bar
    vanishes, its widget state is dropped and the page reuses the previous run's selection
    (state.require_app() does not notice, since filter_selectie is still in session state).
    In a real server the flag stays False once st.navigation has been called
    (streamlit/commands/navigation.py), so app.py always runs; the very first request to a fresh
    server is covered by tests/test_browser.py::test_shared_link_opens_the_same_view.
    """

    class _NavigationPagesManager(PagesManager):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", _NavigationPagesManager)


def open_app(example_db: Path, query_params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]


def headline(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == HEADLINE)


def _check_overzicht(at: AppTest) -> None:
    assert [m.label for m in at.metric] == [
        HEADLINE, "Realisatie t.o.v. begroting", "Uitgaven per jeugdige (0-17)", "Jeugdigen in zorg"]
    value = headline(at)
    assert value.startswith("€ ") and "mln" in value, value
    assert chart_titles(at) == ["Uitgaven jeugdhulp — Regio Zuid-Holland Zuid"]


def _check_uitgaven(at: AppTest) -> None:
    assert [t.label for t in at.tabs] == ["Per jeugdige", "Per gemeente", "Per segment", "GRJR 2015-2019 (bron)"]
    titles = chart_titles(at)
    assert "Uitgaven per jeugdige — Regio Zuid-Holland Zuid en de regio" in titles
    assert "GRJR: begroting en jaarrekening 2015-2019" in titles
    per_gemeente = next(d.value for d in at.dataframe if "CBS-code" in d.value.columns)
    assert "Dordrecht" in per_gemeente["Gemeente"].tolist()


def _check_volumes(at: AppTest) -> None:
    assert at.radio(key="volumes_maat").options == ["Jeugdigen", "Trajecten"]
    assert "Jeugdigen per segment — Regio Zuid-Holland Zuid" in chart_titles(at)


def _check_bronnen(at: AppTest) -> None:
    assert [s.value for s in at.subheader] == ["Ingelezen gegevens", "Segmenten van Zuid-Holland Zuid"]
    batches = at.dataframe[0].value
    assert "gemeenten.csv" in batches["bestand"].tolist()
    assert batches.loc[batches["bestand"] == "gemeenten.csv", "status"].tolist() == ["actief"]


PAGES = [
    ("pages/overzicht.py", "Hoe staat de jeugdhulp in mijn gemeente ervoor?", _check_overzicht),
    ("pages/uitgaven.py", "Waar gaat het geld voor jeugdhulp naartoe?", _check_uitgaven),
    ("pages/volumes.py", "Hoeveel jeugdigen krijgen jeugdhulp, en in welk segment?", _check_volumes),
    ("pages/bronnen.py", "Waar komen de cijfers vandaan?", _check_bronnen),
]


@pytest.mark.parametrize(("page", "title", "check"), PAGES, ids=[Path(p).stem for p, _, _ in PAGES])
def test_page_renders_with_example_data(example_db: Path, page: str, title: str,
                                        check: Callable[[AppTest], None]) -> None:
    at = open_app(example_db)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]
    assert any(w.value.startswith(EXAMPLE_WARNING) for w in at.warning)
    assert at.selectbox(key="filter_regio").value == "ZHZ", "the shared filter bar is missing from the sidebar"
    check(at)


def test_filter_changes_headline_and_url(example_db: Path) -> None:
    at = open_app(example_db)
    zhz = headline(at)
    assert at.query_params["regio"] == "ZHZ"

    at.selectbox(key="filter_regio").set_value("GRJR").run()
    assert not at.exception
    grjr = headline(at)
    assert grjr != zhz

    at.multiselect(key="filter_gemeenten").set_value(["GM0599"]).run()
    assert not at.exception
    rotterdam = headline(at)
    assert rotterdam != grjr
    assert rotterdam.startswith("€ ") and "mln" in rotterdam, rotterdam
    assert at.query_params["regio"] == "GRJR"
    assert at.query_params["gemeenten"] == "GM0599"
    assert at.caption[0].value.startswith("Rotterdam · Rijnmond (GRJR) · ")
    assert chart_titles(at) == ["Uitgaven jeugdhulp — Rotterdam"]


def test_filter_survives_page_change(example_db: Path) -> None:
    at = open_app(example_db)
    at.selectbox(key="filter_regio").set_value("GRJR").run()
    at.multiselect(key="filter_gemeenten").set_value(["GM0599"]).run()

    at.switch_page("pages/uitgaven.py").run()
    assert not at.exception
    assert at.session_state["filter_regio"] == "GRJR"
    assert at.session_state["filter_gemeenten"] == ["GM0599"]
    assert at.caption[0].value.startswith("Rotterdam · Rijnmond (GRJR) · ")
    assert at.query_params["gemeenten"] == "GM0599"


def test_shared_link_sets_the_filters(example_db: Path) -> None:
    at = open_app(example_db, {"regio": "MIJOV", "gemeenten": "GM0200", "jaren": "2020,2023"})
    assert at.session_state["filter_regio"] == "MIJOV"
    assert at.session_state["filter_gemeenten"] == ["GM0200"]
    assert at.session_state["filter_jaren"] == (2020, 2023)
    assert at.multiselect(key="filter_gemeenten").value == ["GM0200"]
    assert at.slider(key="filter_jaren").value == (2020, 2023)
    assert at.caption[0].value == "Apeldoorn · Midden-IJssel/Oost-Veluwe · 2020–2023 · alle segmenten"
    assert at.subheader[0].value == "Kerncijfers 2023"
    assert dict(at.query_params) == {"regio": "MIJOV", "gemeenten": "GM0200", "jaren": "2020,2023"}
