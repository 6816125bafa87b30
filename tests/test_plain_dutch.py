"""Plain Dutch for a councillor: every councillor page, for each of the three regions, shows no method names,
hashes, 'batch', 'seed', internal line numbers or '(en)'/'(n)' plurals in anything a reader sees — markdown,
captions, titles, metrics, tabs, widget labels, table columns and cells, chart titles, trace names, axis titles
and hover texts. Counts carry the right noun form, and a document's figure names its document and section."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard import state
from jeugdhulp import bronfeiten, fmt
from jeugdhulp.pagedata import overzicht, uitgaven
from jeugdhulp.selectie import Selectie
from tests.test_pages import open_app

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

COUNCILLOR_PAGES = ("pages/overzicht.py", "pages/gemeente.py", "pages/uitgaven.py", "pages/volumes.py",
                    "pages/wachttijden.py", "pages/doelen.py", "pages/consultatie.py", "pages/bronnen.py")
REGIONS = ("ZHZ", "GRJR", "MIJOV")
# A gemeente per region for the pages that also show one gemeente (Gemeenteprofiel, the panels of the raden).
GEMEENTE = {"ZHZ": "GM0505", "GRJR": "GM0599", "MIJOV": "GM0200"}
FORBIDDEN = {
    "seed": re.compile(r"\bseed", re.IGNORECASE),
    "batch": re.compile(r"batch", re.IGNORECASE),
    "Theil": re.compile(r"theil", re.IGNORECASE),
    "ln(": re.compile(r"\bln\("),
    "sha256": re.compile(r"sha256", re.IGNORECASE),
    "regel + number": re.compile(r"\bregels? \d", re.IGNORECASE),
    "r. + number": re.compile(r"\br\. \d"),
    "(en)": re.compile(r"\w\(en\)"),
    "(n)": re.compile(r"\w\(n\)"),
    "n=": re.compile(r"\(n=\d"),            # a statistician's count: '(531 trajecten)' instead
    # A segment by its code alone ('segment B', 'Segment 6'): always with its name ('segment B – Behandeling …').
    # (A label that is only a code, or a code followed by a colon as in a target's name; prose may name a code.)
    "segment code without name": re.compile(r"^\s*[Ss]egment [0-9A-Z]{1,5}\s*$|\b[Ss]egment [0-9A-Z]{1,5}[:)]"),
}
# Where a table legitimately names the line for a checker, it says so in words (Bronnen page).
CHECKER_COLUMN = "Regel in de tekstversie"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("bdata", "dtype", "id", "formId", "key", "src", "url"):
                continue
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _figure_texts(spec: dict) -> Iterator[str]:
    """What a reader of a chart sees: titles, subtitle, axis and legend titles, annotations, trace names, labels,
    texts and hover texts."""
    layout = spec.get("layout", {})
    for key, part in layout.items():
        if key in ("title", "legend", "annotations") or key.startswith(("xaxis", "yaxis")):
            yield from _strings(part.get("title", part) if isinstance(part, dict) else part)
        if key.startswith(("xaxis", "yaxis")) and isinstance(part, dict):
            yield from _strings(part.get("ticktext", []))
    for trace in spec.get("data", []):
        for field in ("name", "text", "hovertemplate", "customdata", "labels", "x", "y", "legendgroup"):
            yield from _strings(trace.get(field, []))


def rendered_texts(at: AppTest) -> list[str]:
    """Every text of the rendered page (main area and filter bar)."""
    texts: list[str] = []

    def walk(node: object) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
        proto = getattr(node, "proto", None)
        if proto is None or getattr(node, "type", "") in ("arrow_data_frame", "dataframe", "table"):
            return
        if getattr(node, "type", "") == "plotly_chart":
            texts.extend(_figure_texts(json.loads(proto.spec)))
            return
        texts.extend(_strings(MessageToDict(proto)))

    walk(at.main)
    walk(at.sidebar)
    for frame in [*at.dataframe, *at.table]:
        # A column as the reader sees it: under its configured label, hidden ones left out.
        config = json.loads(getattr(frame.proto, "columns", "") or "{}")
        hidden = [c for c in frame.value.columns if (config.get(str(c)) or {}).get("hidden")]
        shown = frame.value.drop(columns=hidden)
        labels = [(config.get(str(c)) or {}).get("label", str(c)) for c in shown.columns]
        texts.extend(labels)
        cells = shown.drop(columns=[c for c, label in zip(shown.columns, labels, strict=True)
                                    if label == CHECKER_COLUMN])
        texts.extend(str(v) for v in cells.astype(str).to_numpy().ravel())
    return texts


def offences(texts: list[str]) -> list[tuple[str, str]]:
    return [(name, text[:160]) for text in texts for name, pattern in FORBIDDEN.items() if pattern.search(text)]


@pytest.mark.parametrize("regio", REGIONS)
@pytest.mark.parametrize("page", COUNCILLOR_PAGES)
def test_councillor_pages_speak_plain_dutch(example_db: Path, page: str, regio: str) -> None:
    for params in ({"regio": regio}, {"regio": regio, "gemeenten": GEMEENTE[regio]}):
        at = open_app(example_db, params)
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        texts = rendered_texts(at)
        assert len(texts) > 20, texts           # the walk found the page's texts at all
        assert offences(texts) == [], (page, params)


def test_the_forbidden_patterns_catch_what_the_issue_saw() -> None:
    seen = ["|ln(verhouding)|", "Trend (Theil-Sen)", "seed 004", "Batch", "Inkoopstrategie GRJR, regel 638",
            "sha256", "18 punt(en)", "2 grafiek(en)", "gemeente(n)", "(r. 1172-1225)", "Segment 6",
            "Residentiële zorg, segment B: -30% in 2025", "Wonen (n=531)"]
    assert sorted({name for name, _ in offences(seen)}) == sorted(FORBIDDEN)
    fine = ["Inkoopstrategie GRJR, § 1.4", "1 punt", "18 punten", "3 gemeenten", "Regel in de tekstversie",
            "Regels", "Trend", "Inleesronde", "segment B – Behandeling met verblijf (pakket B)", "Segmenten",
            "Segment 6 – Verblijf", "De bronnen noemen de inhoud van segment 6 niet.",
            "Wonen (531 trajecten)"]
    assert offences(fine) == []


def test_aantal_gives_the_right_noun_form() -> None:
    assert fmt.aantal(1, "punt", "punten") == "1 punt"
    assert fmt.aantal(18, "punt", "punten") == "18 punten"
    assert fmt.aantal(0, "gemeente", "gemeenten") == "0 gemeenten"
    assert fmt.aantal(3, "gemeente", "gemeenten") == "3 gemeenten"
    assert fmt.aantal(1234, "traject", "trajecten") == "1.234 trajecten"


def test_places_read_as_a_list() -> None:
    assert bronfeiten.bron("Inkoopstrategie GRJR", ["§ 1.4"]) == "Inkoopstrategie GRJR, § 1.4"
    assert bronfeiten.bron("Inkoopstrategie GRJR", ["§ 1.4", "§ 1.4"]) == "Inkoopstrategie GRJR, § 1.4"
    assert bronfeiten.bron("Inkoopstrategie MIJOV", ["§ 2.1 en bijlage 2", "hoofdstuk 8"]) == \
        "Inkoopstrategie MIJOV, § 2.1, bijlage 2 en hoofdstuk 8"
    assert bronfeiten.bron("Memo", []) == "Memo"


def _selectie(regio: str, naam: str, jaar: int) -> Selectie:
    return Selectie(regio=regio, regio_naam=naam, gemeenten=(), gemeente_namen=(), segmenten=(), jaar_van=jaar - 1,
                    jaar_tot=jaar)


def test_document_figures_name_their_document_and_section(example_db: Path) -> None:
    """The GRJR begroting and jaarrekening 2019 stand in § 1.4 of the GRJR strategy (lines 638 and 639 of our text
    version, under the heading '1.4 Financiële ontwikkelingen in de regio en landelijk'); MIJOV's 2023 total in
    its Bijlage 2."""
    example = state.cursor()   # the app's own connection to this module's database
    grjr = overzicht.load(example, _selectie("GRJR", "Rijnmond (GRJR)", 2019))
    assert (grjr.feit_realisatie.cijfer, grjr.feit_realisatie.bron) == ("€ 235,9 mln", "Inkoopstrategie GRJR, § 1.4")
    assert (grjr.feit_begroting.cijfer, grjr.feit_begroting.bron) == ("€ 206,0 mln", "Inkoopstrategie GRJR, § 1.4")
    assert grjr.feit_realisatie.regels == ("639",)
    mijov = overzicht.load(example, _selectie("MIJOV", "Midden-IJssel/Oost-Veluwe", 2023))
    assert (mijov.feit_realisatie.cijfer, mijov.feit_realisatie.bron) == (
        "€ 98.673.332", "Inkoopstrategie Jeugdhulp Zorgregio MIJOV, bijlage 2")
    tab = uitgaven.load(example, _selectie("GRJR", "Rijnmond (GRJR)", 2019)).grjr
    assert set(tab["bron"]) == {"Inkoopstrategie GRJR, § 1.4"}


@pytest.mark.parametrize("page", ["pages/geschiedenis.py", "pages/inlezen.py"])
def test_controller_pages_say_inleesronde_not_batch(example_db: Path, page: str) -> None:
    """The controller pages may keep technical details, in Dutch words: a loaded file is an 'inleesronde', the
    checksum a 'controlegetal' (for a controller only)."""
    at = open_app(example_db, {"regio": "ZHZ"})
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = rendered_texts(at)
    assert [t for t in texts if re.search(r"batch|\bseed|sha256|\w\(en\)|\w\(n\)", t, re.IGNORECASE)] == []
    if page == "pages/geschiedenis.py":
        assert "Inleesronde" in texts and "Controlegetal" not in texts   # a viewer: no checksum column


def _rows(name: str) -> list[dict[str, str]]:
    with (Path(__file__).resolve().parent.parent / "data" / "bronnen" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_vindplaats_agrees_with_what_the_data_already_says():
    """loaders/vindplaats.py found each place from the text alone; where the copied data names the place another way
    (the gemeente of a ZHZ point, the appendix or paragraph in a consultation's document name), they agree."""
    assert {(r["gemeente"], r["vindplaats"]) for r in _rows("consultation_zhz.csv")} == {
        (r["gemeente"], f"bij {r['gemeente']}") for r in _rows("consultation_zhz.csv")}
    assert {r["vindplaats"] for r in _rows("consultation_mijov.csv")} == {"bijlage 3"}
    assert {r["vindplaats"] for r in _rows("consultation_adviesraden_mijov.csv")} == {"bijlage 4"}
    for row in _rows("consultation_grjr.csv"):
        assert row["vindplaats"].replace(" ", "") in row["document"], row
    # The figures behind the GRJR begroting/jaarrekening series all stand in the table of § 1.4.
    spend = [r for r in _rows("figures_grjr.csv") if r["measure"] == "uitgaven_jeugdhulp"]
    assert len(spend) == 10 and {r["vindplaats"] for r in spend} == {"§ 1.4"}
    every = [r for name in ("figures_grjr.csv", "figures_mijov.csv", "kpis_grjr.csv", "kpis_mijov.csv")
             for r in _rows(name)]
    assert all(re.fullmatch(r"(§ \d\.\d|hoofdstuk \d+|bijlage \d|inleiding)((, | en )(§ \d\.\d|hoofdstuk \d+|bijlage \d))*",
                            r["vindplaats"]) for r in every), [r["vindplaats"] for r in every]
