"""Vergelijken met Nederland in a real browser, on the shared example server (its fictitious national table):
a ZHZ gemeente and a Twente gemeente, each with its four strips drawn, its figures in Dutch and the example mark;
another year redraws the chart."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from jeugdhulp import landelijk
from tests.browser_util import RERUN_MS, Server, run_in_browser, screenshot, wait_idle

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

FIRST_RENDER_MS = 60_000


def test_compare_a_zhz_and_a_twente_gemeente(example_server: Server, tmp_path: Path) -> None:
    print(f"streamlit log: {example_server.log}")
    run_in_browser(partial(flow, url=example_server.url, shots=tmp_path), tmp_path)


def chart(page: object) -> object:
    return page.locator('[data-testid="stPlotlyChart"]').first


def flow(page: object, url: str, shots: Path) -> None:
    page.goto(f"{url}/vergelijken?regio=ZHZ&gemeenten=GM0505")
    title = page.locator('[data-testid="stMain"] h1')
    expect(title).to_have_text("Hoe verhoudt Dordrecht zich tot Nederland?", timeout=FIRST_RENDER_MS)
    strips = chart(page)
    expect(strips.locator(".gtitle")).to_have_text("Dordrecht naast Nederland, 2024", timeout=RERUN_MS)
    # One strip per measure, each titled; the gemeente's value on white above its dot, in Dutch.
    for maat in landelijk.MATEN:
        expect(strips.get_by_text(maat.label, exact=True)).to_be_visible()
    expect(strips.locator(".annotation-text").filter(has_text=re.compile(r"^€\s\d{1,2}\.\d{3}$")).first).to_be_visible()
    expect(strips.locator(".annotation-text").filter(has_text="VOORBEELDDATA (FICTIEF)")).to_be_visible()
    expect(strips.locator(".legendtext").filter(has_text="P10–P90 van alle gemeenten")).to_be_visible()
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics).to_have_count(4)
    expect(metrics.first).to_contain_text(re.compile(r"P\d+ van 342 gemeenten · Nederland \d+,\d"))
    screenshot(page, shots / "vergelijken_dordrecht.png")

    wait_idle(page)
    page.get_by_role("combobox", name="Jaar").click()
    page.get_by_role("option", name="2021", exact=True).click()
    expect(strips.locator(".gtitle")).to_have_text("Dordrecht naast Nederland, 2021", timeout=RERUN_MS)
    expect(page.get_by_text("valt nog onder het oude woonplaatsbeginsel")).to_be_visible()

    page.goto(f"{url}/vergelijken?regio=TWENTE&gemeenten=GM0153")
    expect(title).to_have_text("Hoe verhoudt Enschede zich tot Nederland?", timeout=FIRST_RENDER_MS)
    expect(chart(page).locator(".gtitle")).to_have_text("Enschede naast Nederland, 2024", timeout=RERUN_MS)
    expect(page.get_by_text("Regio Twente · 2024 (voorlopige cijfers)")).to_be_visible()
    screenshot(page, shots / "vergelijken_enschede.png")
