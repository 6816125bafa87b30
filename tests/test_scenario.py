"""Issue 16 part 2, the scenario: its arithmetic with literal numbers worked out by hand, the page data on a tiny
loaded series (groups, cost per youth, small counts, status), the page (knobs from the region's targets and from the
link) and the PowerPoint slide with the assumptions."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pandas as pd
import pytest

from jeugdhulp import scenario
from jeugdhulp.scenario import Knoppen
from jeugdhulp.selectie import Selectie

NBSP, WJ = "\u00a0", "\u2060"      # no-break space, word joiner
SPEND = {"residentieel": 200, "pleegzorg": 100, "ambulant": 500, "overig": 200}
BASE = [1000, 1100, 1200]


def test_volume_changes_grow_in_equal_steps_against_the_groups_spend_without_change() -> None:
    # Residential -30% and foster care +30%, whole in the third year: a third, two thirds, all of it.
    s = scenario.bereken([2026, 2027, 2028], BASE, SPEND, Knoppen(residentieel=-0.3, pleegzorg=0.3))
    assert s.basis["residentieel"] == pytest.approx((200, 220, 240))
    assert s.scenario["residentieel"] == pytest.approx((180, 176, 168))      # x 0,9 / 0,8 / 0,7
    assert s.scenario["pleegzorg"] == pytest.approx((110, 132, 156))         # x 1,1 / 1,2 / 1,3
    assert s.scenario["ambulant"] == s.basis["ambulant"] == pytest.approx((500, 550, 600))
    assert s.totaal("scenario") == pytest.approx((990, 1078, 1164))
    assert s.verschil() == pytest.approx((-10, -22, -36))


def test_a_change_reached_in_the_first_year_stays_whole() -> None:
    s = scenario.bereken([2026, 2027, 2028], BASE, SPEND, Knoppen(residentieel=-0.3, pleegzorg=0.3, bereikt=1))
    assert s.totaal("scenario") == pytest.approx((970, 1067, 1164))          # 140 + 130 + 500 + 200 in 2026


def test_price_index_and_inflow_compound_per_year_for_every_group() -> None:
    s = scenario.bereken([2026, 2027, 2028], BASE, SPEND, Knoppen(prijs=0.02, instroom=-0.01))
    factor = 1.02 * 0.99                                                      # 1,0098
    assert s.totaal("scenario") == pytest.approx((1000 * factor, 1100 * factor ** 2, 1200 * factor ** 3))
    assert s.scenario["overig"][2] == pytest.approx(240 * 1.0098 ** 3)


def test_groups_follow_the_targets_flag_then_the_vorm() -> None:
    assert scenario.groep("crisis", True) == "residentieel"       # MIJOV's crisis beds with stay count for the target
    assert scenario.groep("gezinshuis", False) == "pleegzorg"
    assert scenario.groep("ambulant", False) == "ambulant"
    assert scenario.groep("daghulp", False) == "overig"
    with pytest.raises(ValueError, match="no spend per group"):
        scenario.bereken([2026], [100], {"ambulant": 0}, Knoppen(bereikt=1))


# --- the page data on a tiny loaded series -----------------------------------------------------------------------

HEADER = ["Gemeente", "Jaar", "Segment", "Bedrag"]
# Dordrecht 2019-2022: segment 1 (residential), 2 (Wonen: gezinshuis) and 4A (ambulant); totals 100, 110, 120, 130.
SPEND_ROWS = [["Dordrecht", str(jaar), segment, str(bedrag)]
              for jaar, per_segment in zip(range(2019, 2023), ([40, 10, 50], [44, 11, 55], [48, 12, 60], [52, 13, 65]),
                                           strict=True)
              for segment, bedrag in zip(["1", "2", "4A"], per_segment, strict=True)]
DORDRECHT = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), 2019, 2025, ())


def test_a_loaded_series_gives_the_scenario_per_group_with_its_assumptions(con) -> None:
    from jeugdhulp.pagedata import scenario as pagedata
    from tests.conftest import load, make_csv

    assert load(con, "dordrecht.csv", make_csv([HEADER, *SPEND_ROWS]), "uitgaven").ok
    # Youths in 2022: 13 in segment 1, 3 in segment 2 (shown as "<5"), 20 in 4A.
    volumes = [["gemeente", "jaar", "segment", "jeugdigen"], ["Dordrecht", "2022", "1", "13"],
               ["Dordrecht", "2022", "2", "3"], ["Dordrecht", "2022", "4A", "20"]]
    assert load(con, "jeugdigen.csv", make_csv(volumes), "volumes").ok
    data = pagedata.load(con, DORDRECHT, residentieel=-0.3, bereikt=3)
    # Forecast without change 140, 150, 160; shares of 2022: residential 52/130 = 0,4, gezinshuis 0,1, ambulant 0,5.
    assert data.jaar == 2022 and data.scenario.jaren == (2023, 2024, 2025)
    assert data.scenario.totaal("basis") == pytest.approx((140, 150, 160))
    assert data.scenario.totaal("scenario") == pytest.approx((134.4, 138, 140.8))   # 56 x 0,9 / 60 x 0,8 / 64 x 0,7
    reeks = data.reeks()
    assert reeks["jaar"].tolist() == [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    assert reeks["verschil"].tolist()[4:] == [-6, -12, -19]                       # rounded to whole euros
    assert not reeks["voorbeeld"].any() and reeks["bron"].iat[0].startswith("dordrecht.csv, ingelezen op ")
    assert "; jeugdigen in zorg: jeugdigen.csv, ingelezen op " in data.bron      # the table's youths, from their file
    table = data.aannames()
    assert table.columns.tolist() == ["Groep", "Aanname", "Jeugdigen 2022", "Kosten per jeugdige 2022",
                                      "Zonder verandering 2025", "Scenario 2025", "Verschil", "waarvan volume"]
    assert [[cell.replace(NBSP, " ").replace(WJ, "") for cell in row] for row in table.values.tolist()] == [
        ["Residentiële zorg", "-30%", "13", "€ 4", "€ 64", "€ 45", "-€ 19", "-€ 19"],
        ["Pleegzorg en gezinshuizen", "geen", "<5", "–", "€ 16", "€ 16", "€ 0", "€ 0"],
        ["Ambulante hulp", "geen", "20", "€ 3", "€ 80", "€ 80", "€ 0", "€ 0"],       # 65 / 20
        ["Overige jeugdhulp", "n.v.t. (geen uitgaven)", "–", "–", "€ 0", "€ 0", "€ 0", "€ 0"],
        ["Extra prijsstijging (alle groepen)", "geen", "", "", "", "", "", ""],
        ["Jeugdigen in zorg (alle groepen)", "geen", "", "", "", "", "", ""],
        ["Volumeverandering volledig in", "2025", "", "", "", "", "", ""],
        ["Totaal", "", "", "", "€ 160", "€ 141", "-€ 19", "-€ 19"],
    ]
    assert " " not in table.iat[0, 6], "an amount never breaks over two lines"
    assert data.samenvatting() == f"residentieel{NBSP}-30%, volledig{NBSP}in{NBSP}2025"
    # The hidden count is not in the table behind the chart either, nor a cost per youth made from it.
    groups = data.tabel().set_index("groep")
    assert pd.isna(groups.at["pleegzorg", "jeugdigen"]) and bool(groups.at["pleegzorg", "jeugdigen_klein"])
    assert pd.isna(groups.at["pleegzorg", "kosten_per_jeugdige"])


def test_youths_of_another_status_than_the_spend_give_no_cost_per_youth(con) -> None:
    from jeugdhulp.pagedata import scenario as pagedata
    from tests.conftest import load, make_csv

    assert load(con, "dordrecht.csv", make_csv([HEADER, *SPEND_ROWS]), "uitgaven").ok
    volumes = [["gemeente", "jaar", "segment", "jeugdigen"], ["Dordrecht", "2022", "1", "13"]]
    assert load(con, "vb.csv", make_csv(volumes), "volumes", voorbeeld=True).ok
    data = pagedata.load(con, DORDRECHT, residentieel=-0.3)
    assert data.jeugdigen_reden.startswith("De jeugdigen in zorg hebben een andere status")
    assert data.groepen["jeugdigen"].isna().all() and data.groepen["kosten_per_jeugdige"].isna().all()
    assert not data.voorbeeld      # the spend, and so the scenario, is real


def test_too_few_years_give_no_scenario(con) -> None:
    from jeugdhulp.pagedata import scenario as pagedata
    from tests.conftest import load, make_csv

    assert load(con, "dordrecht.csv", make_csv([HEADER, *SPEND_ROWS[:9]]), "uitgaven").ok   # 2019-2021
    data = pagedata.load(con, DORDRECHT, residentieel=-0.3)
    assert data.scenario is None and data.aannames().empty
    assert data.reeks()["zonder_verandering"].isna().all()


# --- the page ------------------------------------------------------------------------------------------------------

def test_the_page_starts_grjr_at_its_targets_and_a_knob_changes_total_and_link(example_db) -> None:
    from tests.test_pages import chart_titles, open_app

    at = open_app(example_db, {"regio": "GRJR", "gemeenten": "GM0599", "jaren": "2019,2025"})
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Wat als de inzet van jeugdhulp verandert?"]
    assert any(w.value.startswith("Voorbeelddata (fictief)") for w in at.warning)
    assert at.select_slider(key="scenario_residentieel").value == -30
    assert at.select_slider(key="scenario_pleegzorg").value == 30
    assert at.select_slider(key="scenario_ambulant").value == 0
    assert any(c.value.startswith("Standaard: de doelen van de regio, +30% pleegzorg en gezinshuizen in 2025 "
                                  "(Inkoopstrategie GRJR, § 1.1) en -30% residentiële zorg in 2025") for c in at.caption)
    assert [m.label for m in at.metric] == ["Uitgaven 2028 in het scenario", "Verschil 2026–2028 samen"]
    assumptions = next(d.value for d in at.table if "Aanname" in d.value.columns)
    assert assumptions["Groep"].tolist() == [
        "Residentiële zorg", "Pleegzorg en gezinshuizen", "Ambulante hulp", "Overige jeugdhulp",
        "Extra prijsstijging (alle groepen)", "Jeugdigen in zorg (alle groepen)", "Volumeverandering volledig in",
        "Totaal"]
    assert assumptions["Aanname"].tolist()[:4] == ["-30%", "+30%", "geen", "geen"]
    assert [t.replace(NBSP, " ") for t in chart_titles(at)[-2:]] == [
        "Uitgaven in het scenario (residentieel -30%, pleegzorg/gezinshuis +30%, volledig in 2028) — Rotterdam",
        "Scenario 2028 per groep (residentieel -30%, pleegzorg/gezinshuis +30%, volledig in 2028) — Rotterdam"]
    assert at.query_params["residentieel"] == "-30" and at.query_params["bereikt"] == "2028"   # the year, readable

    before = at.metric[0].value
    at.select_slider(key="scenario_residentieel").set_value(-50).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value != before, "fewer youths in residential care lower the total"
    assert at.query_params["residentieel"] == "-50"


def test_a_link_reproduces_the_scenario_and_a_region_without_targets_starts_at_zero(example_db) -> None:
    from tests.test_pages import open_app

    params = {"regio": "GRJR", "gemeenten": "GM0599", "jaren": "2019,2025", "residentieel": "-20", "pleegzorg": "10",
              "ambulant": "5", "prijs": "1.5", "instroom": "-2", "bereikt": "2027"}
    at = open_app(example_db, params)
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [at.select_slider(key=f"scenario_{k}").value for k in ("residentieel", "pleegzorg", "ambulant", "prijs",
                                                                   "instroom", "bereikt")] == [-20, 10, 5, 1.5, -2, 2]
    assumptions = next(d.value for d in at.table if "Aanname" in d.value.columns)
    assert assumptions["Aanname"].tolist()[:7] == ["-20%", "+10%", "+5%", "geen", "+1,5% per jaar",
                                                  "-2% per jaar", "2027"]

    at = open_app(example_db, {"regio": "ZHZ", "jaren": "2019,2025", "residentieel": "-33"})   # not a knob's step
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="scenario_residentieel").value == 0
    assert any(c.value.startswith("Standaard: geen verandering (de regio heeft geen doel met een streefwaarde")
               for c in at.caption)


def test_too_few_years_say_so_on_the_page(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db, {"regio": "ZHZ", "jaren": "2023,2025"})
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric
    assert [i.value for i in at.info][-1:] == [
        "Geen scenario: de prognose zonder verandering heeft minstens 4 jaar uitgaven nodig. Kies in de zijbalk meer "
        "jaren of lees oudere cijfers in."]


# --- PowerPoint -----------------------------------------------------------------------------------------------------

def test_the_scenario_goes_to_powerpoint_as_a_line_chart_and_a_slide_with_its_assumptions(con) -> None:
    from pptx import Presentation

    from jeugdhulp import grafieken
    from jeugdhulp.charts_prognose import scenario_groepen, scenario_totaal
    from jeugdhulp.export import to_pptx
    from jeugdhulp.export.pptx_charts import native_chart
    from jeugdhulp.pagedata import scenario as pagedata
    from jeugdhulp.presentatie import Dia
    from tests.conftest import load, make_csv

    assert load(con, "dordrecht.csv", make_csv([HEADER, *SPEND_ROWS]), "uitgaven").ok
    data = pagedata.load(con, DORDRECHT, residentieel=-0.3, prijs=0.015)
    totals = scenario_totaal(data.reeks(), "Scenario", data.bron, False, "")
    spec = native_chart(totals)
    assert spec.kind == "line" and [name for name, _ in spec.series] == ["Werkelijk", "Zonder verandering", "Scenario"]
    assert spec.categories == ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]

    table = data.tabel()
    fig = scenario_groepen(table, 2025, "Scenario 2025 per groep", data.bron, False, tabel=data.aannames())
    made = grafieken.prepare(grafieken.Grafiek(fig, table, {"naam": "Groep"}, "k", "Scenario", "d"))
    dia = Dia(1, 1, "k", made.titel, made.definitie, made.bron, False, made.fig.to_json(),
              made.export.to_json(orient="split", index=False))
    deck = Presentation(io.BytesIO(to_pptx([dia], "T", "S", datetime.now(UTC))))
    [shape] = [s for slide in deck.slides for s in slide.shapes if s.has_table]
    cells = [[cell.text for cell in row.cells] for row in shape.table.rows]
    assert cells[0][:2] == ["Groep", "Aanname"]
    # 64 x 0,7 x 1,015^3 - 64 = -17,2: the group's difference has the price rise in it, its volume part does not.
    assert cells[1][:2] == ["Residentiële zorg", "-30%"] and cells[1][6:8] == [f"-{WJ}€{NBSP}17", f"-{WJ}€{NBSP}19"]
    assert cells[5][:2] == ["Extra prijsstijging (alle groepen)", "+1,5% per jaar"]
    assert cells[-1][0] == "Totaal"


def test_chosen_segments_limit_the_groups_to_theirs(example_template, tmp_path_factory) -> None:
    """ZHZ with segments 1 (residential) and 4A (ambulant) chosen: the other groups have no spend and stay at 0, and
    the scenario's starting point is the forecast of those segments' spend."""
    import duckdb

    from jeugdhulp.pagedata import prognose as prognose_data
    from jeugdhulp.pagedata import scenario as pagedata
    from tests.conftest import copy_example

    example = duckdb.connect(str(copy_example(example_template, tmp_path_factory, "scenario_segmenten")), read_only=True)
    sel = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2019, 2025, ("1", "4A"))
    data = pagedata.load(example, sel, residentieel=-0.3)
    groups = data.tabel().set_index("groep")
    assert groups.loc[["pleegzorg", "overig"], "zonder_verandering"].tolist() == [0, 0]
    assert groups.loc[["residentieel", "ambulant"], "zonder_verandering"].gt(0).all()
    forecast = prognose_data.load(example, sel, 0.0).uitgaven
    assert data.scenario.totaal("basis") == pytest.approx(forecast.midden)
    assert data.scenario.verschil()[-1] == pytest.approx(-0.3 * data.scenario.basis["residentieel"][-1])
    assert data.samenvatting().replace(NBSP, " ") == "residentieel -30%, volledig in 2028"
    assert data.aannames()["Aanname"].tolist()[:4] == ["-30%", "n.v.t. (geen uitgaven)", "geen", "n.v.t. (geen uitgaven)"]
    example.close()


def test_the_scenario_survives_another_page_and_a_new_region_starts_from_its_own_targets(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db, {"regio": "GRJR", "jaren": "2019,2025"})
    at.switch_page("pages/scenario.py").run()
    at.select_slider(key="scenario_residentieel").set_value(-50).run()
    at.select_slider(key="scenario_prijs").set_value(2.5).run()
    at.switch_page("pages/prognose.py").run()
    at.query_params.clear()               # a page switch in the browser drops the page's own parameters
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="scenario_residentieel").value == -50
    assert at.select_slider(key="scenario_prijs").value == 2.5
    assert at.select_slider(key="scenario_pleegzorg").value == 30

    # Another region in the sidebar (after a page switch AppTest runs the page alone: the filter bar's result is set).
    at.session_state["filter_selectie"] = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2019, 2025, ())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [at.select_slider(key=f"scenario_{k}").value for k in ("residentieel", "pleegzorg", "prijs")] == [0, 0, 0]
    # Nothing changed: the difference is € 0, without an arrow that reads as a rise.
    assert at.metric[0].delta == "€ 0 t.o.v. zonder verandering"
    assert at.metric[1].value == "€ 0"

    # Back to GRJR at -50%, then to ZHZ with too few years (no scenario, no knobs drawn), another page, more years:
    # ZHZ still starts from its own (no) targets, not from what GRJR had.
    at.session_state["filter_selectie"] = Selectie("GRJR", "Rijnmond (GRJR)", (), (), 2019, 2025, ())
    at.run()
    at.select_slider(key="scenario_residentieel").set_value(-50).run()
    at.session_state["filter_selectie"] = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2023, 2025, ())
    at.run()
    assert not at.metric
    at.switch_page("pages/prognose.py").run()
    at.query_params.clear()
    at.session_state["filter_selectie"] = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2019, 2025, ())
    at.switch_page("pages/scenario.py").run()
    assert at.select_slider(key="scenario_residentieel").value == 0


def test_numbers_in_the_link_count_however_written_and_past_figures_are_pointed_out(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db, {"regio": "GRJR", "jaren": "2019,2022", "residentieel": "-20.0", "pleegzorg": "+10",
                               "prijs": "2,50", "instroom": "1e9", "bereikt": "2.0"})     # an older link's step
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [at.select_slider(key=f"scenario_{k}").value for k in ("residentieel", "pleegzorg", "prijs", "instroom",
                                                                   "bereikt")] == [-20, 10, 2.5, 0, 2]
    assert [m.label for m in at.metric][0] == "Uitgaven 2025 in het scenario"
    assert ("De prognose begint na het laatste gekozen jaar, 2022. Er zijn al uitgaven tot en met 2025: kies dat jaar "
            "in de zijbalk voor een prognose vanaf nu.") in [i.value for i in at.info]


def test_a_group_the_selection_has_no_spend_in_gets_no_knob(example_db) -> None:
    from tests.test_pages import chart_titles, open_app

    at = open_app(example_db, {"regio": "MIJOV", "jaren": "2019,2025", "pleegzorg": "30"})   # MIJOV: no foster care
    at.switch_page("pages/scenario.py").run()
    assert not at.exception, [e.value for e in at.exception]
    knob = at.select_slider(key="scenario_pleegzorg")
    assert knob.disabled and knob.format_func(30) == "n.v.t. (+30%)"       # it says so and cannot move
    assumptions = next(d.value for d in at.table if "Aanname" in d.value.columns)
    assert assumptions.loc[assumptions["Groep"] == "Pleegzorg en gezinshuizen", "Aanname"].tolist() == [
        "n.v.t. (geen uitgaven)"]
    assert "pleegzorg" not in at.metric[0].label and "pleegzorg" not in " ".join(chart_titles(at))


def test_a_knob_a_segment_filter_leaves_without_a_group_keeps_its_value_for_when_it_is_back(example_db) -> None:
    from tests.test_pages import open_app

    at = open_app(example_db, {"regio": "GRJR", "jaren": "2019,2025"})
    at.switch_page("pages/scenario.py").run()
    assert at.select_slider(key="scenario_residentieel").value == -30
    # Only pakket E (ambulant) in the sidebar: residential care has no spend, its knob cannot move.
    at.session_state["filter_selectie"] = Selectie("GRJR", "Rijnmond (GRJR)", (), (), 2019, 2025, ("E",))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="scenario_residentieel").disabled
    assert at.metric[0].delta == "€ 0 t.o.v. zonder verandering"
    # All segments again: the target is still there.
    at.session_state["filter_selectie"] = Selectie("GRJR", "Rijnmond (GRJR)", (), (), 2019, 2025, ())
    at.run()
    knob = at.select_slider(key="scenario_residentieel")
    assert (knob.value, knob.disabled) == (-30, False)


def test_an_uploaded_target_off_the_knobs_steps_starts_at_the_nearest_and_its_source_stays_text(
        example_template, tmp_path_factory) -> None:
    """A controller's targets file for ZHZ: -33% (not a step of 5) with markdown in its source. The knob starts at
    -35% and says so; the citation is shown as typed, never as bold text or a link."""
    from jeugdhulp import db
    from tests.conftest import app_on, copy_example, load, make_csv
    from tests.test_pages import open_app

    path = copy_example(example_template, tmp_path_factory, "scenario_doel")
    con = db.connect(path)
    doel = make_csv([["kpi", "basisjaar", "doeljaar", "wijziging_pct", "regio", "bron"],
                     ["residentieel_volume", "2021", "2027", "-33", "Zuid-Holland Zuid", "**Nota** [klik](x.nl) § 2: tekst"]])
    assert load(con, "doelen.csv", doel, "doelen").ok
    con.close()
    with app_on(path, tmp_path_factory):
        at = open_app(path, {"regio": "ZHZ", "jaren": "2019,2025"})
        at.switch_page("pages/scenario.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.select_slider(key="scenario_residentieel").value == -35
        [caption] = [c.value for c in at.caption if c.value.startswith("Standaard:")]
        # The citation is the source's text before its first colon, escaped.
        assert caption.startswith("Standaard: de doelen van de regio, -33% residentiële zorg in 2027 (\\*\\*Nota\\*\\* "
                                  "\\[klik\\](x.nl) § 2); de knop staat op de dichtstbijzijnde stap, -35%. ")


def test_example_youths_in_a_group_without_spend_are_not_shown_beside_real_spend(con) -> None:
    """Real spend and youths, and an example volumes file for segment 3 (daghulp, no spend): the table would show
    those example youths unmarked beside real figures; they are left out, with the reason."""
    from jeugdhulp.pagedata import scenario as pagedata
    from tests.conftest import load, make_csv

    assert load(con, "dordrecht.csv", make_csv([HEADER, *SPEND_ROWS]), "uitgaven").ok
    assert load(con, "jeugd.csv", make_csv([["gemeente", "jaar", "segment", "jeugdigen"],
                                            ["Dordrecht", "2022", "1", "13"]]), "volumes").ok
    assert load(con, "vb.csv", make_csv([["gemeente", "jaar", "segment", "jeugdigen"], ["Dordrecht", "2022", "3", "40"]]),
                "volumes", voorbeeld=True).ok
    data = pagedata.load(con, DORDRECHT, residentieel=-0.3)
    assert data.jeugdigen_reden.startswith("De jeugdigen in zorg hebben een andere status")
    assert data.groepen["jeugdigen"].isna().all() and not data.voorbeeld


def test_the_youths_file_is_named_even_when_its_name_is_part_of_the_spends(con) -> None:
    from jeugdhulp.pagedata import scenario as pagedata
    from tests.conftest import load, make_csv

    assert load(con, "extra_jeugd.csv", make_csv([HEADER, *SPEND_ROWS]), "uitgaven").ok
    assert load(con, "jeugd.csv", make_csv([["gemeente", "jaar", "segment", "jeugdigen"],
                                            ["Dordrecht", "2022", "1", "13"]]), "volumes").ok
    data = pagedata.load(con, DORDRECHT, residentieel=-0.3)
    assert "; jeugdigen in zorg: jeugd.csv, ingelezen op " in data.bron
