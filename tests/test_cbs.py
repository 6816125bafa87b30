"""CBS StatLine for the national comparison (issue 15, part 3): `python -m loaders cbs` through a fake cbsodata
client (the network is never called), and the same tables uploaded as StatLine CSV downloads."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import requests

from jeugdhulp import db
from loaders import cbs, cli
from loaders.defaults import load_reference
from loaders.importer import InputFile, import_file, undo_batch
from loaders.reference import Reference
from tests import cbs_fixtures
from tests.conftest import make_csv


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "cbs.duckdb"
    con = db.connect(path)
    load_reference(con)
    con.close()
    return path


def run_cli(db_path: Path, monkeypatch: pytest.MonkeyPatch, client: object, *args: str) -> int:
    monkeypatch.setattr(cli, "cbs_client", lambda: client)
    return cli.main(["--db", str(db_path), "cbs", *args])


def snapshot(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608 - fixed names
                for t in ("batch", "cbs_cijfer", "vervanging", "batch_totaal")}
    finally:
        con.close()


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_fetch_loads_three_tables_as_batches_with_their_source(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    batches = rows(db_path, "SELECT kind, bestand, bron, voorbeeld, jaren FROM batch ORDER BY batch_id")
    assert [b[1] for b in batches] == ["CBS StatLine 85099NED", "CBS StatLine 83454NED", "CBS StatLine 03759ned"]
    assert all(b[0] == "cbs" and not b[3] for b in batches)
    assert batches[0][2].startswith("CBS StatLine 85099NED, opgehaald ") and batches[0][2].endswith(", CC BY 4.0")
    assert batches[0][4] == "2022-2023"
    # Dordrecht: the yearly figures, not the month; 2018 left out; 2023 provisional.
    assert rows(db_path, "SELECT jaar, waarde, voorlopig FROM cbs_cijfer WHERE gemeente_code = 'GM0505'"
                         " AND maat = 'jeugdigen' AND vorm = 'jeugdhulp' ORDER BY jaar") == [
        (2022, 2395.0, False), (2023, 2500.0, True)]
    out = capsys.readouterr().out
    assert "de jaren voor 2019 zijn overgeslagen" in out


def test_fetch_maps_merged_gemeenten_and_keeps_nederland(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    # Brielle + Hellevoetsluis + Westvoorne in 2022 are Voorne aan Zee: 280 + 650 + 230.
    assert rows(db_path, "SELECT jaar, waarde FROM cbs_cijfer WHERE gemeente_code = 'GM1992' AND maat = 'jeugdigen'"
                         " AND vorm = 'jeugdhulp' ORDER BY jaar") == [(2022, 1160.0), (2023, 1200.0)]
    # Costs in euro, not 1 000 euro: 4 100 + 9 200 + 3 300 thousand.
    assert rows(db_path, "SELECT waarde FROM cbs_cijfer WHERE gemeente_code = 'GM1992' AND maat = 'kosten'"
                         " AND vorm = 'jeugdzorg'") == [(16_600_000.0,)]
    # Population 0-17: 18 ages of 150 + 420 + 140 youths; only the total of both sexes.
    assert rows(db_path, "SELECT waarde FROM cbs_cijfer WHERE gemeente_code = 'GM1992' AND maat = 'bevolking'") == [
        (18 * 710.0,)]
    assert rows(db_path, "SELECT waarde FROM cbs_cijfer WHERE gemeente_code = 'NL01' AND maat = 'bevolking'") == [
        (18 * 190000.0,)]
    # A province is neither a gemeente nor Nederland.
    assert rows(db_path, "SELECT count(*) FROM cbs_cijfer WHERE gemeente_code LIKE 'PV%'") == [(0,)]


def test_suppressed_cells_stay_unknown_also_in_a_merged_sum(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    # Hengelo's wijkteam part is not used; its JR cell is None -> NULL, not 0.
    assert rows(db_path, "SELECT waarde FROM cbs_cijfer WHERE gemeente_code = 'GM0164' AND maat = 'jeugdigen'"
                         " AND vorm = 'jeugdreclassering'") == [(None,)]
    # Westvoorne's met-verblijf cell is unknown, so Voorne aan Zee 2022 met verblijf is unknown too.
    assert rows(db_path, "SELECT waarde FROM cbs_cijfer WHERE gemeente_code = 'GM1992' AND jaar = 2022"
                         " AND maat = 'jeugdigen' AND vorm = 'met_verblijf'") == [(None,)]
    # Hengelo did not give a budget.
    assert rows(db_path, "SELECT waarde FROM cbs_cijfer WHERE gemeente_code = 'GM0164' AND maat = 'begroting'"
                         " AND vorm = 'jeugdzorg'") == [(None,)]


def test_without_network_one_dutch_line_exit_1_nothing_changed(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(db_path)
    client = cbs_fixtures.FakeClient(error=requests.ConnectionError("Max retries exceeded with url"))
    assert run_cli(db_path, monkeypatch, client) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Geen verbinding met CBS StatLine (opendata.cbs.nl); er is niets ingelezen.")
    assert "\n" not in err
    assert snapshot(db_path) == before


def test_timeout_is_passed_to_every_request(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = cbs_fixtures.FakeClient()
    assert run_cli(db_path, monkeypatch, client, "--timeout", "7") == 0
    assert client.calls and all(kwargs.get("timeout") == 7.0 for _, _, kwargs in client.calls)


def test_one_table_failing_loads_none(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = cbs_fixtures.tables()
    del data["03759ned"]   # the service answers 404 for it
    before = snapshot(db_path)
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient(data)) == 1
    assert "gaf geen bruikbaar antwoord voor tabel 03759ned" in capsys.readouterr().err
    assert snapshot(db_path) == before


def test_changed_table_shape_is_refused_clearly(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    data = cbs_fixtures.tables()
    # CBS renamed the measure: nothing may be guessed from a column's position.
    data["85099NED"]["DataProperties"][3]["Title"] = "Cliënten jeugdhulp"
    before = snapshot(db_path)
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient(data)) == 1
    out = capsys.readouterr().out
    assert "[cbs-andere-opbouw]" in out and "De CBS-tabel 85099NED heeft een andere opbouw" in out
    assert snapshot(db_path) == before


def test_changed_vorm_titles_are_refused(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    data = cbs_fixtures.tables()
    for number, vorm in enumerate(data["85099NED"]["VormenVanJeugdzorg"]):
        vorm["Title"] = f"Hulpsoort {number}"
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient(data)) == 1
    assert "geen vorm 'Jeugdhulp totaal'" in capsys.readouterr().out


def test_unknown_unit_is_refused(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = cbs_fixtures.tables()
    data["83454NED"]["DataProperties"][4]["Unit"] = "mln euro"
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient(data)) == 1
    assert "onbekende eenheid 'mln euro'" in capsys.readouterr().out


def test_fetching_the_same_figures_again_changes_nothing(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    before = snapshot(db_path)
    capsys.readouterr()
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    assert "niet veranderd sinds inleesronde 1" in capsys.readouterr().out
    assert snapshot(db_path) == before


def test_a_new_fetch_replaces_and_undo_restores(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    data = cbs_fixtures.tables()
    for row in data["85099NED"]["TypedDataSet"]:
        if row["RegioS"] == "GM0505" and row["Perioden"] == "2023JJ00" and row["VormenVanJeugdzorg"] == "A045560":
            row["JongerenMetJeugdzorg_1"] = 2510   # the provisional figure became definitive
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient(data), "--tabel", "85099NED") == 0
    active = "SELECT c.waarde FROM cbs_cijfer c JOIN batch b USING (batch_id) WHERE b.status = 'actief'" \
             " AND gemeente_code = 'GM0505' AND jaar = 2023 AND maat = 'jeugdigen' AND vorm = 'jeugdhulp'"
    assert rows(db_path, active) == [(2510.0,)]
    assert rows(db_path, "SELECT batch_id, status, vervangt FROM batch ORDER BY batch_id") == [
        (1, "vervangen", None), (2, "actief", None), (3, "actief", None), (4, "actief", 1)]
    assert cli.main(["--db", str(db_path), "undo", "4"]) == 0
    assert rows(db_path, active) == [(2500.0,)]


def test_history_lists_cbs_batches(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db_path), "history"]) == 0
    out = capsys.readouterr().out
    assert "CBS StatLine 85099NED" in out and "CBS StatLine 03759ned" in out


# --- the same tables as StatLine downloads ---------------------------------------------------------------------

COSTS_CSV = [
    ["Gemeentelijke kosten; jeugdzorg, regio"],
    [],
    ["Vormen van jeugdzorg", "Perioden", "Regio", "Begrote kosten (1 000 euro)", "Gerealiseerde kosten (1 000 euro)"],
    ["JZ Totaal jeugdzorg", "2022", "Dordrecht", "40.000", "43.500"],
    ["JZ Totaal jeugdzorg", "2023*", "Dordrecht", ".", "45.125"],
    ["JH 1 Totaal jeugdhulp", "2022", "Dordrecht", ".", "38.000"],
    ["JZ Totaal jeugdzorg", "2022", "Brielle", "4.000", "4.100"],
    ["JZ Totaal jeugdzorg", "2022", "Hellevoetsluis", "9.000", "9.200"],
    ["JZ Totaal jeugdzorg", "2022", "Westvoorne", "3.000", "3.300"],
    ["JZ Totaal jeugdzorg", "2022", "Nederland", "5.000.000", "5.400.000"],
    ["JZ Totaal jeugdzorg", "2022", "Zuid-Holland (PV)", "900.000", "950.000"],
    ["JH zonder verblijf, wijkteam (Zin + PGB)", "2022", "Dordrecht", ".", "."],
    [],
    ["Bron: CBS"],
]


def test_statline_csv_upload_loads_like_a_fetch(con: duckdb.DuckDBPyConnection) -> None:
    report = import_file(con, InputFile("83454NED_kosten.csv", make_csv(COSTS_CSV)))
    assert report.ok, report.problems
    assert [s.kind for s in report.sheets] == ["cbs"]
    assert con.execute("SELECT bestand FROM batch WHERE kind = 'cbs'").fetchone()[0] == "83454NED_kosten.csv"
    assert con.execute("SELECT gemeente_code, jaar, maat, vorm, waarde, voorlopig FROM cbs_cijfer"
                       " ORDER BY gemeente_code, jaar, maat, vorm").fetchall() == [
        ("GM0505", 2022, "begroting", "jeugdhulp", None, False),
        ("GM0505", 2022, "begroting", "jeugdzorg", 40_000_000.0, False),
        ("GM0505", 2022, "kosten", "jeugdhulp", 38_000_000.0, False),
        ("GM0505", 2022, "kosten", "jeugdzorg", 43_500_000.0, False),
        ("GM0505", 2023, "begroting", "jeugdzorg", None, True),
        ("GM0505", 2023, "kosten", "jeugdzorg", 45_125_000.0, True),
        ("GM1992", 2022, "begroting", "jeugdzorg", 16_000_000.0, False),
        ("GM1992", 2022, "kosten", "jeugdzorg", 16_600_000.0, False),
        ("NL01", 2022, "begroting", "jeugdzorg", 5_000_000_000.0, False),
        ("NL01", 2022, "kosten", "jeugdzorg", 5_400_000_000.0, False),
    ]


def test_a_statline_upload_keeps_its_rows_digest_and_the_same_rows_again_are_refused(con: duckdb.DuckDBPyConnection
                                                                                       ) -> None:
    """Fresh eyes: with the digest moved to where client numbers become keys, StatLine batches were stored without one
    and the same rows in another file loaded again."""
    assert import_file(con, InputFile("83454NED_kosten.csv", make_csv(COSTS_CSV))).ok
    assert con.execute("SELECT count(*) FROM batch WHERE kind = 'cbs' AND inhoud IS NULL").fetchone()[0] == 0
    again = import_file(con, InputFile("kosten-opnieuw.csv", make_csv([*COSTS_CSV, ["Opnieuw gedownload"]])))
    assert [p.code for p in again.problems] == ["zelfde-inhoud"]


def test_fetched_tables_keep_their_rows_digest(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(db_path, monkeypatch, cbs_fixtures.FakeClient()) == 0
    digests = rows(db_path, "SELECT inhoud FROM batch WHERE kind = 'cbs' ORDER BY batch_id")
    assert len(digests) == 3 and all(d is not None and len(d) == 64 for (d,) in digests)


def test_statline_population_csv_sums_ages_0_to_17(con: duckdb.DuckDBPyConnection) -> None:
    header = ["Geslacht", "Leeftijd", "Burgerlijke staat", "Regio's", "Perioden", "Bevolking op 1 januari (aantal)",
              "Gemiddelde bevolking  (aantal)"]
    body = [[sex, f"{age} jaar", "Totaal burgerlijke staat", "Enschede", "2024", n, n]
            for age in range(20) for sex, n in (("Totaal mannen en vrouwen", 1700 + age), ("Vrouwen", 800))]
    report = import_file(con, InputFile("03759ned.csv", make_csv([header, *body])))
    assert report.ok, report.problems
    assert con.execute("SELECT gemeente_code, jaar, maat, vorm, waarde FROM cbs_cijfer").fetchall() == [
        ("GM0153", 2024, "bevolking", "0-17", float(sum(1700 + a for a in range(18))))]


def test_population_csv_missing_an_age_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    header = ["Leeftijd", "Regio's", "Perioden", "Bevolking op 1 januari (aantal)"]
    body = [[f"{age} jaar", "Enschede", "2024", 1700] for age in range(18) if age != 12]
    report = import_file(con, InputFile("03759ned.csv", make_csv([header, *body])))
    assert [p.code for p in report.problems] == ["cbs-andere-opbouw"]
    assert "niet alle leeftijden 0 tot en met 17 jaar" in report.problems[0].message
    assert con.execute("SELECT count(*) FROM batch WHERE kind = 'cbs'").fetchone()[0] == 0


def test_statline_csv_with_vorm_codes_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["VormenVanJeugdzorg", "RegioS", "Perioden", "JongerenMetJeugdzorg_1"],
           ["A045560", "GM0505", "2022JJ00", "2395"]]
    report = import_file(con, InputFile("85099NED_UntypedDataSet.csv", make_csv(csv)))
    assert [p.code for p in report.problems] == ["cbs-andere-opbouw"]
    assert "download de tabel met omschrijvingen" in report.problems[0].message


def test_statline_csv_with_an_unknown_gemeente_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"],
           ["JH 1 Totaal jeugdhulp", "=HYPERLINK(\"http://x\")", "2022", "15"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.row, p.value) for p in report.problems] == [
        ("onbekende-gemeente", 3, '=HYPERLINK("http://x")')]
    assert con.execute("SELECT count(*) FROM cbs_cijfer").fetchone()[0] == 0


def test_statline_csv_text_in_a_count_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "veel"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.row) for p in report.problems] == [("geen-getal", 2)]


def test_real_cbs_replaces_every_fictitious_table_until_undone(con: duckdb.DuckDBPyConnection) -> None:
    ref = Reference.from_db(con)
    example = [(cbs.TABELLEN[code], cbs.from_odata(cbs.TABELLEN[code], cbs_fixtures.FakeClient(), ref), "voorbeeld")
               for code in cbs.TABELLEN]
    from loaders.importer import import_cbs
    assert import_cbs(con, example, voorbeeld=True).ok
    real = import_file(con, InputFile("83454NED_kosten.csv", make_csv(COSTS_CSV)))
    assert real.ok
    assert any("fictieve landelijke voorbeeldcijfers staan niet meer" in n for n in real.notes)
    assert con.execute("SELECT DISTINCT voorbeeld FROM stg_cbs").fetchall() == [(False,)]
    assert undo_batch(con, real.batch_ids[0])
    assert con.execute("SELECT DISTINCT voorbeeld FROM stg_cbs").fetchall() == [(True,)]


def test_undoing_one_of_two_real_tables_keeps_examples_hidden(con: duckdb.DuckDBPyConnection) -> None:
    ref = Reference.from_db(con)
    from loaders.importer import import_cbs
    example = [(cbs.TABELLEN[c], cbs.from_odata(cbs.TABELLEN[c], cbs_fixtures.FakeClient(), ref), "voorbeeld")
               for c in cbs.TABELLEN]
    assert import_cbs(con, example, voorbeeld=True).ok
    first = import_file(con, InputFile("83454NED_kosten.csv", make_csv(COSTS_CSV)))
    youths = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
              ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"]]
    second = import_file(con, InputFile("85099NED.csv", make_csv(youths)))
    assert first.ok and second.ok
    assert undo_batch(con, second.batch_ids[0])
    assert con.execute("SELECT DISTINCT voorbeeld FROM stg_cbs").fetchall() == [(False,)]
    assert con.execute("SELECT DISTINCT tabel FROM stg_cbs").fetchall() == [("83454NED",)]


def test_the_same_gemeente_twice_is_refused_not_added_up(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"],
           ["JH 1 Totaal jeugdhulp", "Enschede", "2022", "2.700"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.row, p.limit) for p in report.problems] == [("dubbele-sleutel", 4, "2")]
    assert con.execute("SELECT count(*) FROM cbs_cijfer").fetchone()[0] == 0


def test_a_year_in_the_future_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2999", "2.395"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.value) for p in report.problems] == [("jaar-buiten-bereik", "2999")]


def test_a_negative_count_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "-15"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.row) for p in report.problems] == [("negatief-aantal", 2)]


# --- what a controller and an attacker found (fresh eyes) ------------------------------------------------------

YOUTHS = ["Vormen van jeugdzorg", "Regio's", "Perioden", "Jongeren met jeugdzorg (aantal)"]


def test_excel_years_stored_as_numbers_load(con: duckdb.DuckDBPyConnection) -> None:
    from tests.conftest import make_xlsx
    data = make_xlsx({"Jeugdzorg": [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", 2022, 2395],
                                    ["JH 1 Totaal jeugdhulp", "Dordrecht", "2023*", 2500]]})
    report = import_file(con, InputFile("85099NED.xlsx", data))
    assert report.ok, report.problems
    assert con.execute("SELECT jaar, waarde, voorlopig FROM cbs_cijfer ORDER BY jaar").fetchall() == [
        (2022, 2395.0, False), (2023, 2500.0, True)]


@pytest.mark.parametrize(("first", "second"), [("Dordrecht", "GM0505"), ("Nederland", "NL01"),
                                                ("Den Haag", "'s-Gravenhage")])
def test_one_gemeente_written_two_ways_is_refused(con: duckdb.DuckDBPyConnection, first: str, second: str) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", first, "2022", "2.300"], ["JH 1 Totaal jeugdhulp", second, "2022", "2.300"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.row) for p in report.problems] == [("dubbele-sleutel", 3)]


def test_a_merged_gemeente_beside_its_parts_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", "Voorne aan Zee", "2022", "1.200"],
           ["JH 1 Totaal jeugdhulp", "Brielle", "2022", "280"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [(p.code, p.value, p.limit) for p in report.problems] == [("cbs-oud-en-nieuw", "GM1992 in 2022", "GM0501")]


def test_a_merged_gemeente_with_a_part_missing_stays_unknown(con: duckdb.DuckDBPyConnection) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", "Brielle", "2022", "280"],
           ["JH 1 Totaal jeugdhulp", "Hellevoetsluis", "2022", "650"]]   # Westvoorne is not there
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert report.ok, report.problems
    assert con.execute("SELECT gemeente_code, waarde FROM cbs_cijfer").fetchall() == [("GM1992", None)]
    assert any("niet alle oude gemeenten" in n and "GM0614" in n for n in report.notes), report.notes
    assert any("tellen mee bij hun opvolger: Voorne aan Zee" in n for n in report.notes), report.notes


def test_population_of_a_merged_part_missing_ages_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    header = ["Leeftijd", "Regio's", "Perioden", "Bevolking op 1 januari (aantal)"]
    body = [[f"{age} jaar", place, "2022", 400] for place in ("Hellevoetsluis", "Westvoorne") for age in range(18)]
    body += [[f"{age} jaar", "Brielle", "2022", 150] for age in range(5)]
    report = import_file(con, InputFile("03759ned.csv", make_csv([header, *body])))
    assert [p.code for p in report.problems] == ["cbs-andere-opbouw"]


def test_statline_labels_gemeente_suffix_regions_and_in_natura(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Totaal jongeren met jeugdzorg (aantal)"],
           ["JZ Totaal jeugdzorg", "Utrecht (gemeente)", "2022", "5.000"],
           ["JZ Totaal jeugdzorg in natura", "Utrecht (gemeente)", "2022", "4.900"],
           ["JH 1 Totaal jeugdhulp", "Utrecht (gemeente)", "2022", "4.600"],
           ["JH 12 Totaal jeugdhulp in natura", "Utrecht (gemeente)", "2022", "4.500"],
           ["JH 1 Totaal jeugdhulp", "Utrecht (PV)", "2022", "20.000"],
           ["JH 1 Totaal jeugdhulp", "Zuid-Holland Zuid (JZ)", "2022", "6.000"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert report.ok, report.problems
    assert con.execute("SELECT gemeente_code, vorm, waarde FROM cbs_cijfer ORDER BY vorm").fetchall() == [
        ("GM0344", "jeugdhulp", 4600.0), ("GM0344", "jeugdzorg", 5000.0)]
    assert any("niet gebruikt voor de vergelijking: JH 12 Totaal jeugdhulp in natura, JZ Totaal jeugdzorg in natura"
               in n for n in report.notes), report.notes


def test_a_statline_table_with_an_unknown_measure_says_so(con: duckdb.DuckDBPyConnection) -> None:
    csv = [["Vormen van jeugdzorg", "Regio's", "Perioden", "Cliënten met jeugdzorg (aantal)"],
           ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [p.code for p in report.problems] == ["cbs-andere-opbouw"]
    assert "geen bekende maat in de kopregel" in report.problems[0].message


@pytest.mark.parametrize(("value", "code"), [("9" * 400, "getal-te-groot"), ("2300,5", "geen-geheel-getal")])
def test_impossible_counts_are_refused(con: duckdb.DuckDBPyConnection, value: str, code: str) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", value]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [p.code for p in report.problems] == [code]


def test_a_problem_names_and_marks_the_cell_of_the_file(con: duckdb.DuckDBPyConnection) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "veel"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    problem = report.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.col) == ("csv", 2, "Jongeren met jeugdzorg (aantal)", 3)


def test_some_vormen_as_codes_is_refused_not_half_loaded(con: duckdb.DuckDBPyConnection) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"], ["A027918", "Dordrecht", "2022", "180"]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert [p.code for p in report.problems] == ["cbs-andere-opbouw"]
    assert "vormen staan er als codes in (A027918)" in report.problems[0].message


def test_nihil_is_zero_and_unpublished_is_unknown(con: duckdb.DuckDBPyConnection) -> None:
    csv = [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"],
           ["JR 1 Totaal jeugdreclassering", "Dordrecht", "2022", "-"],
           ["JB 1 Totaal jeugdbescherming", "Dordrecht", "2022", "."]]
    report = import_file(con, InputFile("85099NED.csv", make_csv(csv)))
    assert report.ok, report.problems
    assert dict(con.execute("SELECT vorm, waarde FROM cbs_cijfer").fetchall()) == {
        "jeugdhulp": 2395.0, "jeugdreclassering": 0.0, "jeugdbescherming": None}


def test_an_uploaded_table_names_cbs_and_a_replacement_names_the_years_it_hides(con: duckdb.DuckDBPyConnection) -> None:
    first = import_file(con, InputFile("85099NED-2022.csv", make_csv(
        [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", "2022", "2.395"],
         ["JH 1 Totaal jeugdhulp", "Dordrecht", "2023", "2.500"]])))
    assert first.ok
    bron = con.execute("SELECT bron FROM batch WHERE batch_id = ?", [first.batch_ids[0]]).fetchone()[0]
    assert bron.startswith("CBS StatLine 85099NED (CC BY 4.0), als bestand: 85099NED-2022.csv, ingelezen op ")
    second = import_file(con, InputFile("85099NED-2024.csv", make_csv(
        [YOUTHS, ["JH 1 Totaal jeugdhulp", "Dordrecht", "2024", "2.600"]])))
    assert second.ok
    assert f"CBS-tabel 85099NED: vervangt inleesronde {first.batch_ids[0]}; de jaren 2022, 2023 staan niet in dit " \
           "bestand" in " ".join(second.notes)


def test_cli_table_code_in_any_case_and_a_timeout_of_zero_is_a_usage_error(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = cbs_fixtures.FakeClient()
    assert run_cli(db_path, monkeypatch, client, "--tabel", "85099ned") == 0
    assert {t for t, _, _ in client.calls} == {"85099NED"}
    with pytest.raises(SystemExit) as exit_info:
        run_cli(db_path, monkeypatch, client, "--timeout", "0")
    assert exit_info.value.code == 2


def test_marked_copy_of_a_csv_with_a_control_character(con: duckdb.DuckDBPyConnection) -> None:
    from loaders.report import marked_copy
    data = make_csv([YOUTHS, ["JH 1 Totaal jeugdhulp", "Dord\x1brecht", "2022", "veel"]])
    report = import_file(con, InputFile("85099NED.csv", data))
    assert report.problems
    assert marked_copy("85099NED.csv", data, report.problems)[:2] == b"PK"
