"""Real figures first (issue 12): every figure from the regions' public documents (data/bronnen/figures_*.csv)
that a page shows appears there with its source line, apart from the example data; uncertain ones never do; and
where a page puts a document's region total next to the example data, the example data agrees with it."""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulp import bronfeiten
from jeugdhulp.pagedata import keuzes, overzicht
from jeugdhulp.selectie import Selectie
from tests.conftest import load, make_csv, make_xlsx

APP = Path(__file__).resolve().parent.parent / "app.py"
SOURCES = Path(__file__).resolve().parent.parent / "data" / "bronnen"
FIGURES = {"GRJR": "figures_grjr.csv", "MIJOV": "figures_mijov.csv"}
NAMES = {"GRJR": "Rijnmond (GRJR)", "MIJOV": "Midden-IJssel/Oost-Veluwe"}
UNCERTAIN = "toewijzing onzeker"

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")


@pytest.fixture(scope="module")
def app_db(example_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The example database as the app opens it (DuckDB refuses a read-only connection to a file this process
    already has open for the AppTest runs, and the other way round)."""
    con = duckdb.connect(str(example_db))
    yield con
    con.close()


def source_rows(regio: str, certain: bool = True) -> list[dict[str, str]]:
    """The figures of a region as data/bronnen holds them: the certain ones, or the uncertain ones."""
    with (SOURCES / FIGURES[regio]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["note"].startswith(UNCERTAIN) != certain]


def source_line(row: dict[str, str]) -> str:
    """As a reader finds it: the document and the section (data/README.md, 'vindplaats')."""
    return f"{row['source_document']}, {row['vindplaats']}"


def open_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(params)
    at.run()
    if page != "pages/overzicht.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """Everything a reader can read on the page, tabs and expanders included (table cells one per line)."""
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    for frame in at.dataframe:
        parts += [" | ".join(map(str, row)) for row in frame.value.astype(str).itertuples(index=False)]
    return "\n".join(parts)


def figures(at: AppTest) -> dict[str, dict]:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return {fig["layout"]["title"]["text"]: fig for fig in charts}


def values(data: object) -> list:
    """A trace's x or y as a list, also when plotly wrote it as a base64 typed array."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data)


def assert_shown(text: str, feiten: list[bronfeiten.Feit]) -> None:
    assert feiten, "the registry names no figure for this page and region"
    for feit in feiten:
        assert feit.cijfer in text, f"{feit.onderwerp}: {feit.cijfer} is not on the page"
        assert feit.bron in text, f"{feit.onderwerp}: the source '{feit.bron}' is not on the page"


# --- formatting and the registry ------------------------------------------------------------------------------

def test_document_figures_read_as_precisely_as_the_document_gives_them():
    assert bronfeiten.cijfer(98_673_332, "EUR") == "€ 98.673.332"
    assert bronfeiten.cijfer(235_900_000, "EUR") == "€ 235,9 mln"
    assert bronfeiten.cijfer(206_000_000, "EUR") == "€ 206,0 mln"
    assert bronfeiten.cijfer(3_800_000_000, "EUR") == "€ 3,8 mld"
    assert bronfeiten.cijfer(-2.5, "pct") == "-2,5%"
    assert bronfeiten.cijfer(300, "aantal") == "300"
    assert bronfeiten.cijfer(24, "uur") == "24 uur"
    assert bronfeiten.cijfer(20211101, "datum_jjjjmmdd") == "1 november 2021"
    assert bronfeiten.bron("Inkoopstrategie GRJR", ["§ 1.4", "§ 1.4"]) == "Inkoopstrategie GRJR, § 1.4"
    assert bronfeiten.bron("Inkoopstrategie GRJR", ["§ 1.4", "§ 3.2"]) == "Inkoopstrategie GRJR, § 1.4 en § 3.2"


def test_every_figure_the_registry_names_exists_in_data_bronnen():
    """A renamed measure or onderdeel in data/bronnen would silently empty a page's fact block."""
    certain = [(regio, r) for regio in FIGURES for r in source_rows(regio)]
    for page, toon in bronfeiten.PAGINAS.items():
        for t in toon:
            hits = [r for _, r in certain if r["measure"] in t.maten
                    and (not t.onderdelen or r["segment"] in t.onderdelen)
                    and (t.regel is None or r["source_line"] == t.regel)]
            assert {r["measure"] for r in hits} == set(t.maten), (page, t.onderwerp)


def test_uncertain_rows_are_never_facts_and_ranges_pair_up(con):
    header = ["region", "gemeente", "year", "measure", "segment", "value", "unit", "kind", "source_document",
              "source_line", "note", "vindplaats"]
    rows = [header,
            ["Midden-IJssel/Oost-Veluwe", "", 2023, "uitgaven_jeugdhulp", "totaal", 1_234_567, "EUR", "realisatie",
             "Strategie", 10, "totaal", "§ 1"],
            ["Midden-IJssel/Oost-Veluwe", "", 2023, "uitgaven_jeugdhulp", "totaal", 7_654_321, "EUR", "realisatie",
             "Strategie", 11, "toewijzing onzeker: label zonder legenda", "bijlage 2"],
            ["Midden-IJssel/Oost-Veluwe", "", "", "gemiddelde_wachttijd_ondergrens", "alles", 2, "maanden",
             "realisatie", "Strategie", 20, "", "§ 3"],
            ["Midden-IJssel/Oost-Veluwe", "", "", "gemiddelde_wachttijd_bovengrens", "alles", 5, "maanden",
             "realisatie", "Strategie", 21, "", "§ 3"]]
    report = load(con, "figures.csv", make_csv(rows, delimiter=","), "broncijfers")
    assert report.ok, report.problems

    totals = bronfeiten.feiten(con, "MIJOV", bronfeiten.TOTALEN)
    assert [(f.jaar, f.soort, f.cijfer, f.bron) for f in totals] == [(2023, "realisatie", "€ 1.234.567", "Strategie, § 1")]
    waits = bronfeiten.feiten(con, "MIJOV", bronfeiten.WACHTTIJD)
    assert [(f.cijfer, f.bron) for f in waits] == [("2 tot 5 maanden", "Strategie, § 3")]
    listed = bronfeiten.alle(con, "MIJOV")
    assert "€ 7.654.321" not in listed["Cijfer"].tolist() and len(listed) == 3


# --- Overzicht ----------------------------------------------------------------------------------------------

def test_no_begroting_gives_no_comparison(con):
    """NaN is truthy: a missing begroting once gave '–' with a red arrow."""
    data = make_xlsx({"Uitgaven": [["Gemeente", "Segment", "Jaar", "Bedrag"],
                                   ["Dordrecht", "4A", 2024, 100], ["Dordrecht", "4A", 2025, 120]]})
    assert load(con, "uitgaven.xlsx", data, "uitgaven").ok
    page = overzicht.load(con, Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2024, 2025, ()))
    assert page.afwijking_begroting is None and page.verschil_begroting_eur is None
    assert page.begroting_tekst == "geen begroting"
    assert page.begroting_uitleg.startswith("Voor 2025 is voor deze selectie geen begroting ingelezen.")
    assert page.verandering == pytest.approx(0.2)
    first_year = overzicht.load(con, Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2024, 2024, ()))
    assert first_year.verandering is None


