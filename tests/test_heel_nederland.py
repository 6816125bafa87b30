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
    assert ref.ambiguous["bergen"] == ["Bergen (L.)", "Bergen (NH.)"]
    assert ref.gemeente("Gemeente Almelo") == ("GM0141", "TWENTE", "GM0141")
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


def test_regions_with_figures_come_first_in_the_choice(con: duckdb.DuckDBPyConnection) -> None:
    assert load(con, "figuren_zhz.csv", make_csv([["gemeente", "jaar", "segment", "bedrag"],
                                                  ["Dordrecht", "2024", "4A", "100"]])).ok
    regios = queries.regios(con)
    assert len(regios) == 42 and list(regios["regio_code"][:3]) == ["ZHZ", "ACHTERHOEK", "AMSTERDAM-AMSTELLAND"]
    report = load(con, "trajecten_twente.csv", TRAJECTEN_TWENTE)
    assert report.ok, report.problems
    assert list(queries.regios(con)["regio_code"][:3]) == ["TWENTE", "ZHZ", "ACHTERHOEK"]


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
    assert ("Blad 'csv': Brielle (GM0501) is in 2023 opgegaan in Voorne aan Zee (GM1992); de cijfers tellen "
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


def test_an_ambiguous_short_name_is_refused_naming_both(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"], ["Bergen", "2024", "ambulant", "1"]])
    report = load(con, "bergen.csv", data)
    assert [p.message for p in report.problems] == [
        "Onbekende gemeente 'Bergen'. Bedoelde u Bergen (L.) of Bergen (NH.)?"]


def _wachttijden(con: duckdb.DuckDBPyConnection):
    from jeugdhulp.pagedata import wachttijden
    from jeugdhulp.selectie import Selectie

    return wachttijden.load(con, Selectie("TWENTE", "Twente", (), (), 2024, 2024, ()))


def test_a_second_list_gets_places_after_the_first(con: duckdb.DuckDBPyConnection) -> None:
    """The pages key a segment on its place in the region's list: two lists must not both start at 1 (the Wachttijd
    page failed on that)."""
    assert load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE).ok
    extra = make_csv([["Regio", "Segment", "Omschrijving", "Vorm"], ["Twente", "9", "Jeugdbescherming", "jeugdbescherming"]])
    assert load(con, "segmenten_twente_2.csv", extra).ok
    assert con.execute("SELECT segment_code, volgorde FROM segment WHERE regio_code = 'TWENTE' ORDER BY volgorde"
                       ).fetchall() == [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), ("9", 6)]
    codes = make_csv([["Clientnummer", "Gemeente", "Productcode", "Aanmelddatum", "Startdatum"],
                      *[[f"T-{i}", "Enschede", "48A01" if i % 2 else "45A48", "01-01-2024", "01-02-2024"]
                        for i in range(12)]])
    assert load(con, "trajecten.csv", codes).ok
    data = _wachttijden(con)
    assert sorted(data.wacht_segment["segment"].unique()) == ["Jeugdbescherming", "Jeugdhulp thuis en in de wijk"]


def test_standard_segments_with_figures_stay_behind_the_own_list_and_the_report_says_so(
        con: duckdb.DuckDBPyConnection) -> None:
    spend = make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"], ["Almelo", "2023", "Ambulant", "€ 1.234,56"]])
    first = load(con, "uitgaven_standaard.csv", spend)
    assert first.ok, first.problems
    report = load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE)
    assert report.ok, report.problems
    assert report.notes == [
        "De standaardsegmenten Ambulant van TWENTE blijven naast de eigen segmenten bestaan: er staan al cijfers op. "
        "Wilt u die cijfers op de eigen segmenten, maak dan die inleesrondes ongedaan en lees ze opnieuw in."]
    assert segments(con, "TWENTE") == [("1", "Jeugdhulp thuis en in de wijk"), ("2", "Dagbehandeling"),
                                       ("3", "Pleegzorg en gezinshuizen"), ("4", "Verblijf met behandeling"),
                                       ("5", "Crisis"), ("ambulant", "Ambulant")]
    assert con.execute("SELECT count(DISTINCT volgorde) = count(*) FROM segment WHERE regio_code = 'TWENTE'"
                       ).fetchone() == (True,)


