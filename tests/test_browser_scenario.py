"""Issue 16's scenario in a real browser, as a councillor of Rotterdam does it: open Wat als?, see the region's
targets as the starting knobs, move the residential knob one step with the keyboard, see the total and the chart
change to what the arithmetic gives, visit another page and come back (the scenario is kept), and open the address
in a fresh browser: the same scenario. Runs on the shared
example server (tests/conftest.py); the expected figures come from its snapshot."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import fmt
from jeugdhulp.pagedata import scenario as pagedata
from jeugdhulp.selectie import Selectie
from tests.browser_util import RERUN_MS, Server, run_in_browser, screenshot, wait_idle

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

FIRST_RENDER_MS = 60_000
ROTTERDAM = Selectie("GRJR", "Rijnmond (GRJR)", ("GM0599",), ("Rotterdam",), 2019, 2025, ())
PATH = "/scenario?regio=GRJR&gemeenten=GM0599&jaren=2019%2C2025"


def expected(snapshot: Path, residentieel: float) -> tuple[str, list[float]]:
    """The metric's text and the scenario line's values (€ mln, from the last known year) for the GRJR targets with
    `residentieel` as the residential change."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        data = pagedata.load(con, ROTTERDAM, residentieel=residentieel, pleegzorg=0.3)
    finally:
        con.close()
    reeks = data.reeks()
    last_known = float(reeks["werkelijk"].dropna().iloc[-1])
    line = [last_known / 1e6, *(v / 1e6 for v in data.scenario.totaal("scenario"))]
    return fmt.eur_compact(data.scenario.totaal("scenario")[-1]), line


def scenario_line(page: object) -> list[float]:
    """The y values of the trace 'Scenario' in the totals chart, as plotly drew them (waiting until it has: a chart
    below the fold can be drawn after the script is idle)."""
    return page.wait_for_function("""() => {
        const plot = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => (p.layout?.title?.text || '').startsWith('Uitgaven in het scenario'));
        const line = plot?.data?.find(t => t.name === 'Scenario');
        return line ? [...line.y] : null;
    }""", timeout=RERUN_MS).json_value()


def metric_value(page: object) -> object:
    return (page.locator('[data-testid="stMain"] [data-testid="stMetric"]')
            .filter(has_text="in het scenario").locator('[data-testid="stMetricValue"]'))


def knob(page: object, label: str) -> object:
    return page.locator('[data-testid="stMain"] [data-testid="stSlider"]').filter(has_text=label)


def test_a_knob_changes_the_total_and_the_chart_and_the_link_reproduces_it(example_server: Server,
                                                                           tmp_path: Path) -> None:
    before = expected(example_server.snapshot, -0.30)
    after = expected(example_server.snapshot, -0.35)
    assert before[0] != after[0], "one step of the knob must show in the total"
    run_in_browser(partial(flow, url=example_server.url, before=before, after=after, shots=tmp_path), tmp_path)


def flow(page: object, url: str, before: tuple[str, list[float]], after: tuple[str, list[float]], shots: Path) -> None:
    page.goto(url + PATH)
    expect(page.locator('[data-testid="stMain"] h1')).to_have_text("Wat als de inzet van jeugdhulp verandert?",
                                                                    timeout=FIRST_RENDER_MS)
    expect(metric_value(page)).to_have_text(before[0], timeout=FIRST_RENDER_MS)
    residential = knob(page, "Residentiële zorg")
    expect(residential.locator('[data-testid="stSliderThumbValue"]')).to_have_text("-30%")
    wait_idle(page)
    assert scenario_line(page) == pytest.approx(before[1])
    screenshot(page, shots / "scenario_voor.png")

    residential.get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")           # one step: -35%
    expect(residential.locator('[data-testid="stSliderThumbValue"]')).to_have_text("-35%", timeout=RERUN_MS)
    expect(metric_value(page)).to_have_text(after[0], timeout=RERUN_MS)
    wait_idle(page)
    assert scenario_line(page) == pytest.approx(after[1])
    assert "residentieel=-35" in page.url and "pleegzorg=30" in page.url
    rows = page.evaluate("() => document.body.innerText")
    assert "Aannames en effect in 2028" in rows
    screenshot(page, shots / "scenario_na.png")

    # To another page and back through the sidebar: the scenario is still there.
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Prognose", exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1')).to_have_text(
        "Wat kost jeugdhulp de komende jaren als er niets verandert?", timeout=RERUN_MS)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Wat als? (scenario)").click()
    expect(residential.locator('[data-testid="stSliderThumbValue"]')).to_have_text("-35%", timeout=RERUN_MS)
    expect(metric_value(page)).to_have_text(after[0], timeout=RERUN_MS)

    # The address, opened in a fresh browser context (no session, no cache of this tab): the same scenario.
    link = page.url
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL").new_page()
    fresh.goto(link)
    expect(metric_value(fresh)).to_have_text(after[0], timeout=FIRST_RENDER_MS)
    expect(knob(fresh, "Residentiële zorg").locator('[data-testid="stSliderThumbValue"]')).to_have_text("-35%")
    wait_idle(fresh)
    assert scenario_line(fresh) == pytest.approx(after[1])
    print(json.dumps({"voor": before[0], "na": after[0], "link": link}))
