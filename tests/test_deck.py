"""The ready-made deck after an upload (issue 17 part 2): which charts, in which order, its title slide, and that
it is all or nothing; the title slide's storage; the gemeenten a batch names for the "Bekijk" link."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from jeugdhulp import charts, db, deck, grafieken, presentatie, queries, safe
from jeugdhulp.pagedata import uitgaven
from jeugdhulp.selectie import Selectie
from tests.conftest import copy_example, load, make_csv

LOADED = datetime(2026, 12, 3, 16, 5, tzinfo=UTC)
ZHZ = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2019, 2025, ())
DORDRECHT = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), 2024, 2025, ())


@pytest.fixture(scope="module")
def example_rw(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of the example database (decks are stored in it)."""
    con = db.connect(copy_example(example_template, tmp_path_factory, "deck"))
    yield con
    con.close()


def keys(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    return [d.sleutel for d in presentatie.dias(con, token)]


def test_a_spend_deck_has_the_spend_charts_then_the_councils_themes(example_rw: duckdb.DuckDBPyConnection) -> None:
    token, added = deck.maak(example_rw, ZHZ, ["uitgaven"], ["uitgaven-2025.xlsx"], LOADED)
    assert added == 5
    assert keys(example_rw, token) == ["uitgaven_per_jeugdige", "uitgaven_per_gemeente", "uitgaven_aandeel_segment",
                                      "uitgaven_per_segment", "consultatie_rangorde"]
    assert presentatie.kop(example_rw, token) == ("Jeugdhulp in regio Zuid-Holland Zuid, 2019–2025",
                                                  "Bron: uitgaven-2025.xlsx, ingelezen 3 december 2026")
    first = presentatie.dias(example_rw, token)[0]
    assert first.titel == "Uitgaven per jeugdige — Regio Zuid-Holland Zuid"
    assert first.voorbeeld, "the example data stays marked as example on its slides"


def test_a_trajecten_deck_adds_waits_stays_and_the_target_for_the_gemeenten_loaded(
        example_rw: duckdb.DuckDBPyConnection) -> None:
    token, added = deck.maak(example_rw, DORDRECHT, ["trajecten"], ["trajecten.xlsx"], LOADED)
    assert keys(example_rw, token) == ["volumes_per_segment", "volumes_per_gemeente", "wachttijd_jaar",
                                      "verblijfsduur_jaar", "doelen_zonder", "consultatie_rangorde"]
    assert added == 6
    assert presentatie.kop(example_rw, token)[0] == "Jeugdhulp in Dordrecht, 2024–2025"
    titles = [d.titel for d in presentatie.dias(example_rw, token)]
    assert titles[0] == "Jeugdigen per segment — Dordrecht"


def test_the_slides_are_the_pages_charts(example_rw: duckdb.DuckDBPyConnection) -> None:
    """A slide of the deck stores what "Naar presentatie" on the page stores for the same selection."""
    token, _ = deck.maak(example_rw, ZHZ, ["uitgaven"], ["u.xlsx"], LOADED)
    slide = presentatie.dias(example_rw, token)[1]
    page = grafieken.prepare(grafieken.uitgaven_per_gemeente(uitgaven.load(example_rw, ZHZ), ZHZ))
    assert (slide.titel, slide.definitie, slide.bron) == (page.titel, page.definitie, page.bron)
    pd.testing.assert_frame_equal(slide.table(), page.export.reset_index(drop=True), check_dtype=False)


def test_a_region_without_figures_gets_no_deck_and_nothing_is_stored(example_rw: duckdb.DuckDBPyConnection) -> None:
    before = example_rw.execute("SELECT count(*) FROM presentatie_dia").fetchone()[0]
    twente = Selectie("TWENTE", "Twente", (), (), 2019, 2025, ())
    with pytest.raises(ValueError, match="geen grafieken met cijfers"):
        deck.maak(example_rw, twente, ["uitgaven"], ["u.xlsx"], LOADED)
    assert example_rw.execute("SELECT count(*) FROM presentatie_dia").fetchone()[0] == before


def test_a_full_storage_leaves_no_half_deck(example_rw: duckdb.DuckDBPyConnection, monkeypatch) -> None:
    monkeypatch.setattr(presentatie, "MAX_DIAS", 3)
    before = example_rw.execute("SELECT count(*) FROM presentatie_dia").fetchone()[0]
    with pytest.raises(ValueError, match="hoogstens 3 dia's"):
        deck.maak(example_rw, ZHZ, ["uitgaven"], ["u.xlsx"], LOADED)
    assert example_rw.execute("SELECT count(*) FROM presentatie_dia").fetchone()[0] == before


def test_the_proposed_title_is_cut_to_the_fields_length() -> None:
    proposal = deck.kop(ZHZ, ["x" * 300 + ".xlsx"], LOADED)
    assert len(proposal.ondertitel) == presentatie.MAX_ONDERTITEL
    assert proposal.ondertitel.startswith("Bron: xxx")


# --- the title slide's storage -----------------------------------------------------------------------------------

def _one_slide(con: duckdb.DuckDBPyConnection, token: str) -> None:
    frame = pd.DataFrame({"c": ["x"], "v": [1.0]})
    presentatie.add(con, token, charts.bars(frame, "c", "v", "T", "b", False, "v"), frame, sleutel="k", titel="T",
                    definitie="d", bron="b", voorbeeld=False)


def test_a_title_is_kept_only_for_a_presentation_with_slides(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="nog geen dia's"):
        presentatie.set_kop(con, "lege-presentatie", "Titel", "Onder")
    with pytest.raises(ValueError, match="ongeldige presentatiecode"):
        presentatie.set_kop(con, "x' OR 1=1 --", "Titel", "Onder")
    assert con.execute("SELECT count(*) FROM presentatie_kop").fetchone()[0] == 0
    _one_slide(con, "mijn-presentatie")
    presentatie.set_kop(con, "mijn-presentatie", "=HYPERLINK(\"x\")", "Onder")
    presentatie.set_kop(con, "mijn-presentatie", "Raad 12 januari", "Onder")
    assert presentatie.kop(con, "mijn-presentatie") == ("Raad 12 januari", "Onder")
    presentatie.clear(con, "mijn-presentatie")
    assert presentatie.kop(con, "mijn-presentatie") is None


def test_a_title_left_without_slides_is_pruned(con: duckdb.DuckDBPyConnection) -> None:
    _one_slide(con, "mijn-presentatie")
    presentatie.set_kop(con, "mijn-presentatie", "Titel", "Onder")
    (dia,) = presentatie.dias(con, "mijn-presentatie")
    presentatie.remove(con, "mijn-presentatie", dia.dia_id)
    presentatie.prune(con)
    assert presentatie.kop(con, "mijn-presentatie") is None


# --- what a batch covers -----------------------------------------------------------------------------------------

def test_a_batch_of_some_gemeenten_names_them_and_a_whole_region_does_not(con: duckdb.DuckDBPyConnection) -> None:
    header = ["Gemeente", "Jaar", "Segment", "Bedrag"]
    some = load(con, "twee.csv", make_csv([header, ["Gorinchem", "2025", "4A", "10"], ["Dordrecht", "2024", "4A", "20"]]),
                "uitgaven")
    assert some.ok, some.problems
    [view] = queries.batch_bereik(con, some.batch_ids[0]).itertuples(index=False)
    assert (view.kind, view.regio_code, view.jaar_van, view.jaar_tot, list(view.gemeenten)) == \
        ("uitgaven", "ZHZ", 2024, 2025, ["GM0505", "GM0512"])
    names = [n for (n,) in con.execute("SELECT naam FROM gemeente WHERE regio_code = 'ZHZ'").fetchall()]
    whole = load(con, "alle.csv", make_csv([header, *[[n, "2023", "4A", "5"] for n in names]]), "uitgaven")
    assert whole.ok, whole.problems
    [view] = queries.batch_bereik(con, whole.batch_ids[0]).itertuples(index=False)
    assert list(view.gemeenten) == []


def test_a_quote_in_an_uploaded_name_comes_back_from_the_browsers_escape() -> None:
    """Chromium sends 'Realisatie "voorlopig".xlsx' as 'Realisatie %22voorlopig%22.xlsx' (WHATWG form encoding)."""
    assert safe.upload_name("Realisatie %22voorlopig%22.xlsx") == 'Realisatie "voorlopig".xlsx'
    assert safe.upload_name("regel%0Aeen%0Dtwee.csv") == "regel een twee.csv"
    assert safe.upload_name("100% zeker.xlsx") == "100% zeker.xlsx"


def test_one_year_of_spend_leaves_out_the_one_dot_trend_and_the_one_bar_stack(
        example_rw: duckdb.DuckDBPyConnection) -> None:
    one_year = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2025, 2025, ())
    assert [g.key for g in deck.grafieken_voor(example_rw, one_year, ["uitgaven"])] == [
        "uitgaven_per_gemeente", "uitgaven_aandeel_segment", "consultatie_rangorde"]


