"""Real and example figures are never mixed: real figures of a kind take the example figures of that kind (and
its family) off every view for the regions they cover, every year; undo brings them back exactly."""

from __future__ import annotations

from jeugdhulp import queries, tables
from jeugdhulp.pagedata import gemeente, overzicht
from jeugdhulp.selectie import Selectie
from loaders.importer import InputFile, check_against_database, check_file, undo_batch
from tests.conftest import TEST_KEY, load, make_csv, table_snapshot, uploaded_source

SPEND = ["gemeente", "jaar", "segment", "soort", "bedrag"]
TRAJECT = ["clientnummer", "gemeente", "segment", "startdatum", "einddatum", "aanmelddatum"]


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _example(con, name: str, data: bytes, kind: str):
    report = load(con, name, data, kind, voorbeeld=True, bron="voorbeelddata (fictief)")
    assert report.ok, report.problems
    return report


def _views(con) -> dict[str, list[tuple]]:
    return {view: sorted(map(repr, con.execute(f"SELECT * FROM {view}").fetchall()))  # noqa: S608 - fixed names
            for view in ("stg_uitgaven", "stg_trajecten", "stg_gemeente_jaar", "mart_jeugdigen_gemeente_jaar")}


def test_real_spend_for_one_year_takes_the_regions_example_spend_off_every_year(con):
    _example(con, "vb_uitgaven.csv", make_csv([
        SPEND,
        ["Dordrecht", "2022", "4A", "realisatie", "100"], ["Dordrecht", "2023", "4A", "realisatie", "110"],
        ["Dordrecht", "2024", "4A", "begroting", "120"], ["Rotterdam", "2024", "pakket E", "realisatie", "70"],
    ]), "uitgaven")
    before = _views(con)
    real = load(con, "uitgaven_zhz_2024.xlsx.csv", make_csv([
        SPEND, ["Dordrecht", "2024", "4A", "realisatie", "130"], ["Dordrecht", "2024", "4A", "begroting", "125"]]))
    assert real.ok, real.problems
    # ZHZ shows only the real 2024 figures; GRJR keeps its example figures.
    assert rows(con, "SELECT regio_code, jaar, soort, bedrag_eur::DOUBLE, voorbeeld FROM stg_uitgaven ORDER BY ALL") == [
        ("GRJR", 2024, "realisatie", 70.0, True),
        ("ZHZ", 2024, "begroting", 125.0, False), ("ZHZ", 2024, "realisatie", 130.0, False)]
    assert any("uit alle jaren weggehaald" in note and "Zuid-Holland Zuid" in note for note in real.notes)
    # The report totals realisatie and begroting apart: their sum would mean nothing.
    assert real.sheets[0].totals == {"realisatie_eur": 130.0, "begroting_eur": 125.0}

    assert undo_batch(con, real.batch_ids[0])
    assert _views(con) == before


def test_real_spend_of_one_gemeente_is_not_spread_over_the_region(con):
    _example(con, "vb_bevolking.csv", make_csv([
        ["code", "naam", "regio", "jaar", "inwoners", "jeugdigen_0_17"],
        ["GM0505", "Dordrecht", "ZHZ", "2024", "121000", "24000"], ["GM0512", "Gorinchem", "ZHZ", "2024", "38000", "8000"],
    ]), "gemeenten")
    _example(con, "vb_uitgaven.csv", make_csv([SPEND, ["Gorinchem", "2024", "4A", "realisatie", "999"]]), "uitgaven")
    assert load(con, "dordrecht.csv", make_csv([SPEND, ["Dordrecht", "2024", "4A", "realisatie", "2400000"]])).ok
    kern = queries.kerncijfers(con, "ZHZ", [], [], 2024).set_index("scope")
    # Gorinchem's example spend is gone with the rest of ZHZ's: the region is Dordrecht alone, per Dordrecht youth.
    assert kern.loc["regio", ["realisatie_eur", "eur_per_jeugdige", "gemeenten_met_uitgaven"]].tolist() == [
        2_400_000.0, 100.0, 1]
    assert kern.loc["regio", "gemeenten"] == rows(con, "SELECT count(*) FROM gemeente WHERE regio_code = 'ZHZ'")[0][0]
    sel = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=(), gemeente_namen=(), jaar_van=2024,
                   jaar_tot=2024, segmenten=())
    gemeenten = kern.loc["regio", "gemeenten"]
    assert overzicht.load(con, sel).dekking == (
        f"De regio telt in 2024 alleen de 1 van de {gemeenten} gemeenten met uitgaven; de regiocijfers en het "
        "gemiddelde per jeugdige gelden voor die gemeenten.")
    trend = queries.uitgaven_trend(con, "ZHZ", [], [], 2024, 2024)
    assert trend[["regio_eur", "regio_jeugdigen_0_17", "regio_eur_per_jeugdige"]].values.tolist() == [
        [2_400_000.0, 24000.0, 100.0]]