def test_overzicht_shows_the_regions_document_total_with_source(app_db):
    shown = set()
    for regio in FIGURES:
        offered = keuzes.van_regio(app_db, regio).jaren
        totals = bronfeiten.feiten(app_db, regio, bronfeiten.PAGINAS["overzicht"])
        for year in sorted({f.jaar for f in totals if f.jaar in offered}):
            text = page_text(open_page("pages/overzicht.py", {"regio": regio, "jaren": f"{year},{year}"}))
            assert_shown(text, [f for f in totals if f.jaar == year])
            assert bronfeiten.STATUS in text
            shown.add((regio, year))
    assert shown >= {("MIJOV", 2023), ("GRJR", 2019)}     # years of a document total the slider offers


def test_overzicht_mijov_2023_and_grjr_2019_as_the_documents_state_them(example_db):
    mijov = open_page("pages/overzicht.py", {"regio": "MIJOV", "jaren": "2019,2023"})
    metrics = {m.label: m.value for m in mijov.metric}
    assert metrics["Uitgaven regio (document)"] == "€ 98.673.332"
    assert "realisatie 2023 € 98.673.332: Inkoopstrategie Jeugdhulp Zorgregio MIJOV, bijlage 2" in page_text(mijov)

    grjr = open_page("pages/overzicht.py", {"regio": "GRJR", "jaren": "2019,2019"})
    metric = next(m for m in grjr.metric if m.label == "Realisatie t.o.v. begroting (document)")
    assert (metric.value, metric.delta) == ("+14,5%", "€ 29,9 mln verschil")
    text = page_text(grjr)
    assert ("realisatie 2019 € 235,9 mln: Inkoopstrategie GRJR, § 1.4; "
            "begroting 2019 € 206,0 mln: Inkoopstrategie GRJR, § 1.4") in text
    assert "lokaal ingekochte jeugdhulp zit er niet in" in text


