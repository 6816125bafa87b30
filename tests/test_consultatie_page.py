"""AppTest of the consultation page (pages/consultatie.py) and of the 'Wat zeiden de raden hierover?' panel
on the Uitgaven page, against the example database (defaults with the consultation files, plus the example
data), shared by the modules that only read it (tests/conftest.py). Expected counts come from the CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from jeugdhulp import themas
from loaders.defaults import SOURCES_DIR
from tests.test_pages import chart_titles, open_app

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

PAGE = "pages/consultatie.py"
TITLE = "Wat zeiden de raden, en wat laten de cijfers zien?"
ANSWER = "Wat de cijfers laten zien"
NO_FIGURES = "Bij dit thema horen geen cijfers"
PANEL = "Wat zeiden de raden hierover?"


def zhz_rows() -> list[dict[str, str]]:
    with (SOURCES_DIR / "consultation_zhz.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def open_page(example_db: Path, regio: str = "ZHZ") -> AppTest:
    at = open_app(example_db, {"regio": regio})
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def points_table(at: AppTest):
    """The points as the page shows them: an st.table (long summaries wrap), every cell escaped text."""
    tables = [d.value for d in at.table if "Standpunt" in d.value.columns]
    assert len(tables) == 1, [list(d.value.columns) for d in at.table]
    return tables[0]


def shown(gemeente: str, summary: str) -> tuple[str, str]:
    """A point as its row shows it (the point's number is in the downloads only)."""
    return ui.table_text(gemeente), ui.table_text(summary)


def choose(at: AppTest, theme: str) -> None:
    at.selectbox(key="consultatie_thema").set_value(theme).run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("regio", [
    "ZHZ",
    "MIJOV",
    "GRJR",   # only regional consultations: no gemeente to rank
])
def test_page_renders_per_region(example_db, regio):
    at = open_page(example_db, regio)
    assert [t.value for t in at.title] == [TITLE]
    assert at.selectbox(key="filter_regio").value == regio
    assert [t.label for t in at.tabs] == ["Wie zei wat", "Terugkerende thema's", "Standpunt en reactie",
                                          "Thema en cijfers"]
    # The default theme is the most-named one that has figures.
    theme = at.selectbox(key="consultatie_thema").value
    assert themas.measures(theme)
    assert any(s.value.startswith(ANSWER) for s in at.subheader)


def test_kostenbeheersing_shows_its_charts_and_only_its_points(example_db):
    at = open_page(example_db)
    choose(at, "kostenbeheersing")
    raised = {r["gemeente"] for r in zhz_rows() if "kostenbeheersing" in (r["theme"], r["secondary_theme"])}
    assert [s.value for s in at.subheader if s.value.startswith(ANSWER)] == [f"{ANSWER} — {len(raised)} gemeenten"]
    titles = chart_titles(at)
    assert f"Begroting en realisatie — {len(raised)} gemeenten" in titles
    assert f"Uitgaven per jeugdige — {len(raised)} gemeenten en de regio" in titles
    assert not [i for i in at.info if i.value.startswith(NO_FIGURES)]

    table = points_table(at)
    name = ui.table_text(themas.name("kostenbeheersing"))
    # Both themes in one column on screen: "Eerste; ook: tweede".
    assert all(t == name or t.startswith(f"{name}; ook") or t.endswith(f" {name}") for t in table["Thema"]), table["Thema"]
    expected = sorted(shown(r["gemeente"], r["summary_nl"]) for r in zhz_rows()
                      if "kostenbeheersing" in (r["theme"], r["secondary_theme"]))
    assert sorted(zip(table["Gemeente"], table["Samenvatting"], strict=True)) == expected


def test_every_theme_with_measures_draws_one_chart_per_measure(example_db):
    at = open_page(example_db)
    base = len(chart_titles(at)) - len(themas.measures(at.selectbox(key="consultatie_thema").value))
    for theme in [t for t in at.selectbox(key="consultatie_thema").options if themas.measures(t)]:
        choose(at, theme)
        assert len(chart_titles(at)) == base + len(themas.measures(theme)), theme


def test_theme_without_measures_says_so(example_db):
    at = open_page(example_db)
    choose(at, "governance_rol_raad")
    assert any(i.value.startswith(NO_FIGURES) for i in at.info)
    assert not [s for s in at.subheader if s.value.startswith(ANSWER)]
    table = points_table(at)
    name = ui.table_text(themas.name("governance_rol_raad"))
    # Both themes in one column on screen: "Eerste; ook: tweede".
    assert all(t == name or t.startswith(f"{name}; ook") or t.endswith(f" {name}") for t in table["Thema"]), table["Thema"]
    assert len(table) == sum("governance_rol_raad" in (r["theme"], r["secondary_theme"]) for r in zhz_rows())


def test_grouping_by_kernwaarde(example_db):
    at = open_page(example_db)
    at.radio(key="consultatie_indeling").set_value("kernwaarde").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="consultatie_indeling").value == "kernwaarde"
    assert "Punten per gemeente en kernwaarde" in chart_titles(at)
    matrix = next(d.value for d in at.dataframe if "Kernwaarde" in d.value.columns)
    assert set(matrix["Kernwaarde"]) <= {k.capitalize() for k in themas.KERNWAARDEN}     # named, as in the chart
    # The table behind the chart shows Dutch-formatted text; algemeen has no kernwaarde.
    assert matrix["Punten"].astype(int).sum() == sum(r["theme"] != "algemeen" for r in zhz_rows())


@pytest.mark.parametrize(("gemeenten", "gemeente"), [("GM0505", "Dordrecht"), ("", None)], ids=["Dordrecht", "regio"])
def test_uitgaven_page_shows_what_the_councils_said(example_db, gemeenten, gemeente):
    at = open_app(example_db, {"regio": "ZHZ", "gemeenten": gemeenten} if gemeenten else {"regio": "ZHZ"})
    at.switch_page("pages/uitgaven.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # The page shows spend, spend per youth and the share per segment: the themes those answer.
    wanted = {t for m in ("uitgaven", "per_jeugdige", "segmenten") for t in themas.themes_for(m)}
    assert {"kostenbeheersing", "lokaal_regionaal", "beschikkingsvrij"} <= wanted
    expected = [r for r in zhz_rows() if gemeente in (None, r["gemeente"])
                and wanted & {r["theme"], r["secondary_theme"]}]
    assert expected, "no points to show: the check below would prove little"
    panels = [e for e in at.expander if e.label.startswith(PANEL)]
    assert [e.label for e in panels] == [f"{PANEL} ({len(expected)} {'punt' if len(expected) == 1 else 'punten'})"]
    table = panels[0].table[0].value
    assert sorted(zip(table["Gemeente"], table["Samenvatting"], strict=True)) == sorted(
        shown(r["gemeente"], r["summary_nl"]) for r in expected)
