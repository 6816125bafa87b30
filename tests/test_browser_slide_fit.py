"""The slide show on a projector, in real Chromium: at 1024×768, 1280×720 and 1920×1080 every part of a slide
(title, chart, legend or line-end labels, source line, example mark, counter, buttons) lies inside the viewport
and the page does not scroll; no plotly toolbar; text of at least 18 px at 720p; B blanks the screen and a
number + Enter jumps to that slide. The same for the offline HTML file at 1280×720.

One server for the module, on its own database with a deck written before the server opened the file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import charts, db, export, presentatie, queries, tables
from jeugdhulp.pagedata import gemeente, uitgaven, volumes
from jeugdhulp.selectie import Selectie
from tests.browser_util import (
    RERUN_MS,
    Server,
    app_env,
    require_chromium,
    run_in_browser,
    screenshot,
    start_server,
    wait_idle,
)
from tests.conftest import _key_file, copy_example

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

TOKEN = "dia-op-beamer-0001"
SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
MIN_TEXT_PX = 18
FIRST_RENDER_MS = 60_000
PARTLY = "Deels voorbeelddata: inwoners 0-17 fictief"


def _selectie(con: duckdb.DuckDBPyConnection) -> Selectie:
    """Dordrecht in Zuid-Holland Zuid over the filter bar's default years."""
    years = queries.jaren(con, "ZHZ")
    last = queries.standaard_jaar(con, "ZHZ") or years[-1]
    return Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), max(years[0], last - 6), last, ())


def _add(con: duckdb.DuckDBPyConnection, token: str, fig: object, frame: object, key: str, voorbeeld: bool) -> None:
    """As the "Naar presentatie" button stores a chart (dashboard/ui.py: the table as the reader sees it)."""
    table = tables.export_frame(frame, {c: c for c in frame.columns if c not in ("bron", "voorbeeld")})
    presentatie.add(con, token, fig, table, sleutel=key, titel=fig.layout.title.text, definitie="Testdefinitie.",
                    bron=tables.sources(frame), voorbeeld=voorbeeld)


