"""What only a real browser shows: the app under `streamlit run` in headless Chromium — charts drawn,
the sidebar filter rerunning the page and landing in the URL, and a shared link opening the same view."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_util import CHROMIUM, CHROMIUM_ARGS, Server, serve_example

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

OVERZICHT = "Hoe staat de jeugdhulp in mijn gemeente ervoor?"
UITGAVEN = "Waar gaat het geld voor jeugdhulp naartoe?"
FIRST_RENDER_MS = 60_000  # the first page of a fresh server builds caches and draws Plotly: 10+ s is normal
RERUN_MS = 30_000


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package (never `playwright install`)")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own, not the shared one: the first test here must be its very first request,
    whatever other browser tests ran before."""
    with serve_example(tmp_path_factory.mktemp("browser_eerste")) as running:
        yield running


@pytest.fixture(scope="session")
def browser(server: Server) -> Iterator[object]:
    _require_chromium()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, server: Server, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context (so a fresh Streamlit session) per test; a screenshot is kept afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    tab = context.new_page()
    tab.set_default_timeout(RERUN_MS)
    shot = tmp_path / f"{request.node.name}.png"
    print(f"screenshot: {shot}\nstreamlit log: {server.log}")  # shown by pytest when the test fails
    yield tab
    tab.screenshot(path=str(shot), full_page=True)
    context.close()


def title(page: object) -> object:
    return page.locator('[data-testid="stMain"] h1')


def first_chart(page: object) -> object:
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first


def chart_title(page: object) -> object:
    return first_chart(page).locator(".gtitle").first


def metric_value(page: object, label: str) -> object:
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def sidebar_multiselect(page: object, label: str) -> object:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)


def open_and_wait(page: object, url: str, heading: str) -> None:
    page.goto(url)
    expect(title(page)).to_have_text(heading, timeout=FIRST_RENDER_MS)
    expect(first_chart(page)).to_be_visible(timeout=FIRST_RENDER_MS)


def test_shared_link_opens_the_same_view(page: object, server: Server) -> None:
    """Kept first in this file: on a fresh server this is the very first request, the case of a link
    shared before a restart (Streamlit then runs the page script without app.py first)."""
    open_and_wait(page, f"{server.url}/uitgaven?regio=GRJR&gemeenten=GM0599", UITGAVEN)

    expect(page.get_by_role("combobox", name="Regio")).to_have_value("Rijnmond (GRJR)")
    expect(sidebar_multiselect(page, "Gemeenten")).to_contain_text("Rotterdam")
    expect(chart_title(page)).to_contain_text("Rotterdam")
    expect(page).to_have_url(re.compile(r"[?&]regio=GRJR(&|$)"))


def test_choosing_a_gemeente_reruns_metric_chart_and_url(page: object, server: Server) -> None:
    open_and_wait(page, f"{server.url}/", OVERZICHT)
    value = metric_value(page, "Uitgaven (realisatie)")
    expect(value).to_have_text(re.compile(r"^€ \d[\d.,]* mln$"))
    before = value.inner_text()
    expect(chart_title(page)).to_contain_text("Regio Zuid-Holland Zuid")

    sidebar_multiselect(page, "Gemeenten").click()
    options = page.get_by_role("option")
    expect(options.filter(has_text="Dordrecht")).to_have_count(1)
    # Streamlit's own bulk option ("Select all", "Select 2 matches") is English; it is switched off.
    expect(options.filter(has_text=re.compile("Select|Add"))).to_have_count(0)
    page.keyboard.type("Dordrecht")
    expect(options).to_have_count(1)
    page.keyboard.press("Enter")

    expect(value).not_to_have_text(before, timeout=RERUN_MS)
    expect(value).to_have_text(re.compile(r"^€ \d[\d.,]* mln$"))
    expect(chart_title(page)).to_contain_text("Dordrecht")
    expect(sidebar_multiselect(page, "Gemeenten")).to_contain_text("Dordrecht")
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0505(&|$)"))


EMPTY_LIST_TEXT = """() => {
  const span = document.querySelector('[role="listbox"][data-empty="true"] [role="option"] span');
  if (!span) return null;
  return [getComputedStyle(span).fontSize, getComputedStyle(span, '::after').content,
          getComputedStyle(span, '::after').fontSize];
}"""


def test_a_choice_list_without_matches_says_so_in_dutch(page: object, server: Server, tmp_path: Path) -> None:
    open_and_wait(page, f"{server.url}/", OVERZICHT)
    for label in ("Gemeenten", "Regio"):
        page.locator('[data-testid="stSidebar"] :is([data-testid="stMultiSelect"], [data-testid="stSelectbox"])').filter(
            has_text=label).first.click()
        page.keyboard.type("xyzzy")
        page.wait_for_function(f"({EMPTY_LIST_TEXT})() !== null", timeout=RERUN_MS)
        # Streamlit's own "No results" is drawn at size 0; the Dutch text in its place at the list's own size.
        assert page.evaluate(EMPTY_LIST_TEXT) == ["0px", '"Niets gevonden"', "14px"], label
        if label == "Gemeenten":
            page.screenshot(path=str(tmp_path / "niets_gevonden.png"))
            print(f"screenshot: {tmp_path / 'niets_gevonden.png'}")
        page.keyboard.press("Escape")


