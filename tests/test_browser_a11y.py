"""Readable for everyone, checked where it counts, in headless Chromium under `streamlit run`: every chart has an
accessible name, its toolbar speaks Dutch, the texts drawn in it (computed SVG fill) and the captions under it
(computed colour and opacity) keep 4,5:1, the file uploader speaks Dutch, and the councils' summaries wrap in
their table instead of being cut off."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from tests.browser_util import RERUN_MS, Server, run_in_browser, serve_example
from tests.test_accessibility import CAPTION_OPACITY, MIN_CONTRAST

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

FIRST_RENDER_MS = 60_000
PASSWORD = "browser-a11y-wachtwoord"  # noqa: S105 - a test password
ENGLISH_TOOLBAR = {"Download plot as a PNG", "Download plot as a png", "Zoom", "Pan", "Zoom in", "Zoom out",
                   "Autoscale", "Reset axes"}

# The contrast of every text an SVG chart draws, against what is behind it: the annotation's box, the bar a value
# stands in, or the white page. Colours are the computed `fill` of each <text>.
SVG_TEXT_CONTRAST = """charts => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.04045 ? v / 12.92
      : Math.pow((v + 0.055) / 1.055, 2.4); }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const inside = (inner, outer) => inner.left >= outer.left - 1 && inner.right <= outer.right + 1
      && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
  const out = [];
  for (const chart of charts) {
    for (const text of chart.querySelectorAll('svg text')) {
      if (!text.textContent.trim() || getComputedStyle(text).display === 'none') continue;
      let behind = [255, 255, 255];
      const box = text.closest('g.annotation') && text.closest('g.annotation').querySelector('rect.bg');
      const bar = text.classList.contains('bartext') && text.parentElement.querySelector('path');
      if (box && parse(getComputedStyle(box).fill).length >= 3 && getComputedStyle(box).fillOpacity !== '0') {
        behind = parse(getComputedStyle(box).fill).slice(0, 3);
      } else if (bar && inside(text.getBoundingClientRect(), bar.getBoundingClientRect())) {
        behind = parse(getComputedStyle(bar).fill).slice(0, 3);
      }
      const fill = parse(getComputedStyle(text).fill).slice(0, 3);
      out.push([text.textContent.trim().slice(0, 40), ratio(fill, behind)]);
    }
  }
  return out;
}"""

# The colour a caption shows: its computed colour at the product of the opacities of it and its ancestors.
CAPTION_STYLE = """captions => captions.map(c => {
  let opacity = 1;
  for (let e = c; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  return [c.innerText.slice(0, 40), getComputedStyle(c).color, opacity];
})"""


def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def _ratio(colour: str, opacity: float) -> float:
    from tests.test_accessibility import contrast, faded

    channels = [int(float(v)) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    hex_colour = "#" + "".join(f"{v:02x}" for v in channels)
    return contrast(faded(hex_colour, "#ffffff", opacity), "#ffffff")


def test_charts_have_a_name_dark_text_and_a_dutch_toolbar(example_server: Server, tmp_path: Path) -> None:
    run_in_browser(partial(charts_flow, url=example_server.url), tmp_path)


def charts_flow(page: object, url: str) -> None:
    page.goto(f"{url}/uitgaven?regio=ZHZ")
    title = "Uitgaven per jaar — Regio Zuid-Holland Zuid"
    chart = main(page).get_by_role("figure", name=f"Grafiek: {title}")
    expect(chart).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(chart.locator(".gtitle")).to_have_text(title)
    page.get_by_role("tab", name="Per gemeente").click()
    per_gemeente = main(page).get_by_role("figure", name="Grafiek: Uitgaven per jeugdige per gemeente, 2025")
    expect(per_gemeente.locator(".bartext").first).to_be_visible(timeout=RERUN_MS)

    # Every chart on the page carries a name, the title it shows.
    names = main(page).locator('[data-testid="stPlotlyChart"]').evaluate_all(
        "charts => charts.map(c => [c.getAttribute('role'), c.getAttribute('aria-label')])")
    assert len(names) >= 4, names
    assert all(role == "figure" and (label or "").startswith("Grafiek: ") for role, label in names), names

    # The toolbar's tooltips in Dutch.
    chart.hover()
    download = chart.locator('.modebar-btn[data-title="Download de grafiek als PNG-afbeelding"]')
    expect(download).to_be_attached()
    titles = set(chart.locator(".modebar-btn").evaluate_all("buttons => buttons.map(b => b.dataset.title)"))
    assert {"Verschuiven (sleep)", "Alles tonen", "Terug naar het begin"} <= titles, titles
    assert not titles & ENGLISH_TOOLBAR, titles

    # Texts drawn in the visible charts: titles, source lines, ticks, axis titles, legends, marks and value labels.
    visible = main(page).locator('[data-testid="stPlotlyChart"]:visible')
    texts = visible.evaluate_all(SVG_TEXT_CONTRAST)
    assert len(texts) >= 30, texts
    assert any(text.startswith("€ 2.") for text, _ in texts), texts     # a value label inside its bar
    weak = [(text, round(ratio, 2)) for text, ratio in texts if ratio < MIN_CONTRAST]
    assert not weak, weak

    # Captions: Streamlit fades them to 60%; the theme's text colour keeps them at 4,5:1 all the same.
    captions = main(page).locator('[data-testid="stCaptionContainer"]:visible').evaluate_all(CAPTION_STYLE)
    assert len(captions) >= 3, captions
    assert {round(opacity, 2) for _, _, opacity in captions} == {CAPTION_OPACITY}, captions
    weak = [(text, round(_ratio(colour, opacity), 2)) for text, colour, opacity in captions
            if _ratio(colour, opacity) < MIN_CONTRAST]
    assert not weak, weak


def test_the_councils_summaries_wrap_in_their_table(example_server: Server, tmp_path: Path) -> None:
    run_in_browser(partial(summaries_flow, url=example_server.url), tmp_path)


def summaries_flow(page: object, url: str) -> None:
    page.goto(f"{url}/consultatie?regio=ZHZ")
    page.get_by_role("tab", name="Thema en cijfers").click()
    panel = main(page).get_by_role("tabpanel", name="Thema en cijfers")
    table = panel.locator('[data-testid="stTable"]').filter(has_text="Samenvatting")
    expect(table).to_be_visible(timeout=FIRST_RENDER_MS)
    cells = table.locator("tbody td").evaluate_all(
        "cells => cells.map(c => [c.innerText, c.scrollWidth, c.clientWidth, c.getBoundingClientRect().height,"
        " getComputedStyle(c).textOverflow])")
    long = [cell for cell in cells if len(cell[0]) > 120]
    assert long, "no summary of more than 120 characters in the table"
    # Whole: no cell wider than it is drawn, no ellipsis, and a long summary runs over several lines.
    assert not [c for c in cells if c[1] > c[2] + 1 or c[4] == "ellipsis"], cells[:3]
    assert all(height > 60 for _, _, _, height, _ in long), long[:3]
    # And the table fits the page's width: nothing to scroll sideways for.
    widths = table.locator("table").evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Server:
    with serve_example(tmp_path_factory.mktemp("browser_a11y_upload"), JEUGDHULP_CONTROLLER_WACHTWOORD=PASSWORD,
                       JEUGDHULP_CONTROLLERS=None) as server:
        yield server


def test_the_file_uploader_speaks_dutch(upload_server: Server, tmp_path: Path) -> None:
    run_in_browser(partial(uploader_flow, url=upload_server.url, tmp_path=tmp_path), tmp_path)


def uploader_flow(page: object, url: str, tmp_path: Path) -> None:
    page.goto(f"{url}/inlezen")
    password = page.get_by_label("Wachtwoord voor controllers")
    expect(password).to_be_visible(timeout=FIRST_RENDER_MS)
    password.fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    uploader = main(page).locator('[data-testid="stFileUploader"]')
    expect(uploader).to_be_visible(timeout=RERUN_MS)
    expect(uploader.get_by_role("button", name="Bestanden kiezen")).to_be_visible()
    instructions = uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"] > div').evaluate(
        "d => getComputedStyle(d, '::after').content")
    assert instructions == ('"Sleep bestanden hierheen of kies ze · tot 100 MB per bestand · XLSX, XLSM, XLS, CSV"'), \
        instructions
    # The English texts are still in the page (Streamlit writes them) but not shown.
    expect(uploader.get_by_text("Upload", exact=True)).to_be_hidden()
    expect(uploader.get_by_text("per file")).to_be_hidden()
    assert "Upload" not in uploader.inner_text() and "per file" not in uploader.inner_text()
    # A chosen file's chip shows its name, not its size in English notation.
    chosen = tmp_path / "uitgaven-2026.csv"
    chosen.write_bytes(b"Gemeente;Jaar;Segment;Bedrag\n" + b"Dordrecht;2026;4A;1234,56\n" * 200)
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(chosen))
    chip = uploader.locator('[data-testid="stFileChip"]')
    expect(chip.locator('[data-testid="stFileChipName"]')).to_have_text("uitgaven-2026.csv", timeout=RERUN_MS)
    expect(chip.get_by_text("5.2KB")).to_be_hidden()   # 5.229 bytes, as Streamlit writes it
    assert chip.inner_text().strip() == "uitgaven-2026.csv", chip.inner_text()