def add_deck(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    """Four slides made by the chart calls of the pages for Dordrecht: three lines (end labels), stacked bars with
    a legend of every segment under a long title, bars of all gemeenten with the region line, and a chart that is
    partly example data (real spend over example youths, as after a controller's upload). Returns their titles."""
    sel = _selectie(con)
    profiel = gemeente.load(con, sel, "GM0505")
    geld = uitgaven.load(con, sel)
    aantallen = volumes.load(con, sel)
    trend = charts.vergelijking_trend(profiel.per_jaar, "eur_per_jeugdige", profiel.labels,
                                      "Uitgaven per jeugdige — Dordrecht", profiel.bron_per_jaar, True,
                                      "€ per jeugdige (0-17 jaar)")
    _add(con, token, trend, profiel.per_jaar_benoemd, "gemeente_uitgaven", True)
    # A long title: in smaller type, and never more than two lines.
    stacked = charts.per_segment_stacked(aantallen.per_segment, "jeugdigen",
                                         f"Jeugdigen met jeugdhulp per segment in Dordrecht, {sel.jaar_van} tot en met "
                                         f"{sel.jaar_tot}, in de segmenten van de regio Zuid-Holland Zuid",
                                         aantallen.bron_per_segment, True, "Aantal jeugdigen", kind="count")
    _add(con, token, stacked, aantallen.per_segment, "volumes_per_segment", True)
    bars = charts.per_gemeente(geld.per_gemeente, "eur_per_jeugdige", f"Uitgaven per jeugdige per gemeente, {sel.jaar_tot}",
                               geld.bron_per_gemeente, True, "€ per jeugdige (0-17 jaar)", ["GM0505"],
                               average=geld.regio_per_jeugdige, average_label="regio")
    _add(con, token, bars, geld.per_gemeente, "uitgaven_per_gemeente", True)
    partly = charts.per_jeugdige_trend(geld.trend, "Uitgaven per jeugdige — Dordrecht en de regio", geld.bron_trend,
                                       PARTLY, "Dordrecht")
    _add(con, token, partly, geld.realisatie, "uitgaven_per_jeugdige", False)
    return [d.titel for d in presentatie.dias(con, token)]


@dataclass(frozen=True)
class Deck:
    server: Server
    titles: list[str]
    html: Path          # the offline HTML export of the same slides


@pytest.fixture(scope="module")
def deck(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deck]:
    """A server on this module's own copy of the example database, with the deck stored before it starts."""
    require_chromium()
    path = copy_example(example_template, tmp_path_factory, "dia_op_beamer")
    con = db.connect(path)
    try:
        titles = add_deck(con, TOKEN)
        html = path.parent / "presentatie.html"
        html.write_text(export.to_html(presentatie.dias(con, TOKEN), "Jeugdhulp in regio Zuid-Holland Zuid",
                                       "Raadsinformatiebijeenkomst", datetime(2026, 12, 2, 15, 0, tzinfo=UTC)),
                        encoding="utf-8")
    finally:
        con.close()
    server = start_server(app_env(path, _key_file(tmp_path_factory)), path.parent / "streamlit.log")
    try:
        yield Deck(server, titles, html)
    finally:
        server.stop()


# What a slide shows, measured in the page: the box of every part, whether anything scrolls, the font sizes.
# `parts` maps a name to CSS selectors; a part with several elements counts each of them.
MEASURE = """([parts, texts]) => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {top: r.top, left: r.left, bottom: r.bottom, right: r.right, height: r.height}; };
  const found = {};
  for (const [name, selector] of Object.entries(parts)) {
    found[name] = Array.from(document.querySelectorAll(selector)).filter(el => el.getClientRects().length).map(box);
  }
  const fonts = {};
  for (const [name, selector] of Object.entries(texts)) {
    fonts[name] = Array.from(document.querySelectorAll(selector)).filter(el => el.getClientRects().length)
      .map(el => parseFloat(getComputedStyle(el).fontSize));
  }
  const scrollers = [document.scrollingElement, ...document.querySelectorAll('[data-testid="stMain"], section.dia.actief')]
    .filter(Boolean).map(el => ({name: el.getAttribute('data-testid') || el.tagName, scroll: el.scrollHeight,
                                 client: el.clientHeight}));
  const h1 = document.querySelector(parts.title);
  const lines = h1 ? Math.round(h1.getBoundingClientRect().height / parseFloat(getComputedStyle(h1).lineHeight)) : 0;
  return {found, fonts, scrollers, lines, width: innerWidth, height: innerHeight,
          modebar: document.querySelectorAll('.modebar, .modebar-btn').length};
}"""

APP_PARTS = {
    "title": '[data-testid="stMain"] h1',
    "chart": '.st-key-dia_vlak .main-svg',
    "bron": ".st-key-dia_bron p",
    "counter": ".st-key-dia_onder strong",
    "buttons": ".st-key-dia_onder button",
    "mark": ".st-key-dia_merk",
    "legend": ".st-key-dia_vlak .legend",
    "labels": ".st-key-dia_vlak .annotation-text",
}
APP_TEXTS = {
    "title": '[data-testid="stMain"] h1',
    "bron": ".st-key-dia_bron p",
    "counter": ".st-key-dia_onder strong",
    "buttons": ".st-key-dia_onder button p",
    "mark": ".st-key-dia_merk p",
    "ticks": ".st-key-dia_vlak .xtick text, .st-key-dia_vlak .ytick text",
    "legend": ".st-key-dia_vlak .legendtext",
    "labels": ".st-key-dia_vlak .annotation-text",
}


THREE_LINES = [("Dordrecht", charts.GROEP_COLORS["gemeente"].lower()),
               ("Regio Zuid-Holland Zuid", charts.GROEP_COLORS["regio"].lower()),
               ("Vergelijkbare gemeenten", charts.GROEP_COLORS["vergelijkbaar"].lower())]


def line_labels(page: object, within: str) -> list[tuple[str, str]]:
    """The chart's annotations as read: text (its lines joined by a space) and colour, top to bottom."""
    found = page.evaluate("""(within) => Array.from(document.querySelectorAll(within + ' .annotation-text'))
        .map(el => [Array.from(el.querySelectorAll('tspan.line')).map(t => t.textContent).join(' ') || el.textContent,
                    getComputedStyle(el).fill, el.getBoundingClientRect().top])""", within)
    return [(text, _hex(fill)) for text, fill, _ in sorted(found, key=lambda f: f[2])]


def _hex(rgb: str) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in re.findall(r"\d+", rgb)[:3])


