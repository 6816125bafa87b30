"""AppTest smoke tests: every registered page renders against the example database (built once per session
in tests/conftest.py), and the shared filter bar reads and writes the URL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"
EXAMPLE_WARNING = "Voorbeelddata (fictief)"
HEADLINE = "Uitgaven (realisatie)"

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")


def open_app(example_db: Path, query_params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_titles(at: AppTest) -> list[str]:
    """The titles as read: a long title's line breaks (charts.TITLE_LINE) as spaces."""
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for chart in at.get("plotly_chart")]


def headline(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == HEADLINE)


def _check_overzicht(at: AppTest) -> None:
    assert [m.label for m in at.metric] == [
        HEADLINE, "Realisatie t.o.v. begroting", "Uitgaven per jeugdige (0-17)", "Jeugdigen in zorg"]
    value = headline(at)
    assert value.startswith("€ ") and "mln" in value, value
    assert chart_titles(at) == ["Uitgaven jeugdhulp — Regio Zuid-Holland Zuid"]


def _check_uitgaven(at: AppTest) -> None:
    # ZHZ: no tab with GRJR's own figures (tests/test_scope.py shows it for GRJR).
    assert [t.label for t in at.tabs] == ["Per jeugdige", "Per gemeente", "Per segment"]
    titles = chart_titles(at)
    assert "Uitgaven per jeugdige — Regio Zuid-Holland Zuid" in titles
    assert "GRJR: begroting en jaarrekening 2015-2019" not in titles
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
    # Bronnen lists every batch: the public documents' figures and the example's, side by side.
    mark = "Op deze pagina staan echte en fictieve cijfers naast elkaar" if page == "pages/bronnen.py" else EXAMPLE_WARNING
    assert any(w.value.startswith(mark) for w in at.warning)
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


def _link_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith("Niet alles uit de link")]


def test_a_link_with_a_gemeente_alone_opens_its_region(example_db: Path) -> None:
    # ?gemeente=GM0599 (Rotterdam) without a region opened Zuid-Holland Zuid and dropped Rotterdam without a word.
    at = open_app(example_db, {"gemeente": "GM0599"})
    assert at.session_state["filter_regio"] == "GRJR"
    assert at.session_state["filter_gemeenten"] == ["GM0599"]
    assert at.caption[0].value.startswith("Rotterdam · Rijnmond (GRJR) · ")
    assert _link_warnings(at) == []


def test_a_link_names_what_it_held_that_the_selection_cannot_show(example_db: Path) -> None:
    # Rotterdam belongs to another region than the link's; GM0614 (Westmaas, merged into Hoeksche Waard in 2019)
    # is no gemeente any more; a segment the region does not have; markup in a link is text, and long text is cut.
    at = open_app(example_db, {"regio": "ZHZ", "gemeenten": "GM0599,GM0614,gm0505,**vet**,<img src=x onerror=alert(1)>",
                               "segmenten": "ZZ"})
    assert at.session_state["filter_regio"] == "ZHZ"
    assert at.session_state["filter_gemeenten"] == ["GM0505"]          # a code typed in lower case is read
    assert _link_warnings(at) == [
        "Niet alles uit de link staat in de selectie. Rotterdam (GM0599) hoort bij Rijnmond (GRJR): kies die regio in "
        "de zijbalk, dan staat de gemeente erbij; 'GM0614', '\\*\\*VET\\*\\*' en '\\<IMG SRC=X ONERROR=A…' zijn "
        "geen gemeenten in dit dashboard (een opgeheven of samengevoegde gemeente heeft een nieuwe code); "
        "Zuid-Holland Zuid heeft geen segment 'ZZ'."]
    # Said once: the next run (any click) no longer repeats it, and the URL now holds what is shown.
    at.run()
    assert _link_warnings(at) == []
    assert at.query_params["gemeenten"] == "GM0505" and "segmenten" not in at.query_params
    # Doing what it says: Rijnmond opened in the sidebar comes with Rotterdam chosen.
    at.selectbox(key="filter_regio").set_value("GRJR").run()
    assert at.session_state["filter_gemeenten"] == ["GM0599"]
    assert at.query_params["gemeenten"] == "GM0599"


def test_a_link_to_a_region_the_dashboard_lacks_says_so(example_db: Path) -> None:
    at = open_app(example_db, {"regio": "XYZ"})
    assert at.session_state["filter_regio"] == "ZHZ"
    assert _link_warnings(at) == [
        "Niet alles uit de link staat in de selectie. 'XYZ' is geen regio in dit dashboard; dit is Zuid-Holland Zuid."]
    assert open_app(example_db, {"regio": "grjr"}).session_state["filter_regio"] == "GRJR"   # any case


def test_a_link_that_repeats_a_gemeente_keeps_it_once_and_keeps_a_single_year(example_db) -> None:
    at = open_app(example_db, {"regio": "GRJR", "gemeenten": ",".join(["GM0599"] * 50), "jaren": "2023,2023"})
    assert at.query_params["gemeenten"] == "GM0599"
    assert at.query_params["jaren"] == "2023,2023"
