"""The whole country (issue 15): every gemeente and jeugdregio is known, merged gemeenten count toward their
successor, a region without segments gets one per vorm until a controller loads its own list, and trajecten
that carry only iJw product codes get their vorm and verblijf from the JZ21 list."""

from __future__ import annotations

import duckdb
import pytest

from jeugdhulp import queries
from loaders import ijw
from loaders.importer import undo_batch
from loaders.reference import Reference
from loaders.segmenten import UndoRefused
from tests.conftest import load, make_csv, table_snapshot

SEGMENTEN_TWENTE = make_csv([
    ["Regio", "Segment", "Omschrijving", "Vorm"],
    ["Twente", "1", "Jeugdhulp thuis en in de wijk", "ambulant"],
    ["Twente", "2", "Dagbehandeling", "Daghulp en dagbehandeling"],
    ["Twente", "3", "Pleegzorg en gezinshuizen", "pleegzorg"],
    ["Twente", "4", "Verblijf met behandeling", "residentieel"],
    ["Twente", "5", "Crisis", "crisis"],
])
TRAJECTEN_TWENTE = make_csv([
    ["Clientnummer", "Gemeente", "Productcode", "Startdatum", "Einddatum"],
    ["T-1", "Enschede", "45A48", "01-02-2024", "30-06-2024"],     # ambulant, zonder verblijf
    ["T-2", "Hengelo", "43A41", "01-03-2024", ""],                 # 'Hengelo (O.)'; verblijf (hulpvorm 14)
    ["T-3", "GM0141", "46A05", "05-03-2024", "12-03-2024"],        # Almelo; crisis pleegzorg: crisis, met verblijf
    ["T-4", "Borne", "41A03", "01-04-2024", ""],                   # daghulp
    ["T-5", "Enschede", "45Z99", "01-05-2024", ""],                # not in the list: category 45, ambulant
])


def segments(con: duckdb.DuckDBPyConnection, regio: str) -> list[tuple[str, str]]:
    return [tuple(r) for r in queries.segmenten(con, regio)[["segment_code", "segment"]].itertuples(index=False)]


def test_every_gemeente_and_jeugdregio_is_known(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*), count(DISTINCT regio_code), count(provincie) FROM gemeente").fetchone() == (
        342, 42, 342)
    assert con.execute("SELECT naam, regio_code, provincie FROM gemeente WHERE gemeente_code = 'GM0153'").fetchone() == (
        "Enschede", "TWENTE", "Overijssel")
    ref = Reference.from_db(con)
    assert ref.gemeente("Hengelo") == ("GM0164", "TWENTE", "GM0164")          # CBS: 'Hengelo (O.)'
    assert ref.gemeente("Den Haag") == ("GM0518", "HAAGLANDEN", "GM0518")     # CBS: "'s-Gravenhage"
    assert ref.gemeente("bergen") is None                                    # Bergen (L.) or Bergen (NH.)
    assert ref.regio("Rijnmond") == "GRJR" and ref.regio("Midden IJssel-Oost Veluwe") == "MIJOV"


def test_a_region_without_a_list_has_one_segment_per_vorm(con: duckdb.DuckDBPyConnection) -> None:
    assert segments(con, "TWENTE")[:3] == [("ambulant", "Ambulant"), ("daghulp", "Daghulp en dagbehandeling"),
                                           ("pleegzorg", "Pleegzorg")]
    assert len(segments(con, "TWENTE")) == 13
    assert len(segments(con, "ZHZ")) == 8        # the seed regions keep their own lists
    ref = Reference.from_db(con)
    assert ref.segment("TWENTE", "Jeugdhulp ambulant") == "ambulant"         # the iJw category's name
    assert ref.segment("TWENTE", "45") == "ambulant"
    assert ref.segment("TWENTE", "Jeugdhulp verblijf (incl. behandeling)") == "residentieel"