def test_overzicht_with_a_gemeente_says_the_figure_is_for_the_region_as_a_whole(example_db):
    at = open_page("pages/overzicht.py", {"regio": "MIJOV", "gemeenten": "GM0200", "jaren": "2019,2023"})
    text = page_text(at)
    assert "€ 98.673.332" not in text
    assert not [m for m in at.metric if "(document)" in m.label]
    assert ("Voor de regio als geheel staat het totaal over 2023 in een openbaar document (Inkoopstrategie Jeugdhulp "
            "Zorgregio MIJOV, bijlage 2)") in text


# --- Uitgaven -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("regio", "jaren"), [("MIJOV", "2019,2023"), ("GRJR", "2019,2025")])
def test_uitgaven_draws_document_totals_as_their_own_series(app_db, regio, jaren):
    at = open_page("pages/uitgaven.py", {"regio": regio, "jaren": jaren})
    first, last = map(int, jaren.split(","))
    drawn = [f for f in bronfeiten.feiten(app_db, regio, bronfeiten.PAGINAS["uitgaven"]) if first <= f.jaar <= last]
    text = page_text(at)
    assert_shown(text, drawn)
    traces = figures(at)[f"Uitgaven per jaar — Regio {NAMES[regio]}"]["data"]
    for feit in drawn:
        name = f"{feit.soort.capitalize()} (openbaar document)"
        trace = next(t for t in traces if t["name"] == name)
        assert trace["mode"] == "markers", "a document figure is never joined to a line"
        assert list(zip(values(trace["x"]), values(trace["y"]), strict=True)) == [
            (str(feit.jaar), pytest.approx(feit.waarde / 1e6))]
    table = next(d.value for d in at.dataframe if "Reeks" in d.value.columns)
    document_rows = table[table["Status"] == bronfeiten.STATUS]
    assert len(document_rows) == len(drawn)
    assert set(document_rows["Voorbeelddata (fictief)"]) == {"nee"}
    assert set(table.loc[table["Status"] != bronfeiten.STATUS, "Reeks"]) <= {"Begroting", "Realisatie"}


def test_uitgaven_for_one_gemeente_draws_no_document_total(example_db):
    at = open_page("pages/uitgaven.py", {"regio": "GRJR", "gemeenten": "GM0599", "jaren": "2019,2025"})
    traces = figures(at)["Uitgaven per jaar — Rotterdam"]["data"]
    assert [t["name"] for t in traces] == ["Begroting", "Realisatie"]
    assert ("Voor de regio als geheel staat het totaal over 2019 in een openbaar document (Inkoopstrategie GRJR, "
            "§ 1.4)") in page_text(at)


def test_uitgaven_grjr_tab_gives_every_begroting_and_jaarrekening_with_its_line(app_db):
    at = open_page("pages/uitgaven.py", {"regio": "GRJR", "jaren": "2019,2025"})
    table = next(d.value for d in at.dataframe if "Toelichting" in d.value.columns)
    rows = {(r["Zoals in het document"], r["Bron"]) for _, r in table.iterrows()}
    expected = [r for r in source_rows("GRJR") if r["measure"] == "uitgaven_jeugdhulp"]
    assert len(expected) == 10
    for row in expected:
        assert (bronfeiten.cijfer(float(row["value"]), "EUR"), source_line(row)) in rows


# --- Wachttijden (waits and the provider list) ---------------------------------------------------------------

