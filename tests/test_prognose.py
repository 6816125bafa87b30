"""The forecast (issue 16, part 1) on tiny series, worked out by hand: the trend, its 80% range, the back-test,
too short a series, and spend split into volume and price with a price rise."""

from __future__ import annotations

import re

import pytest

from jeugdhulp import prognose

YEARS = [2019, 2020, 2021, 2022, 2023]


def test_a_straight_series_goes_on_straight_with_no_range_and_no_test_error() -> None:
    p = prognose.trend(YEARS[:4], [100, 110, 120, 130])
    assert p.jaren == (2023, 2024, 2025)
    assert p.midden == pytest.approx((140, 150, 160))
    assert p.laag == pytest.approx(p.midden) and p.hoog == pytest.approx(p.midden)
    assert (p.helling, p.backtest, p.backtest_jaren, p.te_laag) == (pytest.approx(10), pytest.approx(0), (2022,), 0)


def test_an_odd_year_widens_the_range_but_does_not_tip_the_trend() -> None:
    """100, 120, 110, 130, 140: the median rise between every two years is 10, the line runs 100-140 through
    2019-2023, the residuals are 0, 10, -10, 0, 0: typical distance sqrt(200 / 3) = 8,165."""
    p = prognose.trend(YEARS, [100, 120, 110, 130, 140])
    assert p.helling == pytest.approx(10)
    assert p.midden == pytest.approx((150, 160, 170))
    sigma = (200 / 3) ** 0.5
    half = [1.2816 * sigma * h ** 0.5 for h in (1, 2, 3)]
    assert p.laag == pytest.approx((150 - half[0], 160 - half[1], 170 - half[2]))
    assert p.hoog == pytest.approx((150 + half[0], 160 + half[1], 170 + half[2]))
    assert p.laag[0] == pytest.approx(139.536, abs=1e-3)
    # 2022 from 2019-2021 (rise 5, line at 115): 15/130 off; 2023 from 2019-2022 (rise 7,5, line at 133,75): 6,25/140.
    assert (p.backtest_jaren, p.te_laag) == ((2022, 2023), 2)
    assert p.backtest == pytest.approx((15 / 130 + 6.25 / 140) / 2)
    assert p.backtest == pytest.approx(0.0800, abs=1e-4)


def test_fewer_than_four_years_give_no_forecast() -> None:
    assert prognose.trend(YEARS[:3], [100, 110, 120]) is None
    assert prognose.trend(YEARS, [100, None, float("nan"), 130, 140]) is None, "gaps are not years"
    assert prognose.uitgaven(YEARS[:3], [1, 2, 3], [1, 1, 1]) is None


def test_a_falling_series_stops_at_zero() -> None:
    p = prognose.trend(YEARS[:4], [30, 20, 10, 5])
    assert min(p.midden + p.laag) == 0


def test_spend_as_the_youths_trend_times_the_trend_of_the_cost_per_youth() -> None:
    """Youths 10, 11, 12, 13 go on to 14, 15, 16; the costs per youth 100, 100, 105, 100 have a median rise of 0
    and lie on 100. Spend 1000, 1100, 1260, 1300 is 60 off that product in 2021: typical distance sqrt(3600 / 2)."""
    spend, youths = [1000, 1100, 1260, 1300], [10, 11, 12, 13]
    p = prognose.uitgaven(YEARS[:4], spend, youths)
    assert p.gesplitst and (p.prijs, p.prijs_helling) == (pytest.approx(100), pytest.approx(0))
    assert p.midden == pytest.approx((1400, 1500, 1600))
    sigma = (3600 / 2) ** 0.5
    assert p.laag[0] == pytest.approx(1400 - 1.2816 * sigma) and p.hoog[2] == pytest.approx(1600 + 1.2816 * sigma * 3 ** 0.5)
    # 2022 from the trends to 2021: 13 youths at a cost of 107,5 (rises 0, 2,5 and 5: median 2,5) = 1397,5 against
    # 1300: 7,5% too high.
    assert (p.backtest_jaren, p.backtest, p.te_laag) == ((2022,), pytest.approx(0.075), 0)
    raised = prognose.uitgaven(YEARS[:4], spend, youths, prijsstijging=0.02)
    assert raised.midden == pytest.approx((1400 * 1.02, 1500 * 1.02 ** 2, 1600 * 1.02 ** 3))
    assert raised.backtest == pytest.approx(0.075), "the test measures the method, not the extra price rise"