def check_fit(measured: dict, required: list[str], check_fonts: bool) -> None:
    """Every required part is on the page and inside the viewport; nothing scrolls; no toolbar; text >= 18 px."""
    width, height = measured["width"], measured["height"]
    size = f"{width}x{height}"
    for name in required:
        boxes = measured["found"][name]
        assert boxes, f"{size}: no {name} on the slide"
        for b in boxes:
            assert b["top"] >= -0.5 and b["left"] >= -0.5 and b["bottom"] <= height + 0.5 and b["right"] <= width + 0.5, \
                f"{size}: {name} at {b} lies outside the {width}x{height} viewport"
    chart = measured["found"]["chart"][0]
    assert chart["height"] >= 0.45 * height, f"{size}: the chart is only {chart['height']} px high"
    for scroller in measured["scrollers"]:
        assert scroller["scroll"] <= scroller["client"] + 1, f"{size}: {scroller} scrolls"
    assert measured["modebar"] == 0, f"{size}: the plotly toolbar is on the slide"
    assert 1 <= measured["lines"] <= 2, f"{size}: the title takes {measured['lines']} lines"
    if check_fonts:
        for name, sizes in measured["fonts"].items():
            small = [s for s in sizes if s < MIN_TEXT_PX]
            assert not small, f"{size}: {name} text of {small} px (at least {MIN_TEXT_PX} px)"


def test_slides_fit_a_projector_and_the_presenter_keys_work(deck: Deck, tmp_path: Path) -> None:
    print(f"streamlit log: {deck.server.log}")
    run_in_browser(partial(present, url=deck.server.url, titles=deck.titles, shots=tmp_path), tmp_path)


def chart_fills(page: object, box: str) -> None:
    """Wait until the chart in `box` is drawn at the box's size (plotly resizes after the layout)."""
    page.wait_for_function(
        """(selector) => {
             const box = document.querySelector(selector);
             const svg = box && box.querySelector('.main-svg');
             if (!svg) return false;
             const b = box.getBoundingClientRect(), s = svg.getBoundingClientRect();
             return s.height > 100 && Math.abs(s.height - b.height) < 2 && Math.abs(s.width - b.width) < 2;
           }""", arg=box, timeout=RERUN_MS)


def open_slide(page: object, title: str, number: int, total: int) -> None:
    """Wait until slide `number` is drawn and laid out at the viewport's size (plotly resizes after the layout)."""
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text(title, timeout=RERUN_MS)
    expect(main.get_by_text(f"Dia {number} van {total}", exact=True)).to_be_visible()
    chart_fills(page, '.st-key-dia_vlak')
    wait_idle(page)   # a key pressed while the slide's rerun still runs can be lost (seen once under load)


