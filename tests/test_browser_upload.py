"""The upload flow as a controller does it in a real browser: log in with the shared password, upload a
faulty workbook, read the refusal and download the report with the faulty cells marked, then load a good
file and see it on the Uitgaven page; then load a large file and watch its progress until the report. Own
`streamlit run` server on a fresh temp database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from tests.browser_util import (
    RERUN_MS,
    Server,
    download,
    run_in_browser,
    screenshot,
    serve_example,
    wait_idle,
)
from tests.conftest import make_csv, make_xlsx

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PASSWORD = "browser-test-wachtwoord"  # noqa: S105 - a test password
FIRST_RENDER_MS = 60_000
REPORT_BUTTON = "Rapport met gemarkeerde cellen (Excel)"
TITLE_ROW = ["Uitgaven jeugdhulp Zuid-Holland Zuid, export uit het financiële systeem"]
HEADER = ["Gemeente", "Jaar", "Segment", "Bedrag"]
# Excel rows 1-2 are the title and header: the faulty cells are A3 ("Dordrech") and B4 ("twintig").
BAD_XLSX = make_xlsx({"uitgaven": [TITLE_ROW, HEADER, ["Dordrech", 2026, "4A", 100], ["Dordrecht", "twintig", "4A", 200]]})
GOOD_XLSX = make_xlsx({"uitgaven": [TITLE_ROW, HEADER, ["Dordrecht", 2026, "4A", 1234.56], ["Gorinchem", 2026, "4B", 500]]})
RED = "FFC7CE"
# Large enough that its import lasts well past the page's first second (read, check, insert, marts), so the page
# shows the job's progress before the report (50.000 rows became too few once the marts got faster).
TRAJECTEN_ROWS = 200_000




@pytest.fixture(scope="session")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`streamlit run app.py` with the controller password set, on its own fresh example database."""
    # Its own database: these tests load and refuse files.
    with serve_example(tmp_path_factory.mktemp("browser_upload"), JEUGDHULP_CONTROLLER_WACHTWOORD=PASSWORD,
                       JEUGDHULP_CONTROLLERS=None) as server:
        yield server






def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def alert(page: object, text: str) -> object:
    return main(page).locator('[data-testid="stAlert"]').filter(has_text=text)


def remove_button(page: object, name: str) -> object:
    """The uploader lists each file with a "Remove <name>" button (Streamlit's own aria label)."""
    return page.locator('[data-testid="stFileUploader"]').get_by_role("button", name=f"Remove {name}")


def upload(page: object, path: Path) -> None:
    wait_idle(page)  # the previous action's rerun must be over, or the redrawn uploader drops the file
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expect(remove_button(page, path.name)).to_be_visible(timeout=RERUN_MS)
    # The upload reruns the script; the buttons are enabled once it has the file.
    expect(page.get_by_role("button", name="Controleren")).to_be_enabled(timeout=RERUN_MS)


def test_controller_checks_a_bad_file_then_loads_a_good_one(upload_server: Server, tmp_path: Path) -> None:
    print(f"streamlit log: {upload_server.log}")
    run_in_browser(partial(check_then_load, url=upload_server.url, tmp_path=tmp_path), tmp_path)


