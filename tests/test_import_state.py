"""The state an import writes: one pseudonymisation key for every path (and a refusal when the key
differs from the one the database was built with), population uploads for gemeenten that already
have figures, and one writer at a time (issue 10, items 3, 8 and 9)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import db, queries
from loaders import cli, importer, secret
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, check_file, import_file, undo_batch
from loaders.pseudonym import pseudonym_keys, pseudonymise
from tests.conftest import make_csv, table_snapshot
from tests.test_migrations import _version_1_database

KEY_A = b"sleutel-van-het-dashboard"
KEY_B = b"een-andere-sleutel"
POPULATION_HEADER = ["code", "naam", "regio", "inwoners", "jeugdigen_0_17", "jaar"]


def trajecten(clients: int, year: int, prefix: str = "C") -> bytes:
    """`clients` youths, each with one trajectory starting in `year` in Dordrecht."""
    return make_csv([["client", "gemeente", "segment", "startdatum"]] + [
        [f"{prefix}{n:05d}", "Dordrecht", "4A" if n % 2 else "4B", f"{1 + n % 28:02d}-{1 + n % 12:02d}-{year}"]
        for n in range(clients)
    ])


def uitgaven(year: int) -> bytes:
    return make_csv([["gemeente", "jaar", "segment", "bedrag"], ["Dordrecht", str(year), "4A", "100"]])


def population(*rows: list[object]) -> bytes:
    return make_csv([POPULATION_HEADER, *rows])


def codes(report: importer.FileReport) -> list[str]:
    return [p.code for p in report.problems]


def load(con: duckdb.DuckDBPyConnection, name: str, data: bytes, key: bytes = KEY_A,
         kind: str | None = None, **kwargs: object) -> importer.FileReport:
    return import_file(con, InputFile(name, data, kind), user="test", key=key, **kwargs)


def seeded(path: Path) -> Path:
    """Reference data and the 31 gemeenten (no pseudonymised data yet), closed again."""
    con = db.connect(path)
    load_reference(con)
    assert load(con, "gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), kind="gemeenten").ok
    con.close()
    return path


def youths(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(DISTINCT client_key) FROM stg_trajecten").fetchone()[0]


@pytest.fixture
def no_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the secrets lookup at a file of this test (a developer's own secrets.toml must not count)."""
    path = tmp_path / ".streamlit" / "secrets.toml"
    monkeypatch.setattr(secret, "SECRETS_FILES", (path,), raising=False)
    return path


# --- item 3: one key for every path ----------------------------------------------------------------

