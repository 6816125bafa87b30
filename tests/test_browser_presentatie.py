"""The presenter's flow in a real browser: two charts from the Uitgaven page to the presentation, ordered
on the Presentatie page, shown as a slide show (large title, arrow keys, a reload keeps the slide), and
both exports downloaded: the PowerPoint holds native charts with the database's numbers, the HTML file
runs with every network request blocked. Runs on the shared example server (tests/conftest.py)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import queries
from tests.browser_util import (
    RERUN_MS,
    Server,
    download,
    run_in_browser,
    screenshot,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
pptx = pytest.importorskip("pptx")
XL_CHART_TYPE = pytest.importorskip("pptx.enum.chart").XL_CHART_TYPE
expect = sync_api.expect

UITGAVEN = "Waar gaat het geld voor jeugdhulp naartoe?"
FIRST_RENDER_MS = 60_000
MIN_TITLE_PX = 28


@dataclass(frozen=True)
class Expected:
    """The two charts as the database gives them for the default selection (Zuid-Holland Zuid, default years)."""

    per_jeugdige_title: str
    per_jeugdige_years: list[str]
    per_jeugdige: dict[str, list[float | None]]      # series name -> realisatie per jeugdige per year
    per_gemeente_title: str
    per_gemeente: dict[str, float | None]            # gemeente name -> realisatie per jeugdige, last year


@dataclass(frozen=True)
class PresentatieServer:
    server: Server
    expected: Expected


def _number(value: object) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _expected(db_path: Path) -> Expected:
    """Straight from the queries the Uitgaven page runs, with the filter bar's default years."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        years = queries.jaren(con, "ZHZ")
        last = queries.standaard_jaar(con, "ZHZ") or years[-1]
        first = max(years[0], last - 6)
        trend = queries.uitgaven_trend(con, "ZHZ", [], [], first, last)
        realisatie = trend[trend["soort"] == "realisatie"].sort_values("jaar")
        per_gemeente = queries.uitgaven_per_gemeente(con, "ZHZ", [], last)
    finally:
        con.close()
    return Expected(
        per_jeugdige_title="Uitgaven per jeugdige — Regio Zuid-Holland Zuid",
        per_jeugdige_years=[str(y) for y in realisatie["jaar"]],
        # The selection is the whole region, so the chart draws one line, not the same line twice.
        per_jeugdige={"Hele regio": [_number(v) for v in realisatie["regio_eur_per_jeugdige"]]},
        per_gemeente_title=f"Uitgaven per jeugdige per gemeente, {last}",
        per_gemeente={naam: _number(v) for naam, v in zip(per_gemeente["gemeente"], per_gemeente["eur_per_jeugdige"],
                                                          strict=True)},
    )


@pytest.fixture(scope="module")
def presentatie_server(example_server: Server) -> PresentatieServer:
    return PresentatieServer(example_server, _expected(example_server.snapshot))


def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def title(page: object) -> object:
    return main(page).locator("h1")


def toast(page: object, text: str) -> object:
    return page.locator('[data-testid="stToast"]').filter(has_text=text)


def add_button(page: object, chart_key: str) -> object:
    """The "Naar presentatie" button under one chart (Streamlit also keeps a hidden copy of a button with
    help text for measuring; the role query finds only the visible one)."""
    return page.locator(f".st-key-{chart_key}_dia").get_by_role("button", name="Naar presentatie")


def keyed_button(page: object, key: str) -> object:
    """A button by its key (its accessible name also carries the keyboard shortcut it shows)."""
    return page.locator(f".st-key-{key}").get_by_role("button")


def expect_listed(page: object, titles: list[str]) -> None:
    """The compose view lists exactly these slide titles, top to bottom (each row shows its title in bold)."""
    bold = main(page).locator('[data-testid="stMarkdownContainer"] strong')
    listed = bold.filter(has_text=re.compile("^(" + "|".join(re.escape(t) for t in titles) + ")$"))
    expect(listed).to_have_text(titles, timeout=RERUN_MS)


