"""The Gemeenteprofiel in a real browser: a link with ?gemeenten= opens that profile, the map is drawn offline
(one path per gemeente of the region), and clicking a gemeente on the map opens its profile, also one of
another region on the map of the Netherlands. Runs on the shared example server (tests/conftest.py)."""

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
    wait_idle,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

FIRST_RENDER_MS = 60_000
# A point inside the drawn shape of a gemeente (found with the SVG's own hit test), in page coordinates.
POINT_IN_GEMEENTE = """([code, nth]) => {
  const paths = [...document.querySelectorAll('path.choroplethlocation')].filter(p => p.__data__ && p.__data__.loc === code);
  const path = paths[nth];
  if (!path) return null;
  const box = path.getBBox(), matrix = path.getScreenCTM();
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const point = new DOMPoint(box.x + box.width * i / 20, box.y + box.height * j / 20);
    if (path.isPointInFill(point)) { const s = point.matrixTransform(matrix); return [s.x, s.y]; }
  }
  return null;
}"""


@dataclass(frozen=True)
class ProfielServer:
    server: Server
    zhz: dict[str, str]          # gemeente_code -> naam, the region of the link
    rotterdam: str


@pytest.fixture(scope="module")
def profiel_server(example_server: Server) -> ProfielServer:
    con = duckdb.connect(str(example_server.snapshot), read_only=True)
    try:
        zhz = dict(queries.gemeenten(con, "ZHZ")[["gemeente_code", "naam"]].itertuples(index=False))
        rotterdam = queries.gemeenten(con, "GRJR").set_index("gemeente_code").at["GM0599", "naam"]
    finally:
        con.close()
    return ProfielServer(example_server, zhz, rotterdam)


def title(page: object) -> object:
    return page.locator('[data-testid="stMain"] h1')


def maps(page: object) -> object:
    return page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator("path.choroplethlocation"))


def click_gemeente(page: object, chart: object, code: str, nth: int = 0) -> None:
    wait_idle(page)                         # a map redrawn by a rerun under the mouse loses the click
    chart.scroll_into_view_if_needed()      # a mouse click lands only inside the viewport
    point = page.evaluate(POINT_IN_GEMEENTE, [code, nth])
    assert point is not None, f"{code} is not drawn on the map"
    page.mouse.click(*point)


def expect_outlined(page: object, code: str) -> None:
    """The chosen gemeente is outlined on every map that draws it (after the rerun has finished drawing)."""
    page.wait_for_function("""(code) => {
      const paths = [...document.querySelectorAll('path.choroplethlocation')].filter(p => p.__data__.loc === code);
      return paths.length > 0 && paths.every(p => parseFloat(p.style.strokeWidth) > 3);
    }""", arg=code, timeout=RERUN_MS)


def open_kaart(page: object, url: str, naam: str) -> None:
    page.goto(url)
    expect(title(page)).to_contain_text(f"Hoe staat {naam} ervoor", timeout=FIRST_RENDER_MS)
    page.get_by_role("tab", name="Kaart").click()
    expect(maps(page).first).to_be_visible(timeout=FIRST_RENDER_MS)


def test_map_click_opens_another_profile(profiel_server: ProfielServer, tmp_path: Path) -> None:
    print(f"streamlit log: {profiel_server.server.log}")
    run_in_browser(partial(regio_map, url=profiel_server.server.url, zhz=profiel_server.zhz, shots=tmp_path), tmp_path)


def regio_map(page: object, url: str, zhz: dict[str, str], shots: Path) -> None:
    open_kaart(page, f"{url}/gemeente?gemeenten=GM0505", zhz["GM0505"])
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0505(&|$)"))
    regio = maps(page).first
    # Drawn without network (plotly.js would fetch a base map from a CDN): one shape per gemeente of the region.
    expect(regio.locator("path.choroplethlocation")).to_have_count(len(zhz))
    expect(regio.locator(".gtitle")).to_contain_text("regio Zuid-Holland Zuid")
    expect_outlined(page, "GM0505")
    screenshot(page, shots / "kaart_dordrecht.png")

    click_gemeente(page, regio, "GM0512")
    expect(title(page)).to_contain_text(f"Hoe staat {zhz['GM0512']} ervoor", timeout=RERUN_MS)
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0512(&|$)"))
    expect(page.get_by_role("combobox", name="Gemeente", exact=True)).to_have_value(zhz["GM0512"])
    # The click is the filter bar's choice too: the sidebar shows it.
    gemeenten = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    expect(gemeenten).to_contain_text(zhz["GM0512"])
    expect(gemeenten).not_to_contain_text(zhz["GM0505"])
    expect(maps(page).first.locator("path.choroplethlocation")).to_have_count(len(zhz))
    expect_outlined(page, "GM0512")
    screenshot(page, shots / "kaart_gorinchem.png")
    page.go_back()   # Back: Dordrecht's profile again, in the sidebar too
    expect(title(page)).to_contain_text(f"Hoe staat {zhz['GM0505']} ervoor", timeout=RERUN_MS)
    expect(gemeenten).to_contain_text(zhz["GM0505"])
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0505(&|$)"))


