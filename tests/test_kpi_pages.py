"""AppTest smoke tests for the two KPI pages (Wachttijd en verblijfsduur, Doel residentiële zorg) against the
default + example data of the session's example database (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from jeugdhulp import db, kpi, queries

APP = Path(__file__).resolve().parent.parent / "app.py"
EXAMPLE_WARNING = "Voorbeelddata (fictief)"
WACHTTIJDEN = "Hoe lang wachten jeugdigen, en hoe lang duurt verblijf?"
DOELEN = "Halen we het doel van minder residentiële zorg?"
RESIDENTIEEL_DOEL = "Residentiële zorg, segment B – Behandeling met verblijf (pakket B): -30% in 2025"


pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")


@pytest.fixture(scope="module")
def doel_status(example_db: Path) -> dict[str, str]:
    """The status of the GRJR residential target per gemeente code, as queries.doel_status gives it for a selection
    of that one gemeente with the page's defaults (basisjaar 2021, up to the default last year)."""
    con = db.connect(example_db)
    try:
        last = queries.standaard_jaar(con, "GRJR")
        codes = queries.gemeenten(con, "GRJR")["gemeente_code"].tolist()
        statuses = {}
        for code in codes:
            frame = queries.doel_status(con, "GRJR", [code], "residentieel_volume", "B", 2021, 2025, -30, last)
            statuses[code] = frame.loc[frame["niveau"] == "selectie", "status"].iloc[0]
    finally:
        con.close()
    return statuses


def open_page(page: str, query_params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def status_metric(at: AppTest) -> object:
    metrics = [m for m in at.metric if m.label.startswith("Status ")]
    assert len(metrics) == 1, [m.label for m in at.metric]
    return metrics[0]


def test_wachttijden_page_renders(example_db: Path) -> None:
    at = open_page("pages/wachttijden.py", {"regio": "GRJR"})
    assert [t.value for t in at.title] == [WACHTTIJDEN]
    assert any(w.value.startswith(EXAMPLE_WARNING) for w in at.warning)
    assert [t.label for t in at.tabs] == ["Wachttijd", "Verblijfsduur", "Aanbieders"]
    # Per year, per segment and per purchasing model (GRJR has two), for waiting and for stays; then the number of
    # providers per segment (the providers of one segment are a list without counts, not a chart).
    assert len(at.get("plotly_chart")) == 7
    assert at.selectbox(key="wachttijden_segment").options[0] == "Behandeling met verblijf (pakket B)"


def test_doelen_page_for_grjr(example_db: Path) -> None:
    at = open_page("pages/doelen.py", {"regio": "GRJR"})
    assert [t.value for t in at.title] == [DOELEN]
    assert any(w.value.startswith(EXAMPLE_WARNING) for w in at.warning)
    assert kpi.STATUS_RULE in [c.value for c in at.caption]
    keuze = at.selectbox(key="doelen_keuze")
    assert keuze.options[0] == RESIDENTIEEL_DOEL
    assert keuze.index == 0
    basisjaar = at.selectbox(key="doelen_basisjaar")
    assert basisjaar.value == 2021
    # The region's years before the target year: those of the year slider.
    assert basisjaar.options == [str(y) for y in queries.jaren(state.cursor(), "GRJR") if y < 2025]

    before = status_metric(at)
    assert before.label.startswith("Status Regio Rijnmond (GRJR): -30% in 2025 t.o.v. 2021"), before.label
    assert before.value in {s.capitalize() for s in (kpi.OP_KOERS, kpi.RISICO, kpi.NIET_OP_KOERS, kpi.TE_WEINIG)}

    at.selectbox(key="doelen_basisjaar").set_value(2019).run()
    assert not at.exception, [e.value for e in at.exception]
    after = status_metric(at)
    assert after.label.endswith("t.o.v. 2019"), after.label
    # Another base year means another base value, so another target in the delta line.
    assert (after.label, after.delta) != (before.label, before.delta)
    assert after.delta != before.delta


def test_doelen_status_differs_per_gemeente(example_db: Path, doel_status: dict[str, str]) -> None:
    rotterdam = doel_status["GM0599"]
    other = next(code for code, status in sorted(doel_status.items()) if status != rotterdam)
    at = open_page("pages/doelen.py", {"regio": "GRJR", "gemeenten": "GM0599"})
    metric = status_metric(at)
    assert metric.label.startswith("Status Rotterdam: "), metric.label
    assert metric.value == rotterdam.capitalize()

    at.multiselect(key="filter_gemeenten").set_value([other]).run()
    assert not at.exception, [e.value for e in at.exception]
    changed = status_metric(at)
    assert changed.value == doel_status[other].capitalize()
    assert changed.value != metric.value


def test_doelen_page_without_a_target_zhz(example_db: Path) -> None:
    at = open_page("pages/doelen.py", {"regio": "ZHZ"})
    assert [t.value for t in at.title] == [DOELEN]
    assert any(w.value.startswith(EXAMPLE_WARNING) for w in at.warning)
    assert [i.value for i in at.info] == [
        "In de bronnen van Zuid-Holland Zuid staat geen doel met een streefwaarde voor het volume van residentiële "
        "zorg. Hieronder het verloop zonder doel; een controller kan een doel inlezen (soort 'doelen')."]
    assert not [m for m in at.metric if m.label.startswith("Status ")]
    assert kpi.STATUS_RULE not in [c.value for c in at.caption]
    assert "Stuurvariabelen in de bronnen van Zuid-Holland Zuid" in [e.label for e in at.expander]
    assert len(at.get("plotly_chart")) == 2          # the volume without a target, and ambulant per bed
