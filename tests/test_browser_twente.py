"""A region the seed documents do not cover, in a real browser (issue 15): a Twente controller signs in, uploads
the region's segment list, population, spend (a pivot table) and trajecten with product codes only in one go;
Twente then comes first in the region choice with the other regions that have figures, its pages show its own
segments, and the Gemeenteprofiel's map draws the 14 Twente gemeenten. Own server and database."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests import twente
from tests.browser_util import RERUN_MS, Server, run_in_browser, screenshot, serve_example, wait_idle

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PASSWORD = "browser-test-wachtwoord"  # noqa: S105 - a test password
FIRST_RENDER_MS = 60_000
# The spend file first: it names the region's own segments, which the segment list after it brings (the import
# tries it again once that list is in).
FILES = {"realisatie_twente.xlsx": twente.uitgaven, "segmenten_twente.csv": twente.segmenten,
         "trajecten_twente.xlsx": twente.trajecten, "bevolking_twente.csv": twente.bevolking}


@pytest.fixture(scope="module")
def twente_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve_example(tmp_path_factory.mktemp("browser_twente"), JEUGDHULP_CONTROLLER_WACHTWOORD=PASSWORD,
                       JEUGDHULP_CONTROLLERS=None) as server:
        yield server


def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def nav(page: object, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]').filter(
        has_text=re.compile(f"{re.escape(name)}$")).click()


def test_a_twente_controller_loads_the_region_and_sees_it_on_every_page(twente_server: Server, tmp_path: Path) -> None:
    print(f"streamlit log: {twente_server.log}")
    paths = []
    for name, make in FILES.items():
        (tmp_path / name).write_bytes(make())
        paths.append(str(tmp_path / name))
    run_in_browser(partial(flow, url=twente_server.url, paths=paths, shots=tmp_path), tmp_path, timeout_s=240)


def flow(page: object, url: str, paths: list[str], shots: Path) -> None:
    started = time.monotonic()

    def shoot(name: str) -> None:
        screenshot(page, shots / name)
        print(f"{time.monotonic() - started:5.1f} s: {name}")

    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{url}/inlezen")
    expect(main(page).locator("h1")).to_have_text("Gegevens inlezen", timeout=FIRST_RENDER_MS)
    shoot("0-voor.png")

    page.get_by_label("Wachtwoord voor controllers").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(main(page)).to_contain_text("Aangemeld als controller (wachtwoord).", timeout=RERUN_MS)
    wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(paths)
    expect(page.get_by_role("button", name="Inlezen", exact=True)).to_be_enabled(timeout=RERUN_MS)
    page.get_by_role("button", name="Inlezen", exact=True).click()
    for name in FILES:
        expect(main(page).locator('[data-testid="stAlert"]').filter(has_text=f"{name} is ingelezen")).to_be_visible(
            timeout=120_000)
    shoot("1-ingelezen.png")

    # The link of the spend file opens Uitgaven on Twente 2022-2024, with Twente's own segments.
    page.get_by_role("button", name="Bekijk realisatie_twente.xlsx: Twente, 2022–2024").click()
    expect(main(page).locator("h1")).to_have_text("Waar gaat het geld voor jeugdhulp naartoe?", timeout=RERUN_MS)
    expect(page.get_by_role("combobox", name="Regio")).to_have_value("Twente")
    wait_idle(page)
    # Twente has figures now: among the first regions of the choice (those with figures come first).
    page.get_by_role("combobox", name="Regio").click()
    options = page.get_by_role("option").all_inner_texts()
    assert options[:4] == ["Midden-IJssel/Oost-Veluwe", "Rijnmond (GRJR)", "Twente", "Zuid-Holland Zuid"], options[:6]
    page.keyboard.press("Escape")
    wait_idle(page)
    page.get_by_role("tab", name="Per segment").click()
    expect(main(page)).to_contain_text("Verblijf met behandeling", timeout=RERUN_MS)
    shoot("2-uitgaven-twente.png")

    # The profile of Hengelo: the region's map draws Twente's 14 gemeenten.
    nav(page, "Gemeenteprofiel")
    expect(main(page).locator("h1")).to_contain_text("ervoor", timeout=RERUN_MS)
    wait_idle(page)
    page.get_by_role("tab", name="Kaart").click()
    plot = main(page).locator(".js-plotly-plot")
    expect(plot).to_have_count(1, timeout=RERUN_MS)
    wait_idle(page)
    locations = page.evaluate("""() => Array.from(document.querySelector('[data-testid="stMain"] .js-plotly-plot')
        .data.flatMap(t => Array.from(t.locations ?? [])))""")
    assert len(set(locations)) == 14 and "GM0153" in locations, locations
    shoot("3-kaart-twente.png")

    # The waits and the residential target, from product codes alone.
    nav(page, "Doel residentiële zorg")
    expect(main(page).locator("h1")).to_be_visible(timeout=RERUN_MS)
    wait_idle(page)
    expect(main(page).locator('[data-testid="stException"]')).to_have_count(0)
    expect(main(page).locator(".js-plotly-plot").first).to_be_visible(timeout=RERUN_MS)
    shoot("4-doel-twente.png")