def test_undoing_one_real_file_never_brings_example_figures_back_beside_another(con):
    """A real file of three regions, then one of ZHZ, then undo the first: ZHZ keeps only real spend."""
    _example(con, "vb_uitgaven.csv", make_csv([
        SPEND, ["Dordrecht", "2020", "4A", "realisatie", "100"], ["Rotterdam", "2020", "pakket E", "realisatie", "70"],
        ["Apeldoorn", "2020", "BEH", "realisatie", "50"]]), "uitgaven")
    three = load(con, "drie.csv", make_csv([SPEND, ["Gorinchem", "2022", "1", "realisatie", "5"],
                                            ["Rotterdam", "2022", "pakket B", "realisatie", "9"],
                                            ["Apeldoorn", "2022", "BEGCR", "realisatie", "8"]]))
    dordrecht = load(con, "dordrecht.csv", make_csv([SPEND, ["Dordrecht", "2021", "1", "realisatie", "7"]]))
    assert three.ok and dordrecht.ok
    assert undo_batch(con, three.batch_ids[0])
    assert rows(con, "SELECT regio_code, jaar, bedrag_eur::DOUBLE, voorbeeld FROM stg_uitgaven ORDER BY ALL") == [
        ("GRJR", 2020, 70.0, True), ("MIJOV", 2020, 50.0, True), ("ZHZ", 2021, 7.0, False)]
    assert undo_batch(con, dordrecht.batch_ids[0])
    assert rows(con, "SELECT regio_code, jaar, voorbeeld FROM stg_uitgaven ORDER BY ALL") == [
        ("GRJR", 2020, True), ("MIJOV", 2020, True), ("ZHZ", 2020, True)]


def test_the_profile_never_compares_real_spend_with_example_spend(con):
    _example(con, "vb_bevolking.csv", make_csv([
        ["code", "naam", "regio", "jaar", "inwoners", "jeugdigen_0_17"],
        ["GM0505", "Dordrecht", "ZHZ", "2024", "121000", "24000"], ["GM0599", "Rotterdam", "GRJR", "2024", "660000", "130000"],
        ["GM0200", "Apeldoorn", "MIJOV", "2024", "166000", "33000"]]), "gemeenten")
    _example(con, "vb_uitgaven.csv", make_csv([SPEND, ["Rotterdam", "2024", "pakket E", "realisatie", "130000"],
                                               ["Apeldoorn", "2024", "BEH", "realisatie", "33000"]]), "uitgaven")
    assert load(con, "dordrecht.csv", make_csv([SPEND, ["Dordrecht", "2024", "4A", "realisatie", "48000"]])).ok
    raw = queries.vergelijking_per_jaar(con, "GM0505", ["GM0599", "GM0200"], 2024, 2024)
    per_jaar, apart = tables.same_status(raw, gemeente._STATUS_MEASURES)
    assert apart is True
    assert per_jaar[["groep", "eur_per_jeugdige"]].fillna(-1).values.tolist() == [
        ["gemeente", 2.0], ["regio", 2.0], ["vergelijkbaar", -1]]      # the example 1,0 per youth is left out
    assert raw.loc[raw["groep"] == "vergelijkbaar", "eur_per_jeugdige"].tolist() == [1.0]