def test_a_check_reports_what_the_import_would_refuse(con: duckdb.DuckDBPyConnection) -> None:
    from loaders.importer import InputFile, check_against_database, check_file
    from tests.conftest import TEST_KEY

    assert load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE).ok
    changed = make_csv([["Regio", "Segment", "Omschrijving", "Vorm"], ["Twente", "4", "Gesloten plaatsing", "gesloten"]])
    report, results = check_file(con, InputFile("segmenten_twente_2.csv", changed), key=TEST_KEY)
    assert report.ok
    check_against_database(con, report, results)
    assert [p.code for p in report.problems] == ["segment-bestaat"]
    again, results = check_file(con, InputFile("segmenten_twente.csv", SEGMENTEN_TWENTE), key=TEST_KEY)
    check_against_database(con, again, results)
    assert [p.code for p in again.problems] == ["al-geladen"]


def test_a_replacing_file_says_which_earlier_figures_left_the_pages(con: duckdb.DuckDBPyConnection) -> None:
    """--replace takes a kind, region and year off the pages whole, not only the keys the new file has: the report
    says so (a one-row correction hid a whole region-year without a word)."""
    first = load(con, "uitgaven_2024.csv", make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"],
                                                    ["Almelo", "2024", "ambulant", "100"],
                                                    ["Enschede", "2024", "ambulant", "200"]]))
    assert first.ok
    correction = load(con, "correctie.csv", make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"],
                                                      ["Almelo", "2024", "ambulant", "150"]]), replace=True)
    assert correction.ok, correction.problems
    assert (f"Blad 'csv': vervangen, dus niet meer op de pagina's: alle cijfers van deze soort uit inleesronde "
            f"{first.batch_ids[0]} (Twente, 2024), ook die dit bestand niet noemt. Ongedaan maken van dit bestand "
            "brengt ze terug.") in correction.notes
    assert con.execute("SELECT gemeente_code, bedrag_eur FROM stg_uitgaven").fetchall() == [("GM0141", 150)]


def test_a_product_without_a_segment_of_its_vorm_names_the_vorm(con: duckdb.DuckDBPyConnection) -> None:
    assert load(con, "segmenten_twente.csv", SEGMENTEN_TWENTE).ok   # no jeugdbescherming segment
    data = make_csv([["Clientnummer", "Gemeente", "Productcode", "Startdatum"], ["T-1", "Enschede", "48A01", "01-02-2024"]])
    report = load(con, "trajecten.csv", data)
    assert [p.message for p in report.problems] == [
        "Voor productcode 48A01 (vorm jeugdbescherming of overig) heeft regio Twente geen segment. Voeg een segment met "
        "die vorm van zorg toe aan de segmentenlijst van de regio (soort 'Segmenten van een regio')."]


def test_an_unknown_segment_in_a_region_without_a_list_says_to_load_one(con: duckdb.DuckDBPyConnection) -> None:
    data = make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"], ["Enschede", "2024", "P1 Ambulante jeugdhulp", "1"]])
    report = load(con, "uitgaven.csv", data)
    assert [p.code for p in report.problems] == ["onbekend-segment-standaard"]
    assert report.problems[0].message.endswith(
        "Deze regio heeft nog geen eigen segmenten in het dashboard, alleen één per vorm van zorg (Ambulant, Pleegzorg, "
        "...). Lees eerst de segmentenlijst van de regio in (soort 'Segmenten van een regio').")


def test_spend_per_youth_without_population_says_what_is_missing(con: duckdb.DuckDBPyConnection) -> None:
    """A region that loaded spend but no population: no chart with an axis of '€ 1, € 1, € 2' but a line saying
    what to load."""
    from jeugdhulp import charts
    from jeugdhulp.pagedata import uitgaven
    from jeugdhulp.selectie import Selectie

    assert load(con, "uitgaven.csv", make_csv([["Gemeente", "Jaar", "Segment", "Bedrag"],
                                               ["Enschede", "2024", "ambulant", "1.000"]])).ok
    data = uitgaven.load(con, Selectie("TWENTE", "Twente", (), (), 2024, 2024, ()))
    fig = charts.per_jeugdige_trend(data.trend, "Uitgaven per jeugdige — Regio Twente", "bron", False, "Regio Twente")
    assert [a.text for a in fig.layout.annotations] == [
        "Geen inwoners van 0-17 jaar voor deze jaren.<br>Een controller kan ze inlezen (soort 'Gemeenten', kolom "
        "jeugdigen 0-17)."]
