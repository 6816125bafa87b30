"""The KPI pages in a real browser: on the Doel page, choosing another gemeente in the sidebar changes the
status of the target and redraws the chart; the Wachttijd page draws its box plots. Runs on the shared
example server (tests/conftest.py): example data with a fixed seed, so the statuses are deterministic."""

from __future__ import annotations

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
    run_in_browser,
    screenshot,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

DOELEN = "Halen we het doel van minder residentiële zorg?"
WACHTTIJDEN = "Hoe lang wachten jeugdigen, en hoe lang duurt verblijf?"
FIRST_RENDER_MS = 60_000


@dataclass(frozen=True)
class KpiServer:
    server: Server
    statuses: dict[str, tuple[str, str]]   # gemeente_code -> (naam, status as the metric shows it)




def _statuses(db_path: Path) -> dict[str, tuple[str, str]]:
    """The status of the page's default target (the first GRJR residential target, with its own base year,
    judged up to the default last year) for a selection of each single gemeente."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        doel = queries.doelen(con, "GRJR").query("kpi == 'residentieel_volume'").iloc[0]
        last = queries.standaard_jaar(con, "GRJR")
        out = {}
        for code, naam in queries.gemeenten(con, "GRJR")[["gemeente_code", "naam"]].itertuples(index=False):
            frame = queries.doel_status(con, "GRJR", [code], "residentieel_volume", doel["segment_code"],
                                        int(doel["basisjaar"]), int(doel["doeljaar"]), float(doel["wijziging_pct"]), last)
            out[code] = (naam, frame.loc[frame["niveau"] == "selectie", "status"].iloc[0].capitalize())
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def kpi_server(example_server: Server) -> KpiServer:
    return KpiServer(example_server, _statuses(example_server.snapshot))






def title(page: object) -> object:
    return page.locator('[data-testid="stMain"] h1')


def charts(page: object) -> object:
    return page.locator('[data-testid="stMain"] [data-testid="stPlotlyChart"] .js-plotly-plot')


def status_metric(page: object) -> object:
    return page.locator('[data-testid="stMain"] [data-testid="stMetric"]').filter(has_text="Status ")


def gemeente_select(page: object) -> object:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Gemeenten")


def _two_gemeenten(statuses: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """Rotterdam (or else the first gemeente) and the first gemeente by name whose status differs from it."""
    first = "GM0599" if "GM0599" in statuses else min(statuses)
    others = sorted((naam, code) for code, (naam, status) in statuses.items() if status != statuses[first][1])
    if not others:
        pytest.fail(f"every GRJR gemeente has the same status in the example data: {statuses}")
    return first, others[0][1]


def test_choosing_another_gemeente_changes_the_target_status(kpi_server: KpiServer, tmp_path: Path) -> None:
    print(f"streamlit log: {kpi_server.server.log}")
    a, b = _two_gemeenten(kpi_server.statuses)
    assert kpi_server.statuses[a][1] != kpi_server.statuses[b][1]
    run_in_browser(partial(switch_gemeente, url=kpi_server.server.url, a=(a, *kpi_server.statuses[a]),
                           b=(b, *kpi_server.statuses[b]), shots=tmp_path), tmp_path)


def switch_gemeente(page: object, url: str, a: tuple[str, str, str], b: tuple[str, str, str], shots: Path) -> None:
    (code_a, naam_a, status_a), (code_b, naam_b, status_b) = a, b
    page.goto(f"{url}/doelen?regio=GRJR&gemeenten={code_a}")
    expect(title(page)).to_have_text(DOELEN, timeout=FIRST_RENDER_MS)
    value = status_metric(page).locator('[data-testid="stMetricValue"]')
    expect(value).to_have_text(status_a, timeout=FIRST_RENDER_MS)
    expect(status_metric(page).locator('[data-testid="stMetricLabel"]')).to_contain_text(f"Status {naam_a}:")
    chart = charts(page).first
    expect(chart).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(chart.locator(".gtitle")).to_contain_text(naam_a)
    screenshot(page, shots / "doelen_a.png")

    select = gemeente_select(page)
    select.get_by_role("button", name=f"Remove {naam_a}").click()
    # Without a gemeente the page shows the whole region.
    expect(status_metric(page).locator('[data-testid="stMetricLabel"]')).to_contain_text("Status Regio Rijnmond (GRJR)",
                                                                                         timeout=RERUN_MS)
    select.get_by_role("combobox", name="Gemeenten").click()
    page.keyboard.type(naam_b)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")          # close the option list (for the screenshot)

    expect(status_metric(page).locator('[data-testid="stMetricLabel"]')).to_contain_text(f"Status {naam_b}:",
                                                                                         timeout=RERUN_MS)
    expect(value).to_have_text(status_b)
    assert value.inner_text() != status_a
    expect(select).to_contain_text(naam_b)
    expect(page).to_have_url(re.compile(rf"[?&]gemeenten={code_b}(&|$)"))
    # The chart is drawn again, for the new gemeente.
    expect(chart).to_be_visible()
    expect(chart.locator(".gtitle")).to_contain_text(naam_b)
    screenshot(page, shots / "doelen_b.png")


def test_wachttijden_draws_box_plots(kpi_server: KpiServer, tmp_path: Path) -> None:
    print(f"streamlit log: {kpi_server.server.log}")
    run_in_browser(partial(wachttijden, url=kpi_server.server.url, shots=tmp_path), tmp_path)


def wachttijden(page: object, url: str, shots: Path) -> None:
    page.goto(f"{url}/wachttijden?regio=GRJR")
    expect(title(page)).to_have_text(WACHTTIJDEN, timeout=FIRST_RENDER_MS)
    expect(charts(page).nth(1)).to_be_visible(timeout=FIRST_RENDER_MS)
    assert charts(page).count() >= 2
    # The second chart of the first tab is the box plot of waiting time per segment.
    expect(charts(page).nth(1).locator(".gtitle")).to_contain_text("Spreiding van de wachttijd per segment")
    expect(charts(page).nth(1).locator(".boxlayer .trace").first).to_be_visible()
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Voorbeelddata (fictief)")).to_be_visible()
    screenshot(page, shots / "wachttijden.png")
