"""The consultation page in a real browser: under `streamlit run` in headless Chromium, the tab
'Thema en cijfers' with the theme Kostenbeheersing draws the chart that answers it and lists its points.
The shared example server (tests/conftest.py); Playwright runs in a thread of its own so it can
coexist with the session-long Playwright of tests/test_browser.py (see tests/test_browser_upload.py)."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from tests.browser_util import (
    RERUN_MS,
    Server,
    run_in_browser,
    screenshot,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

TITLE = "Wat zeiden de raden, en wat laten de cijfers zien?"
FIRST_RENDER_MS = 60_000




@pytest.fixture(scope="session")
def consultatie_server(example_server: Server) -> Server:
    return example_server






def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def test_theme_kostenbeheersing_shows_its_chart_and_points(consultatie_server: Server, tmp_path: Path) -> None:
    print(f"streamlit log: {consultatie_server.log}")
    run_in_browser(partial(theme_and_figures, url=consultatie_server.url, tmp_path=tmp_path), tmp_path)


def theme_and_figures(page: object, url: str, tmp_path: Path) -> None:
    """Runs in run_in_browser's thread; a failure is re-raised in the test."""
    page.goto(f"{url}/consultatie?regio=ZHZ")
    expect(main(page).locator("h1")).to_have_text(TITLE, timeout=FIRST_RENDER_MS)

    page.get_by_role("tab", name="Thema en cijfers").click()
    panel = main(page).get_by_role("tabpanel", name="Thema en cijfers")
    thema = panel.get_by_role("combobox", name="Thema")
    expect(thema).to_be_visible(timeout=FIRST_RENDER_MS)
    thema.click()
    page.keyboard.type("Kostenbeheersing")
    page.keyboard.press("Enter")
    expect(thema).to_have_value("Kostenbeheersing", timeout=RERUN_MS)

    chart = panel.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').filter(has_text="Begroting en realisatie")
    expect(chart).to_be_visible(timeout=RERUN_MS)
    expect(chart.locator(".gtitle")).to_contain_text("Begroting en realisatie")

    # The points as an HTML table (st.table, so long summaries wrap): both themes in column 2 ("Eerste; ook: tweede").
    points = panel.locator('[data-testid="stTable"]').filter(has_text="Standpunt")
    expect(points).to_be_visible()
    points.scroll_into_view_if_needed()
    kosten = page.locator("td:nth-child(2)").filter(
        has_text=re.compile(r"^(Kostenbeheersing(; ook: .*)?|.*; ook: Kostenbeheersing)$"))
    rows = points.locator("tbody tr")
    expect(rows.filter(has=kosten).first).to_be_attached()
    # Retried until the rerun has replaced the previous theme's table: no row without Kostenbeheersing.
    expect(rows.filter(has_not=kosten)).to_have_count(0)
    themes = rows.evaluate_all("rows => rows.map(r => r.querySelector('td:nth-child(2)').textContent.trim())")
    assert themes, "no rows in the points table"
    assert all(t == "Kostenbeheersing" or t.startswith("Kostenbeheersing; ook: ") or t.endswith("; ook: Kostenbeheersing")
               for t in themes), themes
    screenshot(page, tmp_path / "thema-kostenbeheersing.png")