def test_a_region_appears_in_the_choice_once_it_has_figures(con: duckdb.DuckDBPyConnection) -> None:
    assert load(con, "figuren_zhz.csv", make_csv([["gemeente", "jaar", "segment", "bedrag"],
                                                  ["Dordrecht", "2024", "4A", "100"]])).ok
    assert list(queries.regios(con)["regio_code"]) == ["ZHZ"]
    report = load(con, "trajecten_twente.csv", TRAJECTEN_TWENTE)
    assert report.ok, report.problems
    assert list(queries.regios(con)["regio_code"]) == ["TWENTE", "ZHZ"]


def test_product_codes_alone_give_segment_vorm_and_stay(con: duckdb.DuckDBPyConnection) -> None:
    report = load(con, "trajecten_twente.csv", TRAJECTEN_TWENTE)
    assert report.ok, report.problems
    rows = con.execute("SELECT gemeente_code, productcode, productcategorie, segment_code, verblijf FROM trajecten"
                       " ORDER BY startdatum").fetchall()
    assert rows == [
        ("GM0153", "45A48", "45", "ambulant", False),
        ("GM0164", "43A41", "43", "residentieel", True),
        ("GM0141", "46A05", "46", "crisis", True),
        ("GM0147", "41A03", "41", "daghulp", False),
        ("GM0153", "45Z99", "45", "ambulant", False),
    ]


def test_the_jz21_list_maps_products_to_our_vormen() -> None:
    products = ijw.products()
    assert len(products) == 450
    assert (products["46A05"].vorm, products["46A05"].verblijf) == ("crisis", True)
    assert (products["48A01"].vorm, products["48A01"].verblijf) == ("jeugdbescherming", None)
    assert (products["41A03"].vorm, products["41A03"].verblijf) == ("daghulp", False)
    foster = [p for p in products.values() if p.categorie == "44" and p.vorm == "pleegzorg"]
    assert len(foster) == 13 and all(p.verblijf for p in foster)
    assert ijw.vormen("45Z99", "45") == ("ambulant", "ggz")       # unknown code: its category
    assert ijw.vormen("44A11", "44")[0] == products["44A11"].vorm


def test_an_unknown_product_category_is_reported_per_row(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Clientnummer", "Gemeente", "Productcode", "Startdatum"],
                     ["T-1", "Enschede", "45A48", "01-02-2024"],
                     ["T-2", "Enschede", "99A01", "01-02-2024"]])
    before = table_snapshot(con)
    report = load(con, "codes.csv", data)
    assert [(p.code, p.row, p.value) for p in report.problems] == [("ongeldige-productcategorie", 3, "99A01")]
    assert table_snapshot(con) == before


def test_a_controller_loads_the_regions_own_segments_then_figures_use_them(con: duckdb.DuckDBPyConnection) -> None:
    report = load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE)
    assert report.ok, report.problems
    assert [s.kind for s in report.sheets] == ["segmenten"]
    assert segments(con, "TWENTE") == [("1", "Jeugdhulp thuis en in de wijk"), ("2", "Dagbehandeling"),
                                       ("3", "Pleegzorg en gezinshuizen"), ("4", "Verblijf met behandeling"),
                                       ("5", "Crisis")]
    assert con.execute("SELECT residentieel, vorm, batch_id FROM segment WHERE regio_code = 'TWENTE'"
                       " AND segment_code = '4'").fetchone() == (True, "residentieel", report.batch_ids[0])
    spend = load(con, "uitgaven_twente.csv", make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"],
                                                       ["Enschede", "2024", "1", "€ 12.345.678,00"],
                                                       ["Hengelo", "2024", "Verblijf met behandeling", "8.000.000"]]))
    assert spend.ok, spend.problems
    trajecten = load(con, "trajecten_twente.csv", TRAJECTEN_TWENTE)
    assert trajecten.ok, trajecten.problems
    assert con.execute("SELECT productcode, segment_code FROM trajecten ORDER BY startdatum").fetchall() == [
        ("45A48", "1"), ("43A41", "4"), ("46A05", "5"), ("41A03", "2"), ("45Z99", "1")]

    # Undo is refused while figures use the list; after those are undone, the standard list comes back.
    with pytest.raises(UndoRefused, match="worden nog gebruikt door cijfers"):
        undo_batch(con, report.batch_ids[0])
    assert len(segments(con, "TWENTE")) == 5
    assert undo_batch(con, spend.batch_ids[0]) and undo_batch(con, trajecten.batch_ids[0])
    assert undo_batch(con, report.batch_ids[0])
    assert len(segments(con, "TWENTE")) == 13