def shows_slide(page: object, heading: str, number: int, total: int) -> None:
    expect(title(page)).to_have_text(heading, timeout=RERUN_MS)
    expect(main(page).get_by_text(f"Dia {number} van {total}", exact=True)).to_be_visible()
    expect(main(page).locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
    # With the sidebar hidden the chart spans the screen (Plotly may first draw at the old width, then resize).
    page.wait_for_function(
        """() => {
             const main = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
             const svg = document.querySelector('[data-testid="stPlotlyChart"] .main-svg').getBoundingClientRect();
             return svg.width >= 0.85 * main.width;
           }""", timeout=RERUN_MS)


def test_presenter_collects_shows_and_exports(presentatie_server: PresentatieServer, tmp_path: Path) -> None:
    print(f"streamlit log: {presentatie_server.server.log}")
    run_in_browser(partial(present, url=presentatie_server.server.url, expected=presentatie_server.expected,
                           tmp_path=tmp_path), tmp_path)


def present(page: object, url: str, expected: Expected, tmp_path: Path) -> None:
    """Runs in run_in_browser's thread; a failure is re-raised in the test."""
    first, second = expected.per_jeugdige_title, expected.per_gemeente_title

    # 1. Two charts from the Uitgaven page.
    page.goto(f"{url}/uitgaven")
    expect(title(page)).to_have_text(UITGAVEN, timeout=FIRST_RENDER_MS)
    add_button(page, "uitgaven_per_jeugdige").click()
    expect(toast(page, "Toegevoegd als dia 1.")).to_be_visible(timeout=RERUN_MS)
    page.get_by_role("tab", name="Per gemeente").click()
    add_button(page, "uitgaven_per_gemeente").click()
    expect(toast(page, "Toegevoegd als dia 2.")).to_be_visible(timeout=RERUN_MS)
    expect(page).to_have_url(re.compile(r"[?&]presentatie=[A-Za-z0-9_-]{8,}"))
    screenshot(page, tmp_path / "1-uitgaven-toasts.png")

    # 2. The Presentatie page lists them in the order they were added.
    page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]').filter(has_text="Presentatie").click()
    expect(title(page)).to_have_text("Presentatie", timeout=RERUN_MS)
    expect(main(page).get_by_text("Dia's (2)", exact=True)).to_be_visible()
    expect_listed(page, [first, second])
    screenshot(page, tmp_path / "2-samenstellen.png")

    # 3. The slide show: a large title, arrow keys and buttons, and a reload keeps the slide.
    page.get_by_role("button", name="Diavoorstelling").click()
    expect(title(page)).to_have_text("Jeugdhulp in regio Zuid-Holland Zuid", timeout=RERUN_MS)   # the title slide
    expect(main(page).get_by_text("Titeldia", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]dia=0(&|$)"))
    screenshot(page, tmp_path / "3-titeldia.png")
    page.keyboard.press("ArrowRight")
    shows_slide(page, first, 1, 2)
    font_px = title(page).evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    assert font_px >= MIN_TITLE_PX, f"slide title is {font_px} px"
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page).to_have_url(re.compile(r"[?&]dia=1(&|$)"))
    screenshot(page, tmp_path / "3-dia-1.png")

    page.keyboard.press("ArrowRight")
    shows_slide(page, second, 2, 2)
    expect(page).to_have_url(re.compile(r"[?&]dia=2(&|$)"))
    screenshot(page, tmp_path / "4-dia-2.png")

    keyed_button(page, "dia_terug").click()
    shows_slide(page, first, 1, 2)

    page.reload()
    expect(title(page)).to_have_text(first, timeout=FIRST_RENDER_MS)
    shows_slide(page, first, 1, 2)

    keyed_button(page, "dia_stop").click()
    expect(title(page)).to_have_text("Presentatie", timeout=RERUN_MS)
    expect(page).not_to_have_url(re.compile(r"[?&]dia="))
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    expect_listed(page, [first, second])

    # 4. The PowerPoint: a title slide and one native chart per slide, with the database's numbers.
    pptx_path = download(page, page.get_by_role("button", name="PowerPoint"), tmp_path)
    assert pptx_path.suffix == ".pptx"
    check_pptx(pptx_path, expected)

    # 5. The HTML file works offline: no request leaves the page, both charts draw, arrows move on.
    html_path = download(page, page.get_by_role("button", name="HTML (offline)"), tmp_path)
    assert html_path.suffix == ".html"
    check_html(page.context.new_page(), html_path, [first, second], tmp_path)


