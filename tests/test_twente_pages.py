"""A region the seed documents do not cover, end to end (issue 15): a Twente controller loads the region's own
segments, population, spend (a pivot table) and trajecten with product codes only; every page then shows Twente,
the Gemeenteprofiel's map included, and the residential target works from product codes alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulp import tables
from loaders.importer import InputFile, import_file
from loaders.secret import pseudonym_key
from tests import twente
from tests.conftest import app_on, copy_example
from tests.test_pages import APP

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")
FILES = (("segmenten_twente.csv", twente.segmenten), ("bevolking_twente.csv", twente.bevolking),
         ("realisatie_twente.xlsx", twente.uitgaven), ("trajecten_twente.xlsx", twente.trajecten))


def load_twente(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Load the four Twente files; return the notes of their reports."""
    notes = []
    for name, make in FILES:
        report = import_file(con, InputFile(name, make()), user="controller twente", key=pseudonym_key())
        assert report.ok, (name, [p.message for p in report.problems[:3]])
        notes += report.notes
    return notes


@pytest.fixture(scope="module")
def twente_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = copy_example(example_template, tmp_path_factory, "twente")
    with app_on(path, tmp_path_factory) as opened:   # the example database's key file: its key loads the trajecten
        con = duckdb.connect(str(path))
        try:
            load_twente(con)
        finally:
            con.close()
        yield opened


def open_twente(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update({"regio": "TWENTE", **(params or {})})
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="filter_regio").value == "TWENTE"
    return at


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_the_files_load_with_segments_from_product_codes(twente_db: Path) -> None:
    con = duckdb.connect(str(twente_db), read_only=True)
    try:
        by_product = dict(con.execute(
            "SELECT productcode, any_value(segment_code) FROM trajecten WHERE regio_code = 'TWENTE' GROUP BY 1"
            " HAVING count(DISTINCT segment_code) = 1").fetchall())
        assert by_product == {code: segment for code, segment, _ in twente.PRODUCTS}
        assert con.execute("SELECT count(*), count(DISTINCT gemeente_code) FROM trajecten"
                           " WHERE regio_code = 'TWENTE'").fetchone() == (14 * 65, 14)
        spend = con.execute("SELECT count(*), count(DISTINCT gemeente_code), min(jaar), max(jaar) FROM uitgaven"
                            " WHERE regio_code = 'TWENTE'").fetchone()
        assert spend == (14 * 5 * 3, 14, 2022, 2024)
    finally:
        con.close()


PAGES = [
    ("pages/overzicht.py", "Uitgaven jeugdhulp — Regio Twente"),
    ("pages/uitgaven.py", "Uitgaven per jeugdige — Regio Twente"),
    ("pages/volumes.py", "Jeugdigen per segment — Regio Twente"),
    ("pages/wachttijden.py", None),
    ("pages/doelen.py", None),
    ("pages/consultatie.py", None),
    ("pages/bronnen.py", None),
]


@pytest.mark.parametrize(("page", "title"), PAGES, ids=[Path(p).stem for p, _ in PAGES])
def test_every_page_shows_twente(twente_db: Path, page: str, title: str | None) -> None:
    at = open_twente(page)
    # Twente's figures are real; Bronnen lists every batch (the seed regions' example ones too): both, apart.
    expected = [tables.MIXED_TEXT] if page == "pages/bronnen.py" else []
    assert [w.value for w in at.warning] == expected
    if title is not None:
        assert title in chart_titles(at)


def test_the_waits_and_the_target_work_from_product_codes(twente_db: Path) -> None:
    waits = open_twente("pages/wachttijden.py")
    assert chart_titles(waits)[:4] == [
        "Wachttijd van aanmelding tot start — Regio Twente",
        "Spreiding van de wachttijd per segment, 2022–2024 — Regio Twente",
        "Duur van beëindigd verblijf — Regio Twente",
        "Spreiding van de verblijfsduur per segment, 2022–2024 — Regio Twente"]
    target = open_twente("pages/doelen.py")
    assert chart_titles(target)[0] == "Jeugdigen in residentiële zorg — Regio Twente"
    # No target in Twente's sources: the course without one, and how to add it.
    assert [i.value for i in target.info] == [
        "In de bronnen van Twente staat geen doel met een streefwaarde voor het volume van residentiële zorg. "
        "Hieronder het verloop zonder doel; een controller kan een doel inlezen (soort 'doelen')."]
    [chart] = [c for c in target.get("plotly_chart")
               if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Jeugdigen in residentiële zorg")]
    assert json.loads(chart.proto.spec)["data"], "the residential series is drawn from the product codes"


def test_the_segment_list_is_the_uploaded_one(twente_db: Path) -> None:
    at = open_twente("pages/bronnen.py")
    assert "Segmenten van Twente" in [s.value for s in at.subheader]
    segments = next(d.value for d in at.dataframe if "Segment" in d.value.columns or "segment" in d.value.columns)
    column = "Segment" if "Segment" in segments.columns else "segment"
    assert segments[column].tolist() == [naam for _, naam, _ in twente.SEGMENTS]


def test_the_profile_of_a_twente_gemeente_has_its_region_on_the_map(twente_db: Path) -> None:
    at = open_twente("pages/gemeente.py", {"gemeenten": "GM0164"})
    assert at.title[0].value.startswith("Hoe staat Hengelo (O.) ervoor")
    # Hengelo's figures are real; the comparable gemeenten of other regions are example data: both, side by side.
    assert [w.value for w in at.warning] == [tables.MIXED_TEXT]
    # ... but never in one chart: the comparable group (Borne, real, with four example gemeenten) is left out of
    # Hengelo's charts, which then carry no example mark.
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [s["layout"]["title"]["text"] for s in specs] == ["Uitgaven per jeugdige — Hengelo (O.)",
                                                             "Uitgaven per vorm van hulp, 2024 — Hengelo (O.)"]
    for spec in specs:
        assert {t.get("name") for t in spec["data"]} <= {"Hengelo (O.)", "Regio Twente"}, spec["layout"]["title"]
        assert not any("VOORBEELDDATA" in a.get("text", "") for a in spec["layout"].get("annotations", []))
    at.session_state["gemeente_tab"] = "Kaart"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [chart] = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    locations = {loc for trace in spec["data"] for loc in trace.get("locations", [])}
    assert len(locations) == 14 and "GM0164" in locations, locations
