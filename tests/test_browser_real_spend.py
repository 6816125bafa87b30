"""Real spend for a whole region in a real browser (issue 12): a controller loads one year of spend for every
gemeente of Midden-IJssel/Oost-Veluwe, lands on the Uitgaven page of that region and year, sees no example mark
and no comparison with fictitious years, puts a chart on a slide whose PowerPoint names the file as source,
and undoes the batch: the pages then show exactly what they showed before. Own server and database."""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from jeugdhulp import tables
from tests.browser_util import PROJECT_DIR, RERUN_MS, Server, download, run_in_browser, screenshot, serve_example, wait_idle
from tests.conftest import make_xlsx, uploaded_source

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
pptx = pytest.importorskip("pptx")
expect = sync_api.expect

PASSWORD = "browser-test-wachtwoord"  # noqa: S105 - a test password
FIRST_RENDER_MS = 60_000
UITGAVEN = "Waar gaat het geld voor jeugdhulp naartoe?"
OVERZICHT = "Hoe staat de jeugdhulp in mijn gemeente ervoor?"
REGIO, REGIO_NAAM, JAAR = "MIJOV", "Midden-IJssel/Oost-Veluwe", 2023
VIEW = f"?regio={REGIO}&jaren={JAAR},{JAAR}"
INTRO = f"Regio {REGIO_NAAM} · {JAAR} · alle segmenten"
FILE = "uitgaven-mijov-2023.xlsx"
EXAMPLE_MARK = "VOORBEELDDATA (FICTIEF)"
VIEWPORT = {"width": 1400, "height": 1800}
PARTLY = "Deels voorbeelddata: inwoners 0-17 fictief"

# Realisatie and begroting per gemeente (in the order of data/bronnen/gemeenten.csv), split over three
# segments: 96 mln spent against 80 mln budgeted, so 20% over budget, 16 mln difference (the order of MIJOV's
# own 2023 total, so the figure per youth is plausible).
REALISATIE = [32_000_000, 8_000_000, 9_600_000, 4_000_000, 4_800_000, 10_400_000, 8_800_000, 18_400_000]
BEGROTING = [27_200_000, 6_400_000, 8_000_000, 3_200_000, 4_000_000, 8_800_000, 7_200_000, 15_200_000]
SHARES = {"BEH": 0.5, "VERBL": 0.3, "BEGIN": 0.2}
TOTAL, GAP, DIFFERENCE = "€ 96,0 mln", "+20,0%", "€ 16,0 mln verschil"


def _region_rows(path: str, region_column: str, region: str) -> list[dict[str, str]]:
    with (PROJECT_DIR / path).open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row[region_column] == region]


def spend_workbook() -> bytes:
    gemeenten = [row["naam"] for row in _region_rows("data/bronnen/gemeenten.csv", "regio", REGIO_NAAM)]
    segmenten = {row["segment_code"] for row in _region_rows("data/referentie/segmenten.csv", "regio_code", REGIO)}
    assert len(gemeenten) == len(REALISATIE) == 8 and set(SHARES) <= segmenten
    assert (sum(REALISATIE), sum(BEGROTING)) == (96_000_000, 80_000_000)
    rows: list[list[object]] = [["Gemeente", "Jaar", "Segment", "Bedrag", "Soort"]]
    for naam, realisatie, begroting in zip(gemeenten, REALISATIE, BEGROTING, strict=True):
        for segment, share in SHARES.items():
            rows.append([naam, JAAR, segment, round(realisatie * share), "realisatie"])
            rows.append([naam, JAAR, segment, round(begroting * share), "begroting"])
    return make_xlsx({"uitgaven": rows})