def test_a_region_of_only_the_loaded_gemeenten_is_named_so(con: duckdb.DuckDBPyConnection) -> None:
    """Two of the ten ZHZ gemeenten loaded: the region's figure is theirs alone, and the charts say so instead of
    'regio' / 'Hele regio'; selecting those two draws one line, named after them."""
    population = load(con, "bevolking.csv", make_csv([
        ["code", "naam", "regio", "jaar", "inwoners", "jeugdigen_0_17"],
        *[[code, naam, "ZHZ", jaar, "100000", "20000"] for code, naam in (("GM0505", "Dordrecht"), ("GM0642", "Zwijndrecht"))
          for jaar in ("2023", "2024")]]), "gemeenten")
    assert population.ok, population.problems
    header = ["Gemeente", "Jaar", "Segment", "Bedrag"]
    report = load(con, "twee.csv", make_csv([header, ["Dordrecht", "2024", "4A", "1000000"],
                                             ["Zwijndrecht", "2024", "4A", "500000"],
                                             ["Dordrecht", "2023", "4A", "900000"],
                                             ["Zwijndrecht", "2023", "4A", "400000"]]), "uitgaven")
    assert report.ok, report.problems
    whole = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2023, 2024, ())
    data = uitgaven.load(con, whole)
    assert data.regio_label == "2 van de 10 gemeenten met cijfers"
    per_gemeente = grafieken.uitgaven_per_gemeente(data, whole)
    assert [a.text for a in per_gemeente.fig.layout.annotations if a.text.startswith("2 van")][0].startswith(
        "2 van de 10 gemeenten met cijfers: € ")
    assert per_gemeente.definition.endswith("hier alleen van de 2 van de 10 gemeenten met cijfers.")
    twee = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505", "GM0642"), ("Dordrecht", "Zwijndrecht"), 2023, 2024, ())
    trend = grafieken.uitgaven_per_jeugdige(uitgaven.load(con, twee), twee)
    assert [t.name for t in trend.fig.data] == ["Dordrecht, Zwijndrecht"]