def test_a_rising_cost_per_youth_goes_on_rising() -> None:
    """Youths flat at 100; the cost per youth rises 10 a year from 1000: spend 100.000, 101.000, 102.000, 103.000 goes
    on to 104.000, 105.000, 106.000 — not flat at the last year's price."""
    p = prognose.uitgaven(YEARS[:4], [100_000, 101_000, 102_000, 103_000], [100, 100, 100, 100])
    assert p.midden == pytest.approx((104_000, 105_000, 106_000))
    assert p.prijs_helling == pytest.approx(10)


def test_without_enough_youths_spend_follows_its_own_trend_and_no_price_rise() -> None:
    spend = [100, 110, 120, 130]
    p = prognose.uitgaven(YEARS[:4], spend, [10, None, 12, 13], prijsstijging=0.10)
    assert not p.gesplitst and p.prijs is None
    assert p.midden == pytest.approx((140, 150, 160))
    assert prognose.uitgaven(YEARS[:4], spend, None).midden == pytest.approx((140, 150, 160))


# --- the page, on the example data ----------------------------------------------------------------------------------

def test_the_page_forecasts_zhz_with_its_method_and_test(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db)
    at.switch_page("pages/prognose.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Wat kost jeugdhulp de komende jaren als er niets verandert?"]
    assert any(w.value.startswith("Voorbeelddata (fictief)") for w in at.warning)
    [metric] = at.metric
    assert metric.label == "Uitgaven 2028 volgens de prognose" and metric.value.startswith("€ ")
    tables = [d.value for d in at.dataframe]
    spend = next(t for t in tables if "Uitgaven (EUR)" in t.columns)
    assert spend["Jaar"].tolist() == ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027", "2028"]
    assert spend["Soort"].tolist() == ["werkelijk"] * 7 + ["prognose"] * 3
    captions = [c.value for c in at.caption]
    assert any(re.fullmatch(r"Toets: had deze methode 2023, 2024, 2025 voorspeld uit de jaren ervoor, dan zat ze er "
                            r"gemiddeld \d+,\d% naast \(\d keer te laag, \d keer te hoog\)\.", c) for c in captions)
    assert any("maal de trend van de kosten per jeugdige in zorg, zonder extra prijsstijging" in c for c in captions)
    assert any(m.value.startswith("Hoe de prognose werkt") for m in at.markdown)

    before = metric.value
    at.select_slider(key="prognose_prijsstijging").set_value(3.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value != before, "a price rise raises the forecast"
    assert any("met 3% extra prijsstijging per jaar" in c.value for c in at.caption)
    assert at.query_params["prijsstijging"] == "3"
    # To another page and back (a page switch drops the link's own parameters): the rise is kept.
    at.switch_page("pages/uitgaven.py").run()
    at.query_params.clear()
    at.switch_page("pages/prognose.py").run()
    assert at.select_slider(key="prognose_prijsstijging").value == 3.0


def test_a_link_keeps_the_price_rise_and_segments_say_why_youths_have_no_forecast(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db, {"regio": "ZHZ", "gemeenten": "GM0505", "jaren": "2019,2025", "segmenten": "1,3",
                               "prijsstijging": "2.5"})
    at.switch_page("pages/prognose.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="prognose_prijsstijging").value == 2.5
    captions = [c.value for c in at.caption]
    assert any("Bij gekozen segmenten volgt de prognose de trend van de uitgaven" in c for c in captions)
    assert any(c.startswith("Geen jeugdigen in zorg per segment: een jeugdige in twee segmenten zou dubbel tellen")
               for c in captions)


def test_too_few_years_say_so_instead_of_a_forecast(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db, {"regio": "ZHZ", "jaren": "2023,2025"})
    at.switch_page("pages/prognose.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric
    assert sum(c.value.startswith("Te weinig jaren voor een prognose: er zijn er minstens 4 nodig") for c in at.caption) == 2


def test_real_spend_without_youths_follows_its_own_trend_with_its_file_as_source(con) -> None:
    from jeugdhulp.pagedata import prognose as pagedata
    from jeugdhulp.selectie import Selectie
    from tests.conftest import load, make_csv

    header = ["Gemeente", "Jaar", "Segment", "Bedrag"]
    rows = [["Dordrecht", str(jaar), "4A", str(bedrag)] for jaar, bedrag in zip(YEARS[:4], [100, 110, 120, 130], strict=True)]
    assert load(con, "dordrecht.csv", make_csv([header, *rows]), "uitgaven").ok
    sel = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), 2019, 2025, ())
    data = pagedata.load(con, sel, prijsstijging=0.05)
    assert data.uitgaven.midden == pytest.approx((140, 150, 160)) and not data.uitgaven.gesplitst
    assert data.splitsing.startswith("Er zijn te weinig jaren met zowel uitgaven als jeugdigen in zorg")
    assert data.jeugdigen is None
    table = data.tabel("uitgaven")
    assert table[["jaar", "soort", "waarde"]].values.tolist() == [
        [2019, "werkelijk", 100.0], [2020, "werkelijk", 110.0], [2021, "werkelijk", 120.0], [2022, "werkelijk", 130.0],
        [2023, "prognose", pytest.approx(140.0)], [2024, "prognose", pytest.approx(150.0)],
        [2025, "prognose", pytest.approx(160.0)]]
    assert not table["voorbeeld"].any() and table["bron"].iat[0].startswith("dordrecht.csv, ingelezen op ")
    assert pagedata.load(con, sel, prijsstijging=5).prijsstijging == pagedata.MAX_PRIJSSTIJGING


def test_the_forecast_chart_becomes_a_native_powerpoint_line_chart_with_named_edges() -> None:
    """On a slide the band's edges are two named lines; the known years and the forecast keep their own."""
    import pandas as pd

    from jeugdhulp.charts_prognose import prognose as prognose_chart
    from jeugdhulp.export.pptx_charts import native_chart

    p = prognose.trend(YEARS[:4], [100, 120, 110, 130])
    frame = pd.DataFrame(
        [{"jaar": j, "soort": "werkelijk", "waarde": w, "laag": None, "hoog": None}
         for j, w in zip(YEARS[:4], [100, 120, 110, 130], strict=True)]
        + [{"jaar": j, "soort": "prognose", "waarde": m, "laag": lo, "hoog": hi}
           for j, m, lo, hi in zip(p.jaren, p.midden, p.laag, p.hoog, strict=True)])
    fig = prognose_chart(frame, "Uitgaven en prognose", "bron", False, "Uitgaven")
    spec = native_chart(fig)
    assert spec.kind == "line"
    assert spec.categories == ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
    assert [name for name, _ in spec.series] == ["Werkelijk", "Bovengrens (80%)", "Ondergrens (80%)", "Prognose"]
    prognosis = dict(spec.series)["Prognose"]
    assert prognosis[:3] == [None, None, None] and prognosis[3] == 130
    assert prognosis[4:] == pytest.approx(list(p.midden))


def test_on_a_slide_the_ranges_edges_are_thin_dotted_lines_without_markers() -> None:
    import io
    from datetime import UTC, datetime

    import pandas as pd
    from pptx import Presentation
    from pptx.enum.chart import XL_MARKER_STYLE
    from pptx.util import Pt

    from jeugdhulp import grafieken
    from jeugdhulp.charts_prognose import prognose as prognose_chart
    from jeugdhulp.export import to_pptx
    from jeugdhulp.presentatie import Dia

    p = prognose.trend(YEARS[:4], [100, 120, 110, 130])
    frame = pd.DataFrame(
        [{"jaar": j, "soort": "werkelijk", "waarde": w, "laag": None, "hoog": None, "bron": "b", "voorbeeld": False}
         for j, w in zip(YEARS[:4], [100, 120, 110, 130], strict=True)]
        + [{"jaar": j, "soort": "prognose", "waarde": m, "laag": lo, "hoog": hi, "bron": "b", "voorbeeld": False}
           for j, m, lo, hi in zip(p.jaren, p.midden, p.laag, p.hoog, strict=True)])
    made = grafieken.prepare(grafieken.Grafiek(prognose_chart(frame, "Prognose", "b", False, "Uitgaven"), frame,
                                               {"jaar": "Jaar", "waarde": "Waarde"}, "k", "Prognose", "d"))
    dia = Dia(1, 1, "k", made.titel, made.definitie, made.bron, False, made.fig.to_json(),
              made.export.to_json(orient="split", index=False))
    deck = Presentation(io.BytesIO(to_pptx([dia], "T", "S", datetime.now(UTC))))
    [chart] = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    series = {s.name: s for s in chart.plots[0].series}
    for edge in ("Bovengrens (80%)", "Ondergrens (80%)"):
        assert series[edge].format.line.width == Pt(1.25) and series[edge].marker.style == XL_MARKER_STYLE.NONE
    assert series["Prognose"].format.line.width == Pt(2.5)