@pytest.fixture(scope="module")
def spend_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Its own database: this test loads a file and undoes it."""
    with serve_example(tmp_path_factory.mktemp("browser_real_spend"), JEUGDHULP_CONTROLLER_WACHTWOORD=PASSWORD,
                       JEUGDHULP_CONTROLLERS=None) as server:
        yield server


def main(page: object) -> object:
    return page.locator('[data-testid="stMain"]')


def title(page: object) -> object:
    return main(page).locator("h1")


def alert(page: object, text: str) -> object:
    return main(page).locator('[data-testid="stAlert"]').filter(has_text=text)


def metric(page: object, label: str) -> object:
    return main(page).locator('[data-testid="stMetric"]').filter(has_text=label)


def nav(page: object, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]').filter(
        has_text=re.compile(f"{re.escape(name)}$")).click()


# What a reader sees of a page: title, banners, metrics, captions, and per chart its title, source line,
# marks and numbers (read from plotly's own figure, so charts in tabs that are not open count too).
_VIEW_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const texts = sel => Array.from(main.querySelectorAll(sel), e => e.textContent.trim());
  // plotly.py sends numbers base64-encoded; plotly.js keeps the decoded typed array beside them. Numbers are
  // rounded to a millionth: a sum of doubles taken in another order may differ in its last bit.
  const round = x => typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x;
  const plain = v => v == null ? null : Array.from(ArrayBuffer.isView(v) ? v
                   : v.bdata !== undefined ? v._inputArray ?? [] : v, round);
  const text = t => t == null ? null : t.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '');
  return {
    title: texts('h1').join(''),
    alerts: texts('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]'),
    metrics: texts('[data-testid="stMetric"]'),
    captions: texts('[data-testid="stCaptionContainer"]'),
    badges: texts('.stMarkdownBadge'),
    charts: Array.from(main.querySelectorAll('.js-plotly-plot'), el => ({
      title: text(el.layout?.title?.text),
      source: text(el.layout?.title?.subtitle?.text),
      annotations: (el.layout?.annotations ?? []).map(a => text(a.text)),
      data: (el.data ?? []).map(t => ({name: t.name ?? null, x: plain(t.x), y: plain(t.y)})),
    })),
    running: document.querySelector('[data-testid="stApp"]').dataset.testScriptState !== 'notRunning',
  };
}"""


def view(page: object, heading: str, charts: int, intro: str | None = None) -> dict:
    """The page as shown once Streamlit has finished: the same reading twice in a row, nothing running
    (`intro`: the line under the title, saying which selection is shown)."""
    expect(title(page)).to_have_text(heading, timeout=FIRST_RENDER_MS)
    if intro is not None:
        expect(main(page).locator('[data-testid="stCaptionContainer"]').first).to_have_text(intro, timeout=RERUN_MS)
    expect(main(page).locator(".js-plotly-plot")).to_have_count(charts, timeout=RERUN_MS)
    previous = None
    for _ in range(60):
        shown = page.evaluate(_VIEW_JS)
        if not shown.pop("running") and shown == previous:
            return shown
        previous = shown
        page.wait_for_timeout(250)
    raise AssertionError(f"the page kept changing: {json.dumps(previous)[:2000]}")


def choose_region(page: object, name: str) -> None:
    page.get_by_role("combobox", name="Regio").click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(page.get_by_role("combobox", name="Regio")).to_have_value(name)


def same_view(shown: dict, before: dict) -> None:
    """Part by part, so a failure names what differs."""
    assert shown.keys() == before.keys()
    for part in ("title", "alerts", "metrics", "captions"):
        assert shown[part] == before[part], part
    assert len(shown["charts"]) == len(before["charts"])
    for chart, old in zip(shown["charts"], before["charts"], strict=True):
        assert chart == old, old["title"]


def marks(chart: dict) -> list[str]:
    """The example marks on a chart (its other annotations are labels such as the region's average)."""
    return [a for a in chart["annotations"] if "VOORBEELDDATA" in a]


def chart_captions(shown: dict) -> list[str]:
    return [c for c in shown["captions"] if c.startswith("Definitie.")]


def test_real_spend_replaces_the_example_and_undo_restores_it(spend_server: Server, tmp_path: Path) -> None:
    print(f"streamlit log: {spend_server.log}")
    upload = tmp_path / FILE
    upload.write_bytes(spend_workbook())
    run_in_browser(partial(flow, url=spend_server.url, upload=upload, tmp_path=tmp_path), tmp_path)