def test_a_changed_segment_under_a_known_code_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    assert load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE).ok
    before = table_snapshot(con)
    changed = make_csv([["Regio", "Segment", "Omschrijving", "Vorm"], ["Twente", "4", "Gesloten plaatsing", "gesloten"]])
    report = load(con, "segmenten_twente_2.csv", changed)
    assert [(p.code, p.row, p.value) for p in report.problems] == [("segment-bestaat", 2, "4")]
    assert report.problems[0].message.startswith(
        "De regio heeft al een segment met code '4': Verblijf met behandeling (residentieel).")
    assert table_snapshot(con) == before


def test_an_unknown_vorm_is_refused_with_the_choices(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Regio", "Segment", "Omschrijving", "Vorm"], ["Twente", "1", "Wijk", "wijkteam"]])
    report = load(con, "segmenten.csv", data)
    assert [(p.code, p.row, p.value) for p in report.problems] == [("ongeldige-waarde", 2, "wijkteam")]
    assert "ambulant" in report.problems[0].message and "residentieel" in report.problems[0].message


def test_figures_of_merged_gemeenten_count_toward_their_successor(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"],
                     ["Brielle", "2022", "B", "1.000"],
                     ["GM0530", "2022", "B", "2.500"],          # Hellevoetsluis
                     ["Westvoorne", "2022", "C", "400"],
                     ["Voorne aan Zee", "2023", "B", "5.000"]])
    report = load(con, "grjr_2022.csv", data)
    assert report.ok, report.problems
    assert con.execute("SELECT gemeente_code, segment_code, jaar, bedrag_eur FROM uitgaven ORDER BY jaar, segment_code"
                       ).fetchall() == [("GM1992", "B", 2022, 3500), ("GM1992", "C", 2022, 400),
                                        ("GM1992", "B", 2023, 5000)]
    assert ("Blad 'csv': Brielle (GM0501) is per 2023 opgegaan in Voorne aan Zee (GM1992); de cijfers tellen "
            "mee bij Voorne aan Zee.") in report.notes


def test_a_merged_gemeente_twice_is_still_a_duplicate(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"], ["Brielle", "2022", "B", "1"], ["GM0501", "2022", "B", "2"]])
    report = load(con, "dubbel.csv", data)
    assert [(p.code, p.row) for p in report.problems] == [("dubbele-sleutel", 3)]


def test_a_split_gemeente_is_refused_with_its_successors(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"], ["Haaren", "2020", "ambulant", "1"]])
    report = load(con, "haaren.csv", data)
    assert [(p.code, p.row, p.value) for p in report.problems] == [("gemeente-opgesplitst", 2, "Haaren")]
    assert report.problems[0].message.startswith(
        "Gemeente 'Haaren' bestaat niet meer: ze is verdeeld over Boxtel, Oisterwijk, Tilburg en Vught (per 2021).")


def test_a_file_checked_against_an_older_segment_list_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    """The reference was read before another import replaced Twente's standard segments: trajecten resolved to
    'ambulant' must not be stored under a segment the region no longer has."""
    from loaders.importer import InputFile, import_file
    from tests.conftest import TEST_KEY

    stale = Reference.from_db(con)
    assert load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE).ok
    before = table_snapshot(con)
    report = import_file(con, InputFile("trajecten_twente.csv", TRAJECTEN_TWENTE), user="test", key=TEST_KEY, ref=stale)
    assert sorted((p.code, p.value) for p in report.problems) == [
        ("onbekend-segment", "ambulant"), ("onbekend-segment", "crisis"), ("onbekend-segment", "daghulp"),
        ("onbekend-segment", "residentieel")]
    assert table_snapshot(con) == before