def test_real_figures_come_before_charts_that_lean_on_example_figures(example_rw: duckdb.DuckDBPyConnection) -> None:
    """Real spend for every ZHZ gemeente over the example population (last in this module: it takes ZHZ's example
    spend away). The shares per segment are all real; the per-youth bars divide by fictitious youths: the deck
    opens on the real one."""
    names = [n for (n,) in example_rw.execute("SELECT naam FROM gemeente WHERE regio_code = 'ZHZ' ORDER BY naam").fetchall()]
    header = ["Gemeente", "Jaar", "Segment", "Bedrag"]
    report = load(example_rw, "echt.csv", make_csv([header, *[[n, "2025", "4A", "100000"] for n in names]]), "uitgaven")
    assert report.ok, report.problems
    one_year = Selectie("ZHZ", "Zuid-Holland Zuid", (), (), 2025, 2025, ())
    made = [grafieken.prepare(g) for g in deck.grafieken_voor(example_rw, one_year, ["uitgaven"])]
    assert [(d.about["sleutel"], d.voorbeeld, d.label) for d in made] == [
        ("uitgaven_aandeel_segment", False, ""),
        ("uitgaven_per_gemeente", False, "Deels voorbeelddata: inwoners 0-17 fictief"),
        ("consultatie_rangorde", False, "")]