def test_real_volumes_take_the_regions_example_trajecten_off_and_undo_restores(con):
    _example(con, "vb_trajecten.csv", make_csv([
        TRAJECT,
        ["A1", "Dordrecht", "4A", "01-02-2022", "01-06-2022", "01-01-2022"],
        ["A2", "Dordrecht", "1", "01-02-2023", "", "01-01-2023"],
        ["A3", "Rotterdam", "pakket E", "01-03-2023", "", "01-02-2023"],
    ]), "trajecten")
    before = _views(con)
    real = load(con, "volumes.csv", make_csv([["gemeente", "jaar", "segment", "jeugdigen"], ["Dordrecht", "2024", "4A", "12"]]),
                "volumes")
    assert real.ok, real.problems
    # The example trajecten of ZHZ (and the youths counted from them) leave every year; Rotterdam's stay.
    assert rows(con, "SELECT regio_code, count(*) FROM stg_trajecten GROUP BY 1") == [("GRJR", 1)]
    assert rows(con, "SELECT DISTINCT gemeente_code FROM mart_jeugdigen_gemeente_jaar") == [("GM0599",)]
    assert undo_batch(con, real.batch_ids[0])
    assert _views(con) == before


def test_waits_name_only_the_trajecten_visible_in_the_region(con):
    _example(con, "vb_trajecten.csv", make_csv([
        TRAJECT, ["A1", "Dordrecht", "4A", "01-02-2022", "", "01-01-2022"],
        ["A3", "Rotterdam", "pakket E", "01-03-2023", "", "01-02-2023"]]), "trajecten")
    real = load(con, "trajecten_zhz.csv", make_csv([TRAJECT, ["R1", "Dordrecht", "4A", "01-02-2024", "", "01-01-2024"]]))
    assert real.ok, real.problems
    assert queries.trajecten_herkomst(con, "ZHZ") == (uploaded_source("trajecten_zhz.csv"), False)
    assert queries.trajecten_herkomst(con, "GRJR") == ("voorbeelddata (fictief)", True)
    assert queries.trajecten_herkomst(con, "MIJOV") == ("geen trajecten ingelezen", False)


def test_the_example_note_comes_with_the_first_real_file_only_and_again_after_undo(con):
    _example(con, "vb_trajecten.csv", make_csv([
        TRAJECT, ["A1", "Dordrecht", "4A", "01-02-2022", "", "01-01-2022"],
        ["A3", "Rotterdam", "pakket E", "01-03-2023", "", "01-02-2023"]]), "trajecten")
    note = ("Blad 'csv': de voorbeelddata (aantallen, wachttijden en verblijfsduur) van Zuid-Holland Zuid is uit "
            "alle jaren weggehaald, zodat echte "
            "en fictieve cijfers nooit door elkaar staan. Ongedaan maken van dit bestand brengt ze terug.")
    first = load(con, "ronde1.csv", make_csv([TRAJECT, ["R1", "Dordrecht", "4A", "01-02-2024", "", "01-01-2024"]]))
    assert first.notes == [note]
    second = load(con, "ronde2.csv", make_csv([TRAJECT, ["R2", "Dordrecht", "4A", "01-03-2024", "", "01-01-2024"]]))
    assert second.ok and second.notes == []          # the example was already off the pages
    replacing = load(con, "ronde2-opnieuw.csv", make_csv([TRAJECT, ["R2", "Dordrecht", "4A", "01-03-2024", "",
                                                                    "01-02-2024"]]), replace=True)
    assert replacing.ok and not any("voorbeelddata" in n for n in replacing.notes)   # still off the pages: not said again
    assert undo_batch(con, replacing.batch_ids[0])
    assert undo_batch(con, first.batch_ids[0]) and undo_batch(con, second.batch_ids[0])
    third = load(con, "ronde3.csv", make_csv([TRAJECT, ["R3", "Dordrecht", "4A", "01-04-2024", "", "01-01-2024"]]))
    assert third.notes == [note]                     # back on the pages after the undo: taken off again, and said