def check_then_load(page: object, url: str, tmp_path: Path) -> None:
    """Runs in run_in_browser's thread; a failure is re-raised in the test."""
    page.goto(f"{url}/inlezen")
    expect(main(page).locator("h1")).to_have_text("Gegevens inlezen", timeout=FIRST_RENDER_MS)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0, timeout=RERUN_MS)

    # The hint below a field being typed in is Dutch (Streamlit's own "Press Enter to submit form" is drawn at size 0).
    page.get_by_label("Wachtwoord voor controllers").click()
    page.keyboard.type("x")
    hint = '[data-testid="InputInstructions"] > span'
    expect(page.locator(hint)).to_have_count(2, timeout=RERUN_MS)
    assert page.evaluate(f"""() => [...document.querySelectorAll('{hint}')].map(e => [getComputedStyle(e).fontSize,
        getComputedStyle(e, '::after').content, e.textContent])""") == [
        ["0px", '"Druk op Enter"', "Press Enter to submit form"], ["12px", "none", "1/256"]]
    page.get_by_label("Wachtwoord voor controllers").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(main(page)).to_contain_text("Aangemeld als controller (wachtwoord).", timeout=RERUN_MS)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(1, timeout=RERUN_MS)

    # Another type of file is refused in Dutch by the check (not by an English tooltip of the uploader).
    pdf = tmp_path / "notities.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%fictief\n")
    upload(page, pdf)
    page.get_by_role("button", name="Controleren").click()
    expect(alert(page, "geweigerd")).to_contain_text("notities.pdf is geweigerd: 1 melding.", timeout=RERUN_MS)
    expect(main(page).locator('[data-testid="stDataFrame"]').first).to_contain_text(
        "Bestanden van het type '.pdf' worden niet ondersteund", timeout=RERUN_MS)
    remove_button(page, pdf.name).click()
    expect(remove_button(page, pdf.name)).to_have_count(0, timeout=RERUN_MS)
    expect(alert(page, "geweigerd")).to_have_count(0, timeout=RERUN_MS)   # the removal's rerun is over

    bad = tmp_path / "uitgaven-fout.xlsx"
    bad.write_bytes(BAD_XLSX)
    upload(page, bad)
    page.get_by_role("button", name="Controleren").click()
    expect(alert(page, "geweigerd")).to_contain_text("uitgaven-fout.xlsx is geweigerd: 2 meldingen.", timeout=RERUN_MS)
    # A refused file has no sheet summary: the first table is its problem list (the format help follows).
    problems = main(page).locator('[data-testid="stDataFrame"]').first
    for text in ("onbekende-gemeente", "geen-jaar", "Bedoelde u Dordrecht?", "twintig"):
        expect(problems).to_contain_text(text, timeout=RERUN_MS)
    screenshot(page, tmp_path / "1-geweigerd.png")

    report_path = download(page, page.get_by_role("button", name=REPORT_BUTTON), tmp_path)
    assert report_path.name == "rapport-uitgaven-fout.xlsx"
    book = openpyxl.load_workbook(report_path)
    assert book.sheetnames == ["Meldingen", "uitgaven"]
    sheet = book["uitgaven"]
    marked = sorted(cell.coordinate for row in sheet.iter_rows() for cell in row
                    if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(RED))
    assert marked == ["A3", "B4"]
    assert "[onbekende-gemeente]" in sheet["A3"].comment.text and "Bedoelde u Dordrecht?" in sheet["A3"].comment.text
    assert "[geen-jaar]" in sheet["B4"].comment.text
    assert [r[4] for r in book["Meldingen"].iter_rows(min_row=2, values_only=True)] == ["onbekende-gemeente", "geen-jaar"]

    remove_button(page, bad.name).click()
    expect(remove_button(page, bad.name)).to_have_count(0, timeout=RERUN_MS)
    # The chip goes at once, the report only with the rerun the removal makes: a file uploaded before that rerun can
    # be dropped by it (CI, on a busy machine).
    expect(alert(page, "geweigerd")).to_have_count(0, timeout=RERUN_MS)
    good = tmp_path / "uitgaven-2026.xlsx"
    good.write_bytes(GOOD_XLSX)
    upload(page, good)
    page.get_by_role("button", name="Inlezen", exact=True).click()
    loaded = re.compile(r"uitgaven-2026\.xlsx is ingelezen \(inleesronde \d+\)\.")
    expect(alert(page, "ingelezen")).to_have_text(loaded, timeout=RERUN_MS)
    expect(alert(page, "geweigerd")).to_have_count(0, timeout=RERUN_MS)
    screenshot(page, tmp_path / "2-ingelezen.png")

    page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]').filter(has_text="Uitgaven").click()
    expect(main(page).locator("h1")).to_have_text("Waar gaat het geld voor jeugdhulp naartoe?", timeout=RERUN_MS)
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first).to_be_visible(timeout=RERUN_MS)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0, timeout=RERUN_MS)
    screenshot(page, tmp_path / "3-uitgaven.png")

    # A large file: the import runs off the script thread, the page shows its stages and a progress bar, then the
    # report.
    page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]').filter(has_text="Gegevens inlezen").click()
    expect(main(page).locator("h1")).to_have_text("Gegevens inlezen", timeout=RERUN_MS)
    large = tmp_path / "trajecten-groot.csv"
    large.write_bytes(make_csv([["client", "gemeente", "segment", "startdatum"],
                                *[[f"K-{i}", "Dordrecht", "4A", f"{1 + i % 28:02d}-0{1 + i % 9}-2025"]
                                  for i in range(TRAJECTEN_ROWS)]]))
    upload(page, large)
    page.get_by_role("button", name="Inlezen", exact=True).click()
    status = main(page).locator('[data-testid="stExpander"]').filter(has_text="trajecten-groot.csv wordt ingelezen")
    expect(status).to_be_visible(timeout=RERUN_MS)
    expect(status.locator('[data-testid="stProgress"]')).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_role("button", name="Inlezen", exact=True)).to_be_disabled(timeout=RERUN_MS)
    screenshot(page, tmp_path / "4-voortgang.png")
    done = re.compile(r"trajecten-groot\.csv is ingelezen \(inleesronde \d+\)\.")
    expect(alert(page, "trajecten-groot.csv")).to_have_text(done, timeout=180_000)
    expect(status).to_have_count(0, timeout=RERUN_MS)
    expect(page.get_by_role("button", name=re.compile(r"Bekijk trajecten-groot\.csv"))).to_be_visible(timeout=RERUN_MS)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0, timeout=RERUN_MS)
    screenshot(page, tmp_path / "5-groot-ingelezen.png")