DIALOG_TEXT = """() => {
  const dialog = document.querySelector('[data-testid="stDialog"] [role="dialog"]');
  if (!dialog) return null;
  const title = dialog.querySelector('h2'), body = title.nextElementSibling;
  return [getComputedStyle(title, '::after').content, getComputedStyle(body, '::after').content,
          getComputedStyle(title).fontSize, getComputedStyle(body).fontSize];
}"""


def test_a_link_to_a_page_that_does_not_exist_says_so_in_dutch(page: object, server: Server, tmp_path: Path) -> None:
    """A handout with a mistyped or old link (/gemeenteprofiel; the page is /gemeente): Streamlit shows the Overzicht
    under its own English box "Page not found". That box now speaks Dutch, and the page says which link it was."""
    open_and_wait(page, f"{server.url}/gemeenteprofiel", OVERZICHT)
    page.wait_for_function(f"({DIALOG_TEXT})() !== null", timeout=RERUN_MS)
    expect(page.locator('[data-testid="stDialog"] h2')).to_be_visible()
    assert page.evaluate(DIALOG_TEXT) == [
        '"Pagina niet gevonden"', '"Deze pagina bestaat niet (meer). U ziet het Overzicht."', "0px", "0px"]
    page.screenshot(path=str(tmp_path / "niet_gevonden.png"))
    print(f"screenshot: {tmp_path / 'niet_gevonden.png'}")
    expect(page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(
        has_text="De pagina 'gemeenteprofiel' bestaat niet")).to_be_visible(timeout=RERUN_MS)
    page.keyboard.press("Escape")
    expect(page.locator('[data-testid="stDialog"] [role="dialog"]')).to_have_count(0, timeout=RERUN_MS)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Uitgaven").click()
    expect(title(page)).to_have_text(UITGAVEN, timeout=RERUN_MS)
    expect(page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(has_text="bestaat niet")).to_have_count(0)

    # A crafted link does not get its own words onto the page, neither as markup nor as text.
    open_and_wait(page, f"{server.url}/Bel%200900-1234%20%3Cb%3Enu%3C%2Fb%3E%20**vet**", OVERZICHT)
    notice = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(has_text="bestaat niet")
    expect(notice).to_contain_text("De gevraagde pagina bestaat niet. U ziet het Overzicht", timeout=RERUN_MS)
    expect(notice).not_to_contain_text("0900")
    expect(notice.locator("b, strong")).to_have_count(0)


def test_uitgaven_page_from_the_sidebar(page: object, server: Server) -> None:
    open_and_wait(page, f"{server.url}/", OVERZICHT)
    page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]').filter(has_text="Uitgaven").click()

    expect(title(page)).to_have_text(UITGAVEN, timeout=RERUN_MS)
    expect(page).to_have_url(re.compile(r"/uitgaven(\?|$)"))
    expect(first_chart(page)).to_be_visible(timeout=RERUN_MS)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Voorbeelddata (fictief)")).to_be_visible()
    # The shared filter bar is still there on the new page.
    expect(page.get_by_role("combobox", name="Regio")).to_have_value("Zuid-Holland Zuid")


def test_a_chart_downloads_as_png_from_its_toolbar(page: object, server: Server) -> None:
    """The camera in a chart's toolbar saves the chart as PNG, named after it, with title and source inside."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_and_wait(page, f"{server.url}/uitgaven", UITGAVEN)
    chart = page.locator('.st-key-uitgaven_per_jeugdige_chart .js-plotly-plot')
    chart.hover()
    with page.expect_download(timeout=RERUN_MS) as download:
        chart.locator('.modebar-btn[data-title="Download de grafiek als PNG-afbeelding"]').click()
    saved = download.value
    assert saved.suggested_filename == "uitgaven-per-jeugdige.png"
    data = Path(saved.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 1000 and height > 600       # scale 2: sharp enough for a handout


def test_a_page_view_asks_no_other_host(page: object, server: Server) -> None:
    """Probe (fresh eyes): the tab's material icon made every page view fetch from fonts.gstatic.com, a third party
    told who reads which page (and a missing icon offline). Every request stays on the dashboard's own server."""
    own = server.url.split("//", 1)[1].split("/", 1)[0]
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_and_wait(page, f"{server.url}/uitgaven", UITGAVEN)
    expect(chart_title(page)).to_be_visible()
    page.wait_for_timeout(1500)     # late requests: the favicon, fonts, icons
    others = sorted({u for u in asked if not u.startswith(("data:", "blob:")) and u.split("//", 1)[1].split("/", 1)[0] != own})
    assert others == []
    icon = page.locator("link[rel='shortcut icon'], link[rel='icon']").first.get_attribute("href")
    assert icon and "gstatic" not in icon