@pytest.mark.parametrize("regio", ["MIJOV", "GRJR"])
def test_wachttijden_shows_the_waits_and_market_figures_with_source(app_db, regio):
    text = page_text(open_page("pages/wachttijden.py", {"regio": regio}))
    assert_shown(text, bronfeiten.feiten(app_db, regio, bronfeiten.PAGINAS["wachttijden"]))
    if regio == "MIJOV":
        for shown in ("3 tot 6 maanden", "Inkoopstrategie Jeugdhulp Zorgregio MIJOV, § 4.1",
                      "ruim 300", "**250**", "Inkoopstrategie Jeugdhulp Zorgregio MIJOV, bijlage 3"):
            assert shown in text
    else:
        assert "**5 tot 7** — Inkoopstrategie GRJR, § 3.2" in text


# --- Bronnen: every certain figure, none of the uncertain ones ----------------------------------------------------

@pytest.mark.parametrize("regio", ["MIJOV", "GRJR"])
def test_bronnen_lists_every_certain_figure_with_its_source(example_db, regio):
    at = open_page("pages/bronnen.py", {"regio": regio})
    table = next(d.value for d in at.dataframe if "Cijfer" in d.value.columns)
    listed = {(r["Jaar"], r["Cijfer"], r["Bron"]) for _, r in table.iterrows()}
    certain = source_rows(regio)
    assert len(table) == len(certain)
    for row in certain:
        text = bronfeiten.cijfer(float(row["value"]), row["unit"])
        assert any(entry[0] == row["year"] and entry[1].endswith(text) and entry[2] == source_line(row)
                   for entry in listed), (row["measure"], text, source_line(row))
    uncertain = source_rows(regio, certain=False)
    page = page_text(at)
    for row in uncertain:
        assert bronfeiten.cijfer(float(row["value"]), row["unit"]) not in page
    if uncertain:
        assert (f"{len(uncertain)} cijfers uit de documenten staan er niet bij" if len(uncertain) > 1 else
                "1 cijfer uit de documenten staat er niet bij") in page


# --- the example data agrees with the document where a page compares them --------------------------------------

def test_example_region_totals_agree_with_the_documents(app_db):
    """Where the Overzicht shows a document's region total above the example headline (the years the example data
    has), the example total equals it to the precision the document gives. Fails until the recalibrated example
    data (issue 12, part 3) is merged."""
    compared, wrong = set(), []
    for regio in FIGURES:
        for feit in bronfeiten.feiten(app_db, regio, bronfeiten.PAGINAS["overzicht"]):
            page = overzicht.load(app_db, Selectie(regio, NAMES[regio], (), (), feit.jaar, feit.jaar, ()))
            example_total = page.selectie[f"{feit.soort}_eur"]
            if pd.isna(example_total):
                continue        # no example figure that year (GRJR 2015-2018): nothing compared
            compared.add((regio, feit.jaar, feit.soort))
            step = bronfeiten.precisie(feit.waarde)
            if round(example_total / step) * step != feit.waarde:
                wrong.append(f"{regio} {feit.jaar} {feit.soort}: voorbeeld {example_total:,.0f}, document {feit.cijfer}")
    assert compared >= {("MIJOV", 2023, "realisatie"), ("GRJR", 2019, "realisatie"), ("GRJR", 2019, "begroting")}
    assert wrong == []


def test_the_page_asks_only_for_years_the_filter_bar_offers():
    grjr = [bronfeiten.Feit("totaal", "€ 1 mln", 1.0, year, "realisatie", "Inkoopstrategie GRJR", ("639",))
            for year in range(2015, 2020)]
    sel = Selectie(regio="GRJR", regio_naam="Rijnmond (GRJR)", gemeenten=(), gemeente_namen=(), jaar_van=2021,
                   jaar_tot=2025, segmenten=())
    asked = bronfeiten.melding_totaal(grjr, sel, range(2025, 2026), laatste_jaar=True, kiesbaar=list(range(2019, 2026)))
    assert asked.endswith("kies 2019 als laatste jaar om het hier te zien.")
    none = bronfeiten.melding_totaal(grjr, sel, range(2025, 2026), laatste_jaar=True, kiesbaar=[2024, 2025])
    assert none.endswith("die jaren vallen buiten de jaren met cijfers in dit dashboard. Ze staan op de pagina Bronnen en "
                         "gegevens.")