def test_key_resolution_order(no_secrets_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_secrets_file.parent.mkdir()
    no_secrets_file.write_text('pseudoniem_sleutel = "uit-secrets-toml"\n', encoding="utf-8")
    monkeypatch.setenv(secret.ENV_KEY, "uit-de-omgeving")
    assert secret.pseudonym_key() == b"uit-de-omgeving"
    monkeypatch.delenv(secret.ENV_KEY)
    assert secret.pseudonym_key() == b"uit-secrets-toml"
    no_secrets_file.write_text('[auth]\nredirect_uri = "x"\n', encoding="utf-8")
    from_file = secret.pseudonym_key()
    assert from_file == secret.key_file().read_text(encoding="ascii").strip().encode()
    assert len(from_file) == 64


def test_cli_uses_the_key_from_secrets_toml_like_the_app(tmp_path: Path, no_secrets_file: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The same 40 clients, loaded once with the app's key and once by the command line, are 40 youths."""
    no_secrets_file.parent.mkdir()
    no_secrets_file.write_text('pseudoniem_sleutel = "gedeelde-sleutel"\n', encoding="utf-8")
    path = seeded(tmp_path / "x.duckdb")
    con = duckdb.connect(str(path))
    assert load(con, "via-app.csv", trajecten(40, 2023), key=b"gedeelde-sleutel").ok   # what the app used
    con.close()
    (tmp_path / "via-cli.csv").write_bytes(trajecten(40, 2024))
    assert cli.main(["--db", str(path), "import", str(tmp_path / "via-cli.csv")]) == 0, capsys.readouterr()
    con = duckdb.connect(str(path))
    try:
        assert youths(con) == 40
        assert con.execute("SELECT count(*) FROM stg_trajecten").fetchone()[0] == 80
        assert con.execute("SELECT min(client_key) FROM trajecten").fetchone()[0] == min(
            pseudonymise(f"C{n:05d}", b"gedeelde-sleutel") for n in range(40))
    finally:
        con.close()


def test_a_different_key_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    assert load(con, "eerste.csv", trajecten(40, 2023)).ok
    before = table_snapshot(con)

    report = load(con, "tweede.csv", trajecten(40, 2024), key=KEY_B)
    assert codes(report) == ["andere-sleutel"]
    assert report.problems[0].message.startswith(
        "De sleutel voor pseudonimisering verschilt van de sleutel waarmee deze database is opgebouwd")
    assert report.batch_ids == []
    assert table_snapshot(con) == before
    checked, _ = check_file(con, InputFile("tweede.csv", trajecten(40, 2024)), key=KEY_B)
    assert codes(checked) == ["andere-sleutel"]

    # Data without client ids needs no key; with the database's own key trajecten load again.
    assert load(con, "uitgaven.csv", uitgaven(2024), key=KEY_B).ok
    assert load(con, "tweede.csv", trajecten(40, 2024)).ok
    assert youths(con) == 40
    con.close()


def test_fingerprint_is_stored_once_and_reveals_nothing(tmp_path: Path) -> None:
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    assert load(con, "uitgaven.csv", uitgaven(2024), key=KEY_B).ok
    assert con.execute("SELECT count(*) FROM pseudoniem_sleutel").fetchone()[0] == 0, \
        "no pseudonymised data yet: no key is pinned"
    assert load(con, "trajecten.csv", trajecten(5, 2023)).ok
    assert load(con, "trajecten-2024.csv", trajecten(5, 2024)).ok
    [(salt, fingerprint)] = con.execute("SELECT zout, vingerafdruk FROM pseudoniem_sleutel").fetchall()
    assert fingerprint == secret.fingerprint(KEY_A, bytes.fromhex(salt))
    assert fingerprint != secret.fingerprint(KEY_B, bytes.fromhex(salt))
    assert len(salt) == 32 and len(fingerprint) == 64
    plain = {KEY_A.hex(), KEY_A.decode(), hashlib.sha256(KEY_A).hexdigest(), *pseudonym_keys(KEY_A)}
    assert fingerprint not in plain
    assert not any(KEY_A.decode() in r or KEY_A.hex() in r for t in table_snapshot(con).values() for r in t)
    con.close()


def test_an_existing_database_adopts_the_key_of_its_next_import(tmp_path: Path) -> None:
    _version_1_database(tmp_path / "oud.duckdb")       # trajecten from before the fingerprint existed
    con = db.connect(tmp_path / "oud.duckdb")
    assert con.execute("SELECT count(*) FROM pseudoniem_sleutel").fetchone()[0] == 0
    assert load(con, "uitgaven.csv", uitgaven(2024)).ok   # no client ids, but the database has some
    assert con.execute("SELECT count(*) FROM pseudoniem_sleutel").fetchone()[0] == 1
    assert codes(load(con, "trajecten.csv", trajecten(5, 2024), key=KEY_B)) == ["andere-sleutel"]
    assert load(con, "trajecten.csv", trajecten(5, 2024)).ok
    con.close()


def test_cli_refuses_another_key_with_exit_1(tmp_path: Path, no_secrets_file: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path / "x.duckdb")
    con = duckdb.connect(str(path))
    assert load(con, "app.csv", trajecten(40, 2023)).ok
    before = table_snapshot(con)
    con.close()
    (tmp_path / "cli.csv").write_bytes(trajecten(40, 2024))
    monkeypatch.setenv(secret.ENV_KEY, KEY_B.decode())
    assert cli.main(["--db", str(path), "import", str(tmp_path / "cli.csv")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("cli.csv: GEWEIGERD (database ongewijzigd;")
    assert out[-1].startswith("  [andere-sleutel] blad 'csv': De sleutel voor pseudonimisering verschilt")
    con = duckdb.connect(str(path), read_only=True)
    assert table_snapshot(con) == before
    con.close()


# --- item 8: population for gemeenten that already have figures -------------------------------------

def test_population_for_gemeenten_with_figures_loads_and_newest_wins(con: duckdb.DuckDBPyConnection) -> None:
    first = population(["GM0505", "Dordrecht", "Zuid-Holland Zuid", "119000", "23500", "2023"],
                       ["GM0512", "Gorinchem", "Zuid-Holland Zuid", "37500", "8100", "2023"])
    assert load(con, "bevolking-2023.csv", first, kind="gemeenten").ok
    # Now both gemeenten have figures that reference them; a new file must still load.
    second = population(["GM0505", "Dordrecht", "Zuid-Holland Zuid", "121000", "24000", "2024"],
                        ["GM0505", "Dordrecht", "Zuid-Holland Zuid", "119500", "23600", "2023"],
                        ["GM0512", "Gorinchem", "ZHZ", "37900", "8200", "2024"])
    report = load(con, "bevolking-2024.csv", second, kind="gemeenten")
    assert report.ok, report.problems
    shown = queries.kaart_gemeenten(con, 2024).set_index("gemeente_code")["jeugdigen_0_17"].dropna()
    assert shown.to_dict() == {"GM0505": 24000, "GM0512": 8200}
    assert con.execute(
        "SELECT gemeente_code, jaar, inwoners, jeugdigen_0_17 FROM stg_gemeente_jaar ORDER BY 1, 2").fetchall() == [
        ("GM0505", 2023, 119500, 23600), ("GM0505", 2024, 121000, 24000),
        ("GM0512", 2023, 37500, 8100), ("GM0512", 2024, 37900, 8200)]
    assert con.execute("SELECT naam, regio_code FROM gemeente WHERE gemeente_code = 'GM0505'").fetchall() == [
        ("Dordrecht", "ZHZ")]


def test_population_upload_loads_for_a_gemeente_with_figures_but_keeps_its_name(con: duckdb.DuckDBPyConnection) -> None:
    # Names of known gemeenten come from the reference list (review of issue 10, finding 4): another spelling
    # in a population file loads its figures with a note, and the name stays.
    assert load(con, "uitgaven.csv", uitgaven(2024)).ok
    renamed = population(["GM0505", "Gemeente Dordrecht", "ZHZ", "121000", "24000", "2024"])
    report = load(con, "bevolking.csv", renamed, kind="gemeenten")
    assert report.ok, report.problems
    assert [n for n in report.notes if "GM0505" in n] == [
        "Blad 'csv', rij 2: gemeente GM0505 heet in het bestand 'Gemeente Dordrecht'; de bekende naam 'Dordrecht' is "
        "behouden (een bevolkingsbestand wijzigt geen namen van gemeenten)."]
    assert con.execute("SELECT naam FROM gemeente WHERE gemeente_code = 'GM0505'").fetchall() == [("Dordrecht",)]
    assert queries.kaart_gemeenten(con, 2024).query("gemeente_code == 'GM0505'")["gemeente"].tolist() == ["Dordrecht"]
    assert queries.kaart_gemeenten(con, 2024).query("gemeente_code == 'GM0505'")["jeugdigen_0_17"].tolist() == [24000]


def test_a_gemeente_with_figures_cannot_move_to_another_region(con: duckdb.DuckDBPyConnection) -> None:
    assert load(con, "uitgaven.csv", uitgaven(2024)).ok
    before = table_snapshot(con)
    moved = population(["GM0505", "Dordrecht", "GRJR", "121000", "24000", "2024"])
    report = load(con, "bevolking.csv", moved, kind="gemeenten")
    assert [(p.code, p.row, p.value, p.limit) for p in report.problems] == [
        ("gemeente-andere-regio", 2, "Dordrecht", "Zuid-Holland Zuid")]
    assert report.problems[0].message == (
        "Gemeente Dordrecht hoort in de database bij regio Zuid-Holland Zuid. Een gemeente met cijfers kan niet "
        "via een bestand naar een andere regio; laat de indeling door de beheerder aanpassen.")
    assert table_snapshot(con) == before


def test_gemeenten_without_inkoopmodel_store_none_not_nan(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*) FROM gemeente WHERE inkoopmodel = 'nan'").fetchone()[0] == 0
    # The 31 gemeenten of the seed regions (data/bronnen/gemeenten.csv): 13 name a purchasing model.
    assert con.execute("SELECT count(*) FROM gemeente WHERE inkoopmodel IS NULL"
                       " AND regio_code IN ('ZHZ', 'GRJR', 'MIJOV')").fetchone()[0] == 18


def test_cli_population_import_for_gemeenten_with_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = seeded(tmp_path / "x.duckdb")
    (tmp_path / "a.csv").write_bytes(population(["GM0505", "Dordrecht", "Zuid-Holland Zuid", "119000", "23500", "2023"]))
    (tmp_path / "b.csv").write_bytes(population(["GM0505", "Dordrecht", "Zuid-Holland Zuid", "121000", "24000", "2024"]))
    assert cli.main(["--db", str(path), "import", str(tmp_path / "a.csv")]) == 0
    assert cli.main(["--db", str(path), "import", str(tmp_path / "b.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "  batch 3"
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT jaar, jeugdigen_0_17 FROM stg_gemeente_jaar ORDER BY 1").fetchall() == [
        (2023, 23500), (2024, 24000)]
    con.close()


# --- item 9: one writer at a time -------------------------------------------------------------------

@contextmanager
def writer_held_elsewhere() -> Iterator[None]:
    """Another thread (another session of the app) holds the writer lock until the block ends."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with importer.single_writer():
            taken.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


def test_two_imports_at_once_both_load(tmp_path: Path) -> None:
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    files = {2023: trajecten(1500, 2023, "A"), 2024: trajecten(1500, 2024, "B")}
    start = threading.Barrier(2)
    reports: dict[int, object] = {}

    def run(year: int) -> None:
        cursor = con.cursor()     # as the app: one connection, a cursor per session
        start.wait()
        try:
            reports[year] = load(cursor, f"trajecten-{year}.csv", files[year])
        except Exception as exc:  # noqa: BLE001 - the test reports what a session would have seen
            reports[year] = exc

    threads = [threading.Thread(target=run, args=(y,)) for y in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {y: codes(r) if isinstance(r, importer.FileReport) else repr(r) for y, r in reports.items()} == {
        2023: [], 2024: []}
    assert sorted(b for r in reports.values() for b in r.batch_ids) == [2, 3]
    assert con.execute("SELECT year(startdatum), count(*), count(DISTINCT client_key) FROM stg_trajecten"
                       " GROUP BY 1 ORDER BY 1").fetchall() == [(2023, 1500, 1500), (2024, 1500, 1500)]
    # The marts were rebuilt after both: they hold both years.
    assert con.execute("SELECT count(DISTINCT year(startdatum)) FROM trajecten").fetchone()[0] == 2
    assert con.execute("SELECT min(jaar), max(jaar) FROM mart_jeugdigen_gemeente_jaar").fetchone() == (2023, 2024)
    con.close()


def test_an_import_while_another_writes_is_refused_politely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "WRITE_WAIT_SECONDS", 0.2)
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    before = table_snapshot(con)
    with writer_held_elsewhere():
        report = load(con, "trajecten.csv", trajecten(10, 2024))
    assert codes(report) == ["import-bezig"]
    assert report.problems[0].message == (
        "Er wordt al een bestand ingelezen (door een andere gebruiker of in een ander venster). Er is niets "
        "ingelezen; probeer het zo opnieuw.")
    assert table_snapshot(con) == before
    assert load(con, "trajecten.csv", trajecten(10, 2024)).ok, "once the other import is done, it loads"
    con.close()


def test_an_import_waits_for_a_short_write(tmp_path: Path) -> None:
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    taken = threading.Event()

    def hold_briefly() -> None:
        with importer.single_writer():
            taken.set()
            threading.Event().wait(0.5)

    thread = threading.Thread(target=hold_briefly)
    thread.start()
    assert taken.wait(10)
    report = load(con, "trajecten.csv", trajecten(10, 2024))
    thread.join()
    assert report.ok and report.batch_ids == [2]
    con.close()


def test_a_transaction_conflict_is_a_refusal_and_changes_nothing(tmp_path: Path) -> None:
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    assert load(con, "eerste.csv", trajecten(10, 2023)).ok
    before = table_snapshot(con)
    outside = con.cursor()       # a writer that does not take the lock (e.g. a future maintenance task)
    outside.execute("BEGIN TRANSACTION")
    db.refresh_marts(outside)
    try:
        report = load(con.cursor(), "tweede.csv", trajecten(10, 2024))
    finally:
        outside.execute("ROLLBACK")
    assert codes(report) == ["schrijfconflict"]
    assert report.problems[0].message == (
        "Tegelijk werd iets anders in de database geschreven. Dit bestand is niet ingelezen en de database is "
        "ongewijzigd; probeer het opnieuw.")
    assert report.batch_ids == []
    assert table_snapshot(con) == before
    assert load(con, "tweede.csv", trajecten(10, 2024)).ok
    con.close()


def test_undo_waits_for_the_writer_and_says_so_when_it_cannot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(importer, "WRITE_WAIT_SECONDS", 0.2)
    path = seeded(tmp_path / "x.duckdb")
    con = db.connect(path)
    assert load(con, "u.csv", uitgaven(2024)).batch_ids == [2]
    with writer_held_elsewhere(), pytest.raises(importer.WriterBusy) as raised:
        undo_batch(con, 2)
    assert str(raised.value).startswith("Er wordt al een bestand ingelezen")
    assert con.execute("SELECT status FROM batch WHERE batch_id = 2").fetchone() == ("actief",)
    con.close()
    with writer_held_elsewhere():
        assert cli.main(["--db", str(path), "undo", "2"]) == 1
    assert capsys.readouterr().err.startswith("Er wordt al een bestand ingelezen")
    assert cli.main(["--db", str(path), "undo", "2"]) == 0


def test_an_undo_that_meets_a_write_conflict_is_refused_in_dutch(tmp_path: Path) -> None:
    con = db.connect(seeded(tmp_path / "x.duckdb"))
    assert load(con, "trajecten.csv", trajecten(10, 2023)).batch_ids == [2]
    outside = con.cursor()
    outside.execute("BEGIN TRANSACTION")
    db.refresh_marts(outside)
    try:
        with pytest.raises(importer.WriterBusy) as raised:
            undo_batch(con.cursor(), 2)
    finally:
        outside.execute("ROLLBACK")
    assert str(raised.value) == "Tegelijk werd iets anders in de database geschreven; probeer het opnieuw."
    assert con.execute("SELECT status FROM batch WHERE batch_id = 2").fetchall() == [("actief",)]
    assert undo_batch(con, 2) is True
    con.close()