def test_click_in_another_region_switches_the_region(profiel_server: ProfielServer, tmp_path: Path) -> None:
    print(f"streamlit log: {profiel_server.server.log}")
    run_in_browser(partial(nederland_map, url=profiel_server.server.url, zhz=profiel_server.zhz,
                           rotterdam=profiel_server.rotterdam, shots=tmp_path), tmp_path)


def nederland_map(page: object, url: str, zhz: dict[str, str], rotterdam: str, shots: Path) -> None:
    open_kaart(page, f"{url}/gemeente?gemeenten=GM0505", zhz["GM0505"])
    page.get_by_role("tab", name="Nederland").click()
    # Only the open tab is drawn: the map of the Netherlands replaces the region's (which holds ZHZ only).
    nederland = maps(page).first
    expect(nederland.locator("path.choroplethlocation")).to_have_count(342, timeout=RERUN_MS)   # every gemeente of 2025
    expect(maps(page)).to_have_count(1)
    # Title, map and legend fit a projector of 1280 x 720 at once (at 820 px the map never did).
    assert nederland.bounding_box()["height"] <= 620
    click_gemeente(page, nederland, "GM0599")
    expect(title(page)).to_contain_text(f"Hoe staat {rotterdam} ervoor", timeout=RERUN_MS)
    expect(page.get_by_role("combobox", name="Regio")).to_have_value("Rijnmond (GRJR)")
    expect(page).to_have_url(re.compile(r"[?&]regio=GRJR(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0599(&|$)"))
    expect_outlined(page, "GM0599")
    screenshot(page, shots / "kaart_rotterdam.png")

    # The browser's Back button goes back to Dordrecht's profile, region and all (it used to stay on Rotterdam, the
    # app writing the current choice over the URL the browser went back to).
    page.go_back()
    expect(title(page)).to_contain_text(f"Hoe staat {zhz['GM0505']} ervoor", timeout=RERUN_MS)
    expect(page.get_by_role("combobox", name="Regio")).to_have_value("Zuid-Holland Zuid")
    expect(page).to_have_url(re.compile(r"[?&]regio=ZHZ(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0505(&|$)"))
    wait_idle(page)
    expect(title(page)).to_contain_text(f"Hoe staat {zhz['GM0505']} ervoor")
    page.go_forward()
    expect(title(page)).to_contain_text(f"Hoe staat {rotterdam} ervoor", timeout=RERUN_MS)
    expect(page).to_have_url(re.compile(r"[?&]gemeenten=GM0599(&|$)"))


def test_click_on_a_grey_gemeente_says_why_nothing_opens(profiel_server: ProfielServer, tmp_path: Path) -> None:
    print(f"streamlit log: {profiel_server.server.log}")
    run_in_browser(partial(grey_click, url=profiel_server.server.url, zhz=profiel_server.zhz, shots=tmp_path), tmp_path)


def grey_click(page: object, url: str, zhz: dict[str, str], shots: Path) -> None:
    # Amsterdam (GM0363) is grey: no figures of its region in the example data. A click used to change nothing
    # without a word; the reader is told why, and the profile stays.
    open_kaart(page, f"{url}/gemeente?gemeenten=GM0505", zhz["GM0505"])
    page.get_by_role("tab", name="Nederland").click()
    nederland = maps(page).first
    expect(nederland.locator("path.choroplethlocation")).to_have_count(342, timeout=RERUN_MS)
    click_gemeente(page, nederland, "GM0363")
    expect(page.locator('[data-testid="stToast"]')).to_contain_text("geen gegevens in dit dashboard", timeout=RERUN_MS)
    screenshot(page, shots / "kaart_grijs.png")
    expect(title(page)).to_contain_text(f"Hoe staat {zhz['GM0505']} ervoor")
    expect(page).to_have_url(re.compile(r"[?&]regio=ZHZ(&|$)"))
