"""Vergelijken met Nederland (issue 15, part 4): the measures and groups with literal numbers on a tiny table,
the page data on loaded CBS figures, the page with example CBS figures and without any, and its PowerPoint slide."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulp import charts_landelijk, landelijk
from jeugdhulp.export import native_chart, to_pptx
from jeugdhulp.pagedata import vergelijken
from jeugdhulp.presentatie import Dia
from jeugdhulp.selectie import Selectie
from loaders import cbs
from loaders.importer import import_cbs
from loaders.reference import Reference
from tests import cbs_fixtures
from tests.conftest import app_on

APP = Path(__file__).resolve().parent.parent / "app.py"


def tiny() -> pd.DataFrame:
    """Five gemeenten of two regions and Nederland, as queries.cbs_gemeenten gives them."""
    rows = [
        # code, naam, regio, 0-17, jeugdhulp, met verblijf, kosten jeugdzorg, kosten jeugdhulp
        ("GM0001", "Aa", "R1", 1000, 100, 10, 2_000_000, 1_500_000),
        ("GM0002", "Bb", "R1", 2000, 300, 15, 3_000_000, 2_700_000),
        ("GM0003", "Cc", "R1", 4000, 400, None, 6_000_000, 5_000_000),
        ("GM0004", "Dd", "R2", 1100, 99, 9, None, None),
        ("GM0005", "Ee", "R2", 10000, 1500, 150, 20_000_000, 18_000_000),
        ("NL01", "Nederland", None, 20000, 2500, 200, 33_000_000, 29_000_000),
    ]
    return pd.DataFrame(rows, columns=["gemeente_code", "naam", "regio_code", "jeugdigen_0_17", "jeugdhulp",
                                       "met_verblijf", "kosten_jeugdzorg", "kosten_jeugdhulp"])


def test_values_per_gemeente() -> None:
    per = landelijk.values(tiny()).set_index("gemeente_code")
    assert per.at["GM0002", "per_1000"] == 150.0
    assert per.at["GM0002", "aandeel_verblijf"] == 0.05
    assert per.at["GM0002", "kosten_per_jeugdige"] == 1500.0
    assert per.at["GM0002", "kosten_per_client"] == 9000.0
    assert pd.isna(per.at["GM0003", "aandeel_verblijf"])       # a cell CBS did not publish stays unknown
    assert pd.isna(per.at["GM0004", "kosten_per_jeugdige"])


def test_nearest_by_ratio_of_youths() -> None:
    # Aa has 1.000: Dd (1.100) is nearest, then Bb (2.000), then Cc (4.000); never Nederland or itself.
    assert landelijk.nearest(tiny(), "GM0001", n=3) == ["GM0004", "GM0002", "GM0003"]
    assert landelijk.nearest(tiny(), "GM9999") == []


def test_percentile_counts_ties_half() -> None:
    assert landelijk.percentile(pd.Series([1.0, 2.0, 3.0, 4.0]), 3.0) == 62.5
    assert landelijk.percentile(pd.Series([1.0, None, 2.0]), 5.0) == 100.0


def test_compare_pools_the_groups() -> None:
    found = {v.maat.key: v for v in landelijk.compare(tiny(), "GM0002", "R1", ["GM0001", "GM0004"])}
    per_1000 = found["per_1000"]
    assert per_1000.gemeente == 150.0
    assert per_1000.nederland == 125.0 and per_1000.nederland_bron == "CBS"      # 2.500 / 20.000
    assert per_1000.regio == pytest.approx(800 / 7000 * 1000)                   # R1 summed, not averaged
    assert per_1000.vergelijkbaar == pytest.approx(199 / 2100 * 1000)
    # Among 100, 150, 100, 90, 150: three lower, two equal (itself included) -> (3 + 2 / 2) / 5.
    assert per_1000.percentiel == 80.0
    assert per_1000.n == 5 and per_1000.onbekend == 0
    assert per_1000.p10 == pytest.approx(94.0) and per_1000.p90 == 150.0
    verblijf = found["aandeel_verblijf"]
    # Cc's met-verblijf is unknown: the region is Aa + Bb only, and Cc is one gemeente without a figure.
    assert verblijf.regio == pytest.approx(25 / 400) and verblijf.regio_weg == 1
    assert verblijf.n == 4 and verblijf.onbekend == 1


def test_nederland_is_the_sum_when_cbs_has_no_national_row() -> None:
    frame = tiny()[lambda f: f["gemeente_code"] != "NL01"]
    per_1000 = landelijk.compare(frame, "GM0002", "R1", [])[0]
    assert per_1000.nederland == pytest.approx(2399 / 18100 * 1000) and per_1000.nederland_bron == "som"
    assert per_1000.vergelijkbaar is None


def test_format_value_is_dutch() -> None:
    assert landelijk.format_value("eur", 10560.4) == "€\u00a010.560"   # never "€" alone on a line
    assert landelijk.percentile_text(99.56) == "P99" and landelijk.percentile_text(0.2) == "P1"
    assert landelijk.format_value("pct", 0.0853) == "8,5%"
    assert landelijk.format_value("rate", 133.25) == "133,2"
    assert landelijk.format_value("rate", None) == "–"


# --- page data on loaded figures --------------------------------------------------------------------------------

SEL_ZHZ = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2019, 2025, ())


def fetched(con: duckdb.DuckDBPyConnection) -> None:
    ref = Reference.from_db(con)
    parts = [(t, cbs.from_odata(t, cbs_fixtures.FakeClient(), ref), f"CBS StatLine {t.code}, opgehaald vandaag")
             for t in cbs.TABELLEN.values()]
    assert import_cbs(con, parts).ok


def test_page_data_from_fetched_tables(con: duckdb.DuckDBPyConnection) -> None:
    fetched(con)
    data = vergelijken.load(con, SEL_ZHZ, "GM0505")
    assert data.jaar == 2022 and data.jaren == [2023, 2022]     # 2023 lacks costs and population
    assert data.ontbrekend == [] and not data.voorbeeld
    per_1000, verblijf, kosten, per_client = data.vergelijkingen
    assert per_1000.gemeente == pytest.approx(2395 / (18 * 1300) * 1000)
    assert per_1000.nederland == pytest.approx(440000 / (18 * 190000) * 1000) and per_1000.nederland_bron == "CBS"
    assert kosten.gemeente == pytest.approx(43_500_000 / (18 * 1300))
    assert per_client.gemeente == pytest.approx(38_000_000 / 2395)
    # Hengelo gave no jeugdhulp costs: one gemeente without a figure there.
    assert per_client.onbekend == 1
    assert data.tabel.loc[0, "nederland"] == "128,7"
    assert "CBS StatLine 85099NED, opgehaald vandaag" in data.bron
    assert vergelijken.WOONPLAATS_NIEUW in data.kanttekeningen and vergelijken.IN_NATURA in data.kanttekeningen


def test_page_data_without_cbs_figures(con: duckdb.DuckDBPyConnection) -> None:
    data = vergelijken.load(con, SEL_ZHZ, "GM0505")
    assert data.jaar is None and data.vergelijkingen == []
    assert data.ontbrekend == list(vergelijken.TABELNAMEN)


def test_a_year_of_2020_prints_the_trend_break(con: duckdb.DuckDBPyConnection) -> None:
    notes = vergelijken._kanttekeningen(2020, [2022, 2020], [], voorlopig=False)
    assert any(n.startswith(vergelijken.TRENDBREUK) for n in notes) and vergelijken.WOONPLAATS_OUD in notes


# --- the page ------------------------------------------------------------------------------------------------

@pytest.fixture
def apptest(apptest_runs_app_py: None) -> None:
    return None


def test_page_with_example_cbs_figures(example_db: Path, apptest: None) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"regio": "ZHZ", "gemeenten": "GM0505"})
    at.run()
    at.switch_page("pages/vergelijken.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Hoe verhoudt Dordrecht zich tot Nederland?"]
    assert any(w.value.startswith("Voorbeelddata (fictief)") for w in at.warning)
    assert [m.label for m in at.metric] == [m.label for m in landelijk.MATEN]
    assert all(m.value != "–" for m in at.metric)
    assert at.selectbox(key="vergelijk_jaar").value == 2024
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "Dordrecht naast Nederland, 2024"
    assert [a["text"] for a in spec["layout"]["annotations"][:4]] == [m.label for m in landelijk.MATEN]
    assert "Kanttekeningen van CBS" in [s.value for s in at.subheader]


def test_the_year_is_in_the_link(example_db: Path, apptest: None) -> None:
    # The year chosen here was not in the URL: a shared link showed the default year instead.
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"regio": "ZHZ", "gemeenten": "GM0505", "vergelijkjaar": "2022"})
    at.run()
    at.switch_page("pages/vergelijken.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="vergelijk_jaar").value == 2022
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"] == "Dordrecht naast Nederland, 2022"
    assert at.query_params["vergelijkjaar"] == "2022"
    at.selectbox(key="vergelijk_jaar").set_value(2023).run()
    assert at.query_params["vergelijkjaar"] == "2023"
    at.selectbox(key="vergelijk_jaar").set_value(2024).run()    # the default year: a clean link
    assert "vergelijkjaar" not in at.query_params
    # A year the figures do not have, or no year at all, gives the default.
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"regio": "ZHZ", "gemeenten": "GM0505", "vergelijkjaar": "1999"})
    at.run()
    at.switch_page("pages/vergelijken.py").run()
    assert at.selectbox(key="vergelijk_jaar").value == 2024 and "vergelijkjaar" not in at.query_params


def test_page_without_cbs_says_how_to_get_them(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path,
                                               apptest: None) -> None:
    from jeugdhulp import db
    from loaders.defaults import load_reference
    path = tmp_path / "leeg.duckdb"
    con = db.connect(path)
    load_reference(con)
    con.close()
    with app_on(path, tmp_path_factory):
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        at.switch_page("pages/vergelijken.py").run()
        assert not at.exception, [e.value for e in at.exception]
        info = " ".join(i.value for i in at.info)
        assert "nooit verzonnen landelijke cijfers" in info and "python -m loaders cbs" in info
        assert at.metric == [] or len(at.metric) == 0
        assert len(at.get("plotly_chart")) == 0


def test_powerpoint_slide_of_the_strips_is_their_table(con: duckdb.DuckDBPyConnection) -> None:
    fetched(con)
    data = vergelijken.load(con, SEL_ZHZ, "GM0505")
    table = data.tabel[["maat", "gemeente", "nederland"]].rename(columns={"maat": "Maat", "gemeente": "Dordrecht",
                                                                          "nederland": "Nederland"})
    fig = charts_landelijk.strips(data.punten, data.vergelijkingen, data.naam, "Dordrecht naast Nederland, 2022",
                                  data.bron, data.voorbeeld, table)
    spec = native_chart(fig)
    assert spec.kind == "table"
    assert spec.table.columns.tolist() == ["Maat", "Dordrecht", "Nederland"]
    assert spec.table.iloc[0].tolist() == ["Jeugdigen met jeugdhulp per 1.000 jeugdigen", "102,4", "128,7"]
    dia = Dia(1, 1, "vergelijken_strips", "Dordrecht naast Nederland, 2022", "definitie", data.bron, False,
              fig.to_json(), table.to_json(orient="split"))
    deck = to_pptx([dia], "Vergelijken", "", datetime.now(UTC))
    assert deck[:2] == b"PK"


def test_the_example_mark_stays_above_the_title(con: duckdb.DuckDBPyConnection) -> None:
    fetched(con)
    data = vergelijken.load(con, SEL_ZHZ, "GM0505")
    fig = charts_landelijk.strips(data.punten, data.vergelijkingen, data.naam, "Titel", data.bron, True)
    [mark] = [a for a in fig.layout.annotations if a.text == "VOORBEELDDATA (FICTIEF)"]
    # charts.finish puts it 78 px above a plot whose top margin is 80 + 24; the strips' titles add 44 to both.
    assert (mark.yshift, fig.layout.margin.t) == (122, 148)
