"""Issue 17 end to end, as a newcomer does it in a real browser: from a fresh start on the default data, set the
controller role with the command (no restart), log in, upload a realistic Excel pivot export, open the ready-made
deck of what was loaded, start the slide show and download the PowerPoint. Each step's content is asserted; the
clicks and the wall time are printed (the issue's goal, <= 8 clicks and <= 60 s, is measured, not asserted)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from jeugdhulp import fmt
from tests.browser_util import PROJECT_DIR, RERUN_MS, Server, download, run_in_browser, screenshot, serve_example
from tests.conftest import make_xlsx

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
pptx = pytest.importorskip("pptx")
expect = sync_api.expect

PASSWORD = "raadsavond-jeugdhulp-2026"  # noqa: S105 - a test password
FIRST_RENDER_MS = 60_000
# A double quote, as real exports have ("voorlopig"): the browser sends it as %22, the app must show it as typed.
FILE = 'Draaitabel realisatie jeugdhulp ZHZ 2025 "definitief".xlsx'
NEW_TITLE = "Raad 12 januari: jeugdhulp in Zuid-Holland Zuid"
YEAR = 2025
SEGMENTS = ["1", "2", "3", "4A", "4B", "5"]


def zhz_gemeenten() -> list[str]:
    with (PROJECT_DIR / "data/bronnen/gemeenten.csv").open(encoding="utf-8") as handle:
        return [row["naam"] for row in csv.DictReader(handle) if row["regio"] == "Zuid-Holland Zuid"]


def pivot_export() -> tuple[bytes, float]:
    """Excel's own pivot as a financial system's export gives it: title rows, the value field with the year,
    segments as rows, the ten gemeenten as columns, 'Eindtotaal' row and column. Returns the file and its total."""
    gemeenten = zhz_gemeenten()
    rows: list[list[object]] = [
        ["Realisatie jeugdhulp Zuid-Holland Zuid, boekjaar 2025"],
        ["Bron: financieel systeem, export 3-12-2026"],
        [],
        [f"Som van Totaal bedrag {YEAR}", "Kolomlabels"],
        ["Rijlabels", *gemeenten, "Eindtotaal"],
    ]
    total = 0.0
    columns = [0.0] * len(gemeenten)
    for s, segment in enumerate(SEGMENTS):
        values = [round(250_000 * (1 + g % 4) * (1 + s) + 1234.5 * g, 2) for g in range(len(gemeenten))]
        rows.append([segment, *values, round(sum(values), 2)])
        columns = [c + v for c, v in zip(columns, values, strict=True)]
        total += sum(values)
    rows.append(["Eindtotaal", *[round(c, 2) for c in columns], round(total, 2)])
    return make_xlsx({"Draaitabel": rows}), round(total, 2)


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """A fresh start on the default data with no controller role at all: no password in the environment, no file."""
    base = tmp_path_factory.mktemp("browser_deck")
    with serve_example(base, JEUGDHULP_CONTROLLER_WACHTWOORD=None, JEUGDHULP_CONTROLLERS=None) as server:
        yield server, base / "controller-wachtwoord"     # the password file app_env points the server at


def set_password(password_file: Path) -> subprocess.CompletedProcess[str]:
    """`python -m loaders controller`, typing the password twice (no terminal: getpass reads stdin)."""
    env = {**os.environ, "JEUGDHULP_CONTROLLERBESTAND": str(password_file)}
    return subprocess.run([sys.executable, "-m", "loaders", "controller"], input=f"{PASSWORD}\n{PASSWORD}\n",
                          capture_output=True, text=True, cwd=PROJECT_DIR, env=env, timeout=120, start_new_session=True)


def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def test_from_export_to_deck_on_the_projector(fresh_server: tuple[Server, Path], tmp_path: Path) -> None:
    server, password_file = fresh_server
    print(f"streamlit log: {server.log}")
    run_in_browser(partial(flow, url=server.url, password_file=password_file, tmp_path=tmp_path), tmp_path,
                   timeout_s=300)


def flow(page: object, url: str, password_file: Path, tmp_path: Path) -> None:
    clicks = 0
    started = time.monotonic()
    page.set_viewport_size({"width": 1400, "height": 1000})

    # 0. Without a role the upload page says in one sentence how to set one.
    page.goto(f"{url}/inlezen")
    expect(main(page).locator("h1")).to_have_text("Gegevens inlezen", timeout=FIRST_RENDER_MS)
    expect(main(page)).to_contain_text("python -m loaders controller", timeout=RERUN_MS)
    screenshot(page, tmp_path / "0-geen-rol.png")

    # 1. The command sets the role; the running app takes it at the next page view, without a restart.
    done = set_password(password_file)
    assert done.returncode == 0, done.stderr
    assert "ingesteld" in done.stdout and PASSWORD not in done.stdout + done.stderr
    page.reload()
    page.get_by_label("Wachtwoord voor controllers").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    clicks += 1
    expect(main(page)).to_contain_text("Aangemeld als controller (wachtwoord).", timeout=RERUN_MS)
    screenshot(page, tmp_path / "1-aangemeld.png")

    # 2. Upload the pivot export and load it.
    data, total = pivot_export()
    export = tmp_path / FILE
    export.write_bytes(data)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
    clicks += 1      # choosing the file
    load = page.get_by_role("button", name="Inlezen", exact=True)
    expect(load).to_be_enabled(timeout=RERUN_MS)
    load.click()
    clicks += 1
    alert = main(page).locator('[data-testid="stAlert"]').filter(has_text="is ingelezen")
    expect(alert).to_contain_text(f"{FILE} is ingelezen (inleesronde", timeout=120_000)
    expect(main(page)).to_contain_text(f"realisatie {fmt.eur(total, 2)}", timeout=RERUN_MS)
    view = page.get_by_role("button", name=f"Bekijk {FILE}: Zuid-Holland Zuid, {YEAR}")
    expect(view).to_be_visible(timeout=RERUN_MS)
    screenshot(page, tmp_path / "2-ingelezen.png")

    # 3. The ready-made deck: title slide proposed, the standard charts of the loaded data in order.
    page.get_by_role("button", name="Maak hiervan een presentatie").click()
    clicks += 1
    expect(main(page).locator("h1")).to_have_text("Presentatie", timeout=RERUN_MS)
    today = fmt.date_nl(datetime.now(UTC))
    expect(page.get_by_label("Titel van de presentatie")).to_have_value(
        f"Jeugdhulp in regio Zuid-Holland Zuid, {YEAR}", timeout=RERUN_MS)
    expect(page.get_by_label("Ondertitel")).to_have_value(f"Bron: {FILE}, ingelezen {today}")
    expect(main(page).get_by_text("Dia's (3)", exact=True)).to_be_visible()
    # One year of the whole region: no trend per youth (a single dot) and no stack of one bar per segment. The real
    # shares first; the bars per gemeente divide real spend by the example population (marked) and come after.
    expected = [f"Aandeel per segment, {YEAR} — Regio Zuid-Holland Zuid", f"Uitgaven per jeugdige per gemeente, {YEAR}",
                "Thema's naar aantal gemeenten dat ze noemde"]
    # The count above the list can be drawn before the list's last row (a full run here read two of three rows).
    expect(main(page).locator("strong").filter(has_text=expected[-1]).first).to_be_visible(timeout=RERUN_MS)
    titles = main(page).locator("strong").all_inner_texts()
    assert [t for t in titles if t in expected] == expected, titles
    expect(main(page).get_by_text(f"Bron: {FILE}, ingelezen op").first).to_be_visible()
    assert "presentatie=" in page.url and "regio=ZHZ" in page.url
    screenshot(page, tmp_path / "3-presentatie.png")

    # 4. The slide show: the title slide, then the first chart fills the screen with its source.
    page.get_by_role("button", name="Diavoorstelling").click()
    clicks += 1
    expect(main(page).locator("h1")).to_have_text(f"Jeugdhulp in regio Zuid-Holland Zuid, {YEAR}", timeout=RERUN_MS)
    expect(main(page)).to_contain_text(f"Bron: {FILE}, ingelezen {today}")
    expect(main(page)).to_contain_text("3 dia's")
    screenshot(page, tmp_path / "4-titeldia.png")
    page.keyboard.press("ArrowRight")
    expect(main(page).locator("h1")).to_have_text(expected[0], timeout=RERUN_MS)
    expect(main(page).get_by_text("Dia 1 van 3")).to_be_visible()
    expect(main(page)).to_contain_text(f"Bron. {FILE}, ingelezen op", timeout=RERUN_MS)
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_be_visible(timeout=RERUN_MS)
    screenshot(page, tmp_path / "5-dia-1.png")
    page.keyboard.press("ArrowRight")
    expect(main(page).locator("h1")).to_have_text(expected[1], timeout=RERUN_MS)
    screenshot(page, tmp_path / "6-dia-2.png")
    page.keyboard.press("End")
    expect(main(page).locator("h1")).to_have_text(expected[2], timeout=RERUN_MS)
    page.keyboard.press("Home")
    expect(main(page).get_by_text("Titeldia", exact=True)).to_be_visible(timeout=RERUN_MS)
    page.get_by_role("button", name="Stoppen").click()
    clicks += 1
    expect(main(page).locator("h1")).to_have_text("Presentatie", timeout=RERUN_MS)

    # The controller retitles the deck and, without pressing Enter, downloads it: the file has the new title.
    page.get_by_label("Titel van de presentatie").fill(NEW_TITLE)

    # 5. The PowerPoint: the title slide as retitled, then the three charts as native charts.
    deck_path = download(page, page.get_by_role("button", name="PowerPoint"), tmp_path)
    clicks += 1
    waited = time.monotonic() - started
    deck = pptx.Presentation(str(deck_path))
    texts = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]
    assert NEW_TITLE in texts[0]
    assert any(f"Bron: {FILE}, ingelezen {today}" in t for t in texts[0])
    assert len(deck.slides) == 4
    assert [any(expected[i] in t for t in texts[i + 1]) for i in range(3)] == [True] * 3
    charted = [slide for slide in list(deck.slides)[1:] if any(shape.has_chart for shape in slide.shapes)]
    assert len(charted) == 3
    print(f"flow: {clicks} clicks, {waited:.1f} s wall time from the upload page to the PowerPoint "
          "(goal: <= 8 clicks, <= 60 s)")