def flow(page: object, url: str, upload: Path, tmp_path: Path) -> None:
    """Runs in run_in_browser's thread, in one Streamlit session (a new URL would be a new session, without
    the controller's login): the filter bar keeps MIJOV 2023 from page to page."""
    started = time.monotonic()

    def shoot(target: object, name: str) -> None:
        screenshot(target, tmp_path / name)
        print(f"{time.monotonic() - started:5.1f} s: {name}")

    page.set_viewport_size(VIEWPORT)    # tall enough for a screenshot of a whole page (Streamlit scrolls inside)

    # 1. The example state of MIJOV 2023, before the upload.
    page.goto(f"{url}/uitgaven{VIEW}")
    uitgaven_before = view(page, UITGAVEN, 5, intro=INTRO)
    assert uitgaven_before["alerts"] == [tables.EXAMPLE_TEXT]
    assert [marks(c) for c in uitgaven_before["charts"][:4]] == [[EXAMPLE_MARK]] * 4
    shoot(page, "1-uitgaven-voor.png")
    nav(page, "Overzicht")
    overzicht_before = view(page, OVERZICHT, 1, intro=INTRO)
    assert overzicht_before["alerts"] == [tables.EXAMPLE_TEXT]
    assert f"t.o.v. {JAAR - 1}" in json.dumps(overzicht_before["metrics"], ensure_ascii=False)
    shoot(page, "1-overzicht-voor.png")

    # 2. A controller loads real spend of the whole region for 2023.
    nav(page, "Gegevens inlezen")
    expect(title(page)).to_have_text("Gegevens inlezen", timeout=RERUN_MS)
    page.get_by_label("Wachtwoord voor controllers").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(main(page)).to_contain_text("Aangemeld als controller (wachtwoord).", timeout=RERUN_MS)
    wait_idle(page)  # the sign-in's rerun must be over, or the redrawn uploader drops the file
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    expect(page.get_by_role("button", name="Inlezen", exact=True)).to_be_enabled(timeout=RERUN_MS)
    page.get_by_role("button", name="Inlezen", exact=True).click()
    loaded = alert(page, "is ingelezen")
    expect(loaded).to_have_text(re.compile(rf"{re.escape(FILE)} is ingelezen \(inleesronde \d+\)\."), timeout=RERUN_MS)
    batch = re.search(r"inleesronde (\d+)", loaded.inner_text()).group(1)
    expect(main(page)).to_contain_text(f"de voorbeelddata (uitgaven) van {REGIO_NAAM} is uit alle jaren weggehaald")
    shoot(page, "2-ingelezen.png")

    # 3. The link after loading opens the Uitgaven page on MIJOV 2023: real figures, the file as source.
    page.get_by_role("button", name=f"Bekijk {FILE}: {REGIO_NAAM}, {JAAR}").click()
    uitgaven = view(page, UITGAVEN, 5, intro=INTRO)
    expect(page).to_have_url(re.compile(rf"/uitgaven\?regio={REGIO}&jaren={JAAR}%2C{JAAR}(&|$)"))
    expect(page.get_by_role("combobox", name="Regio")).to_have_value(REGIO_NAAM)
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stSliderThumbValue"]')).to_have_text([str(JAAR)] * 2)
    source = uploaded_source(FILE)
    assert uitgaven["alerts"] == [], "no example banner on a page of real spend"
    spend_charts = uitgaven["charts"]    # spend per year, per youth, per gemeente, two per segment (no GRJR tab)
    # Per youth divides the real spend by the example youths 0-17: marked partly example, on the chart itself.
    assert [marks(c) for c in spend_charts] == [[], [PARTLY.upper()], [PARTLY.upper()], [], []]
    for chart in spend_charts:
        assert chart["source"].startswith(f"Bron: {source}"), chart
    assert spend_charts[4]["title"] == f"Realisatie per segment — Regio {REGIO_NAAM}"
    captions = chart_captions(uitgaven)[:5]
    # The mark under the caption (not in it: a caption's 60% opacity would fade a badge below 4,5:1).
    assert [b for b in uitgaven["badges"] if "oorbeelddata" in b] == [PARTLY, PARTLY]
    for caption in captions:
        assert f"Bron. {source}" in caption and "Voorbeelddata (fictief)" not in caption, caption
    shoot(page, "3-uitgaven-echt.png")

    # 5 (from this page). Two spend charts to the presentation: real spend per segment, and per youth.
    page.get_by_role("tab", name="Per gemeente").click()
    shoot(page, "3-uitgaven-per-gemeente.png")
    page.get_by_role("tab", name="Per segment").click()
    page.locator(".st-key-uitgaven_per_segment_dia").get_by_role("button", name="Naar presentatie").click()
    expect(page.locator('[data-testid="stToast"]').filter(has_text="Toegevoegd als dia 1.")).to_be_visible()
    shoot(page, "3-uitgaven-per-segment.png")
    page.get_by_role("tab", name="Per jeugdige").click()
    page.locator(".st-key-uitgaven_per_jeugdige_dia").get_by_role("button", name="Naar presentatie").click()
    expect(page.locator('[data-testid="stToast"]').filter(has_text="Toegevoegd als dia 2.")).to_be_visible()

    # 4. Overzicht of MIJOV 2023: the upload's total, the begroting comparison, no comparison with 2022.
    nav(page, "Overzicht")
    overzicht = view(page, OVERZICHT, 1, intro=INTRO)
    expect(metric(page, "Uitgaven (realisatie)").locator('[data-testid="stMetricValue"]')).to_have_text(TOTAL)
    expect(metric(page, "Uitgaven (realisatie)").locator('[data-testid="stMetricDelta"]')).to_have_count(0)
    gap = metric(page, "Realisatie t.o.v. begroting")
    expect(gap.locator('[data-testid="stMetricValue"]')).to_have_text(GAP)
    expect(gap.locator('[data-testid="stMetricDelta"]')).to_have_text(DIFFERENCE)
    assert f"t.o.v. {JAAR - 1}" not in json.dumps(overzicht, ensure_ascii=False)
    # The youths in care are still example data: the banner says real and fictitious stand side by side.
    assert overzicht["alerts"] == [tables.MIXED_TEXT]
    (trend,) = overzicht["charts"]
    assert marks(trend) == [] and trend["source"] == f"Bron: {source}"
    assert trend["data"] == [{"name": "Begroting", "x": [str(JAAR)], "y": [80.0]},
                             {"name": "Realisatie", "x": [str(JAAR)], "y": [96.0]}]   # € mln
    assert any(c.startswith(f"Bron uitgaven. {source}") for c in overzicht["captions"]), overzicht["captions"]
    shoot(page, "4-overzicht-echt.png")

    # A region without an upload keeps its example data, marked as such; then back to MIJOV (same years).
    choose_region(page, "Zuid-Holland Zuid")
    zhz = view(page, OVERZICHT, 1, intro=f"Regio Zuid-Holland Zuid · {JAAR} · alle segmenten")
    assert zhz["alerts"] == [tables.EXAMPLE_TEXT]
    assert marks(zhz["charts"][0]) == [EXAMPLE_MARK]
    assert any(c.startswith("Bron uitgaven. voorbeelddata") for c in zhz["captions"]), zhz["captions"]
    shoot(page, "4-overzicht-zhz.png")
    choose_region(page, REGIO_NAAM)
    view(page, OVERZICHT, 1, intro=INTRO)

    # 5. The presentation and its PowerPoint: the file as source, no example mark.
    nav(page, "Presentatie")
    expect(title(page)).to_have_text("Presentatie", timeout=RERUN_MS)
    expect(main(page).get_by_text("Dia's (2)", exact=True)).to_be_visible()
    expect(alert(page, "Voorbeelddata (fictief)")).to_have_count(0)
    shoot(page, "5-presentatie.png")
    deck_path = download(page, page.get_by_role("button", name="PowerPoint"), tmp_path)
    check_deck(deck_path, source)

    # 6. Undo on Geschiedenis: the example state of MIJOV 2023 is back, exactly.
    nav(page, "Geschiedenis")
    expect(title(page)).to_have_text("Wat is er ingelezen, en door wie?", timeout=RERUN_MS)
    main(page).get_by_role("combobox", name="Inleesronde").click()
    page.get_by_role("option", name=f"{batch} — {FILE}").click()
    page.get_by_text("Ik weet dat de cijfers van dit bestand uit alle pagina's verdwijnen").click()
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(alert(page, "ongedaan gemaakt")).to_have_text(f"Inleesronde {batch} is ongedaan gemaakt.", timeout=RERUN_MS)
    shoot(page, "6-ongedaan.png")

    nav(page, "Uitgaven")
    same_view(view(page, UITGAVEN, 5, intro=INTRO), uitgaven_before)
    shoot(page, "6-uitgaven-na.png")
    nav(page, "Overzicht")
    same_view(view(page, OVERZICHT, 1, intro=INTRO), overzicht_before)
    shoot(page, "6-overzicht-na.png")