def present(page: object, url: str, titles: list[str], shots: Path) -> None:
    total = len(titles)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{url}/presentatie?presentatie={TOKEN}&dia=1")
    expect(page.locator('[data-testid="stMain"] h1')).to_have_text(titles[0], timeout=FIRST_RENDER_MS)

    # 1. At every projector size: slide 1 (three lines, labelled at their ends) and slide 2 (a legend of segments).
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for number in (1, 2):
            if number == 2:
                page.keyboard.press("ArrowRight")
            open_slide(page, titles[number - 1], number, total)
            measured = page.evaluate(MEASURE, [APP_PARTS, APP_TEXTS])
            required = ["title", "chart", "bron", "counter", "buttons", "mark"]
            required.append("labels" if number == 1 else "legend")
            check_fit(measured, required, check_fonts=(width, height) == (1280, 720))
            if number == 1:
                assert line_labels(page, ".st-key-dia_vlak") == THREE_LINES
                assert measured["found"]["legend"] == [], "a legend next to the line labels"
            screenshot(page, shots / f"app-dia-{number}-{width}x{height}.png")
        page.keyboard.press("ArrowLeft")
        open_slide(page, titles[0], 1, total)

    # 2. At 720p: the partly-example chart says so in its own words, and everything still fits.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.keyboard.press("4")
    expect(page.locator(".dia-getypt")).to_have_text("Naar dia 4 (Enter)")
    page.keyboard.press("Enter")
    open_slide(page, titles[3], 4, total)
    expect(page.locator(".st-key-dia_merk strong")).to_have_text(PARTLY.upper())
    check_fit(page.evaluate(MEASURE, [APP_PARTS, APP_TEXTS]), ["title", "chart", "bron", "counter", "mark", "labels"],
              check_fonts=True)
    screenshot(page, shots / "app-dia-4-1280x720.png")

    # 3. B blanks the screen, B again brings the slide back; any other key does too, and only that.
    blank = page.locator(".dia-zwart")
    page.keyboard.press("b")
    expect(blank).to_be_visible()
    assert blank.bounding_box() == {"x": 0, "y": 0, "width": 1280, "height": 720}
    screenshot(page, shots / "app-zwart.png")
    page.keyboard.press("B")
    expect(blank).to_be_hidden()
    page.keyboard.press("b")
    expect(blank).to_be_visible()
    # Keys are handled as they are dispatched: a key that brings the slide back reaches no other handler
    # (Streamlit's button shortcuts listen below the window), so ArrowLeft does not also go back a slide.
    page.evaluate("() => { window.__bereikt = 0; document.addEventListener('keydown', () => window.__bereikt++); }")
    page.keyboard.press("ArrowLeft")
    expect(blank).to_be_hidden()
    assert page.evaluate("() => window.__bereikt") == 0
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => window.__bereikt") == 1
    open_slide(page, titles[2], 3, total)

    # 4. A number + Enter jumps to that slide; Enter alone goes on; a clicker's PageUp goes back.
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    open_slide(page, titles[1], 2, total)
    expect(page).to_have_url(re.compile(r"[?&]dia=2(&|$)"))
    page.keyboard.type("12")
    page.keyboard.press("Backspace")
    expect(page.locator(".dia-getypt")).to_have_text("Naar dia 1 (Enter)")
    page.keyboard.press("Enter")
    open_slide(page, titles[0], 1, total)
    page.keyboard.press("ArrowRight")
    open_slide(page, titles[1], 2, total)
    page.keyboard.press("Enter")                   # the slide after the one shown now, not after the one jumped to
    open_slide(page, titles[2], 3, total)
    page.keyboard.press("PageUp")
    open_slide(page, titles[1], 2, total)

    # 5. Esc stops; the list's buttons have Dutch names a screen reader reads (not "arrow_upward", "delete").
    page.keyboard.press("Escape")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text("Presentatie", timeout=RERUN_MS)
    for name in ("Naar voren", "Naar achteren", "Verwijderen"):
        expect(main.get_by_role("button", name=name, exact=True)).to_have_count(total)
    for icon in ("arrow_upward", "arrow_downward", "delete"):
        expect(main.get_by_role("button", name=icon)).to_have_count(0)
    expect(main.get_by_text(PARTLY, exact=True)).to_be_visible()