def test_real_population_takes_the_example_population_of_its_region_off(con):
    _example(con, "vb_bevolking.csv", make_csv([
        ["code", "naam", "regio", "jaar", "inwoners", "jeugdigen_0_17"],
        ["GM0505", "Dordrecht", "ZHZ", "2023", "120000", "24000"],
        ["GM0505", "Dordrecht", "ZHZ", "2024", "121000", "24100"],
        ["GM0599", "Rotterdam", "GRJR", "2024", "660000", "130000"],
    ]), "gemeenten")
    before = _views(con)
    real = load(con, "cbs_bevolking.csv", make_csv([
        ["code", "naam", "regio", "jaar", "inwoners", "jeugdigen_0_17"],
        ["GM0505", "Dordrecht", "ZHZ", "2024", "122500", "24600"]]),
        "gemeenten")
    assert real.ok, real.problems
    assert rows(con, "SELECT gemeente_code, jaar, jeugdigen_0_17, voorbeeld FROM stg_gemeente_jaar ORDER BY ALL") == [
        ("GM0505", 2024, 24600, False), ("GM0599", 2024, 130000, True)]
    assert undo_batch(con, real.batch_ids[0])
    assert rows(con, "SELECT jaar, jeugdigen_0_17 FROM stg_gemeente_jaar WHERE gemeente_code = 'GM0505' ORDER BY 1") == [
        (2023, 24000), (2024, 24100)]
    assert _views(con) == before


def test_example_data_loaded_after_real_data_of_the_region_replaces_nothing(con):
    real = load(con, "uitgaven.csv", make_csv([SPEND, ["Dordrecht", "2024", "4A", "realisatie", "130"]]))
    assert real.ok
    _example(con, "vb_uitgaven.csv", make_csv([SPEND, ["Rotterdam", "2024", "pakket E", "realisatie", "70"]]), "uitgaven")
    assert rows(con, "SELECT count(*) FROM vervanging") == [(0,)]


def test_the_check_agrees_with_the_import_on_a_key_the_example_data_has(con):
    """A real row whose key the example data also has: the import loads it (the region's example figures leave the
    pages first), so the check must not call it 'bestaat-al', and it says beforehand that the example data will go.
    (Before, Controleren refused what Inlezen then loaded.)"""
    _example(con, "vb_uitgaven.csv", make_csv([
        SPEND, ["Dordrecht", "2024", "4A", "begroting", "120"], ["Rotterdam", "2024", "pakket E", "realisatie", "70"]]),
        "uitgaven")
    data = make_csv([SPEND, ["Dordrecht", "2024", "4A", "begroting", "125"]])
    before = table_snapshot(con)
    report, results = check_file(con, InputFile("uitgaven_dordrecht.csv", data), key=TEST_KEY)
    check_against_database(con, report, results, key=TEST_KEY)
    assert report.ok and report.problems == []
    assert report.notes == [
        "Blad 'csv': bij inlezen gaat de voorbeelddata (uitgaven) van Zuid-Holland Zuid uit alle jaren van de pagina's, "
        "ook waar dit bestand geen cijfers heeft, zodat echte en fictieve cijfers nooit door elkaar staan. Ongedaan "
        "maken van het bestand brengt ze terug."]
    assert table_snapshot(con) == before     # a check changes nothing
    loaded = load(con, "uitgaven_dordrecht.csv", data)
    assert loaded.ok, loaded.problems
    # A second real file with the same key is a conflict with real figures, in the check as in the import.
    again = make_csv([SPEND, ["Dordrecht", "2024", "4A", "begroting", "130"]])
    report, results = check_file(con, InputFile("uitgaven_dordrecht_2.csv", again), key=TEST_KEY)
    check_against_database(con, report, results, key=TEST_KEY)
    assert [(p.code, p.limit) for p in report.problems] == [("bestaat-al", str(loaded.batch_ids[0]))]
    assert report.notes == []
    assert [p.code for p in load(con, "uitgaven_dordrecht_2.csv", again).problems] == ["bestaat-al"]