def check_deck(path: Path, source: str) -> None:
    slides = list(pptx.Presentation(str(path)).slides)
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    assert len(slides) == 3, texts
    assert all(EXAMPLE_MARK not in text for slide in texts for text in slide), texts
    per_segment, per_jeugdige = texts[1], texts[2]
    assert per_segment == [f"Realisatie per segment — Regio {REGIO_NAAM}", f"Bron: {source}"]
    (chart,) = [s.chart for s in slides[1].shapes if s.has_chart]
    plot = chart.plots[0]
    assert list(plot.categories) == [str(JAAR)]
    # € mln per segment: half, three tenths and a fifth of the 96 mln.
    assert [len(s.values) for s in plot.series] == [1, 1, 1]
    assert {s.name: s.values[0] for s in plot.series} == pytest.approx(
        {"Behandeling": 48.0, "Verblijf/Wonen": 28.8, "Begeleiding individueel": 19.2})
    # Real spend per example youths: the source line names both.
    assert per_jeugdige[0] == f"Uitgaven per jeugdige — Regio {REGIO_NAAM}"
    # ... and the slide says it is partly example data, as the chart on the page does.
    assert len(per_jeugdige) == 3, per_jeugdige
    assert per_jeugdige[1] == PARTLY.upper()
    assert per_jeugdige[2].startswith(f"Bron: {source}; inwoners 0-17: voorbeelddata (fictief"), per_jeugdige