HTML_PARTS = {
    "title": "section.dia.actief h1",
    "chart": "section.dia.actief .main-svg",
    "bron": "section.dia.actief .bron",
    "counter": "#teller",
    "buttons": "nav button",
    "mark": "section.dia.actief .voorbeeld",
    "legend": "section.dia.actief .legend",
    "labels": "section.dia.actief .annotation-text",
    "definitie": "section.dia.actief .definitie",
}
HTML_TEXTS = {
    "title": "section.dia.actief h1",
    "bron": "section.dia.actief .bron",
    "definitie": "section.dia.actief .definitie",
    "counter": "#teller",
    "buttons": "nav button",
    "mark": "section.dia.actief .voorbeeld",
    "ticks": "section.dia.actief .xtick text, section.dia.actief .ytick text",
    "legend": "section.dia.actief .legendtext",
    "labels": "section.dia.actief .annotation-text",
}


def test_the_offline_html_fits_720p_and_has_the_same_keys(deck: Deck, tmp_path: Path) -> None:
    run_in_browser(partial(present_html, path=deck.html, titles=deck.titles, shots=tmp_path), tmp_path)


def html_slide(page: object, number: int, total: int) -> None:
    """Chart slide `number` of the file (numbered as in the app: the title slide is 'Titeldia', the charts 1..N) is
    shown and its chart drawn at its box's size."""
    expect(page.locator("#teller")).to_have_text(f"Dia {number} van {total}")
    chart_fills(page, 'section.dia.actief .grafiek')


def present_html(page: object, path: Path, titles: list[str], shots: Path) -> None:
    total = len(titles)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    expect(page.locator("#teller")).to_have_text("Titeldia")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('section.dia.actief *'))
        .filter(el => el.childNodes.length && Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(el => [el.textContent.slice(0, 30), parseFloat(getComputedStyle(el).fontSize)])""")
    assert sizes and all(px >= MIN_TEXT_PX for _, px in sizes), f"title slide text under {MIN_TEXT_PX} px: {sizes}"
    page.goto(f"{path.as_uri()}#1")
    page.reload()
    html_slide(page, 1, total)
    expect(page.locator("section.dia.actief h1")).to_have_text(titles[0])
    measured = page.evaluate(MEASURE, [HTML_PARTS, HTML_TEXTS])
    check_fit(measured, ["title", "chart", "bron", "definitie", "counter", "buttons", "mark", "labels"], check_fonts=True)
    assert line_labels(page, "section.dia.actief") == THREE_LINES
    screenshot(page, shots / "html-dia-1-1280x720.png")

    page.keyboard.press("ArrowRight")
    html_slide(page, 2, total)
    check_fit(page.evaluate(MEASURE, [HTML_PARTS, HTML_TEXTS]), ["title", "chart", "bron", "counter", "legend"],
              check_fonts=True)

    # B, then any key; a number and Enter.
    page.keyboard.press("b")
    expect(page.locator("#zwart")).to_be_visible()
    assert page.locator("#zwart").bounding_box() == {"x": 0, "y": 0, "width": 1280, "height": 720}
    page.keyboard.press("ArrowRight")
    expect(page.locator("#zwart")).to_be_hidden()
    expect(page.locator("#teller")).to_have_text(f"Dia 2 van {total}")
    page.keyboard.press("B")
    expect(page.locator("#zwart")).to_be_visible()
    page.keyboard.press("B")
    expect(page.locator("#zwart")).to_be_hidden()
    page.keyboard.type("4")
    expect(page.locator("#getypt")).to_have_text("Naar dia 4 (Enter)")
    page.keyboard.press("Enter")
    html_slide(page, 4, total)
    expect(page.locator("section.dia.actief .voorbeeld")).to_have_text(PARTLY.upper())
    check_fit(page.evaluate(MEASURE, [HTML_PARTS, HTML_TEXTS]), ["title", "chart", "bron", "counter", "mark", "labels"],
              check_fonts=True)
    screenshot(page, shots / "html-dia-4-1280x720.png")