def check_pptx(path: Path, expected: Expected) -> None:
    deck = pptx.Presentation(str(path))
    slides = list(deck.slides)
    assert len(slides) == 3, f"{len(slides)} slides: a title slide and two charts expected"
    # Title and subtitle in the title slide's placeholders; the subtitle's second line counts the charts.
    assert slides[0].shapes.title.text == "Jeugdhulp in regio Zuid-Holland Zuid"
    assert slides[0].placeholders[1].text_frame.text.split("\n")[0] == "Raadsinformatiebijeenkomst"
    assert slides[0].placeholders[1].text_frame.text.split("\n")[1].startswith("2 grafieken · gemaakt op ")
    titles = [slide.shapes.title.text for slide in slides[1:]]
    assert titles == [expected.per_jeugdige_title, expected.per_gemeente_title]

    charts = [[s.chart for s in slide.shapes if s.has_chart] for slide in slides[1:]]
    assert [len(c) for c in charts] == [1, 1], "each chart slide needs one native PowerPoint chart"
    trend, per_gemeente = charts[0][0], charts[1][0]
    assert (trend.chart_type, per_gemeente.chart_type) == (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.BAR_CLUSTERED)

    plot = trend.plots[0]
    assert list(plot.categories) == expected.per_jeugdige_years
    got = {s.name: list(s.values) for s in plot.series}
    assert got.keys() == expected.per_jeugdige.keys()
    for name, values in expected.per_jeugdige.items():
        assert got[name] == pytest.approx(values), name

    plot = per_gemeente.plots[0]
    names = list(plot.categories)
    # The gemeenten, and the region's average (the dashed line on screen) as a series of its own: one bar "Regio".
    gemeenten, regio = plot.series
    got = {n: v for n, v in zip(names, gemeenten.values, strict=True) if v is not None}
    assert sorted(got) == sorted(expected.per_gemeente)
    assert got == pytest.approx(expected.per_gemeente)
    reference = [(n, v) for n, v in zip(names, regio.values, strict=True) if v is not None]
    assert [n for n, _ in reference] == ["Regio"] and regio.name.startswith("regio: € ")
    # Lowest first: PowerPoint, like the page's chart, draws the first category at the bottom; the region's bar
    # stands where its value falls.
    drawn = [g if g is not None else r for g, r in zip(gemeenten.values, regio.values, strict=True)]
    assert drawn == sorted(drawn)


def check_html(page: object, path: Path, titles: list[str], tmp_path: Path) -> None:
    requests: list[str] = []

    def block(route: object) -> None:
        requests.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://"), block)
    page.goto(path.as_uri())
    charts = page.locator(".plotly-graph-div")
    expect(charts).to_have_count(2)
    for index in range(2):
        expect(charts.nth(index).locator(".main-svg").first).to_be_attached()
    expect(page.locator("section.dia.actief h1")).to_have_text(re.compile(r"^Jeugdhulp in regio Zuid-Holland Zuid$"))
    expect(page.locator("#teller")).to_have_text("Titeldia")     # numbered as in the app: charts 1..N

    page.keyboard.press("ArrowRight")
    expect(page.locator("#dia-1 h1")).to_be_visible()
    expect(page.locator("#dia-1 h1")).to_have_text(titles[0])
    expect(page.locator("#dia-2 h1")).to_be_hidden()
    expect(page.locator("#teller")).to_have_text("Dia 1 van 2")
    expect(page.locator("#dia-1 .main-svg").first).to_be_visible()
    # The chart fills the slide without covering the source line under it (Plotly resizes on showing a slide).
    page.wait_for_function(
        """() => {
             const svg = document.querySelector('#dia-1 .main-svg').getBoundingClientRect();
             const bron = document.querySelector('#dia-1 .bron').getBoundingClientRect();
             return svg.width > 0.8 * window.innerWidth && svg.bottom <= bron.top + 1 && bron.bottom <= window.innerHeight;
           }""", timeout=5_000)
    expect(page.locator("#dia-1 .bron")).to_have_text(re.compile(r"^Bron: \S"))
    screenshot(page, tmp_path / "5-html-dia-1.png")
    assert requests == [], f"the offline HTML asked the network for {requests}"
