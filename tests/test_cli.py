"""Command-line tests: `python -m loaders` in a subprocess against a database in a temp dir.

The database is prepared once per module with the reference data and the gemeenten (the state of
conftest's `con`), so the command line does not spend seconds loading the default data; each test
works on its own copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import db
from loaders import __main__ as cli
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file
from tests.conftest import TEST_KEY, make_csv, table_snapshot

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHA_GEMEENTEN = hashlib.sha256((SOURCES_DIR / "gemeenten.csv").read_bytes()).hexdigest()[:12]

GOOD = make_csv([
    ["Gemeente", "Jaar", "Segment", "Bedrag"],
    ["Dordrecht", "2024", "Segment 4A", "€ 1.234,56"],
    ["Gorinchem", "2024", "4B", "(1.000)"],
])
BAD = make_csv([
    ["gemeente", "jaar", "segment", "bedrag"],
    ["Dordrech", "2024", "4A", "10"],
    ["Gorinchem", "2024", "4B", "veel"],
])


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "seeded.duckdb"
    con = db.connect(path)
    load_reference(con)
    report = import_file(con, InputFile("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten"),
                         user="test", key=TEST_KEY)
    assert report.ok, report.problems
    con.close()
    return path


@pytest.fixture
def db_path(seeded_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "x.duckdb"
    shutil.copy(seeded_db, path)
    return path


def run(tmp_path: Path, *args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("JEUGDHULP_DB", "JEUGDHULP_PSEUDONIEM_SLEUTEL", "JEUGDHULP_SLEUTELBESTAND")}
    env["JEUGDHULP_SLEUTELBESTAND"] = str(tmp_path / "sleutel.key")
    if env_db is not None:
        env["JEUGDHULP_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def snapshot(path: Path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return table_snapshot(con)
    finally:
        con.close()


def batches(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT batch_id, kind, bestand, status, rijen FROM batch ORDER BY 1").fetchall()
    finally:
        con.close()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_check_good_file_prints_summary_and_writes_nothing(tmp_path, db_path):
    good = write(tmp_path, "uitgaven.csv", GOOD)
    before = snapshot(db_path)
    result = run(tmp_path, "--db", str(db_path), "check", str(good))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"uitgaven.csv: OK (gecontroleerd; sha256 {hashlib.sha256(GOOD).hexdigest()[:12]})"
    assert lines[1].startswith("  blad 'csv': uitgaven, 2 regels; totaal bedrag_eur ")   # number format: see xfail
    assert len(lines) == 2
    assert snapshot(db_path) == before


def test_import_bad_file_exit_1_and_database_unchanged(tmp_path, db_path):
    bad = write(tmp_path, "fout.csv", BAD)
    before = snapshot(db_path)
    result = run(tmp_path, "--db", str(db_path), "import", str(bad))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"fout.csv: GEWEIGERD (database ongewijzigd; sha256 {hashlib.sha256(BAD).hexdigest()[:12]})",
        "  [onbekende-gemeente] blad 'csv', rij 2, kolom 'gemeente': Onbekende gemeente 'Dordrech'."
        " Bedoelde u Dordrecht?",
        "  [geen-getal] blad 'csv', rij 3, kolom 'bedrag': 'veel' is geen getal.",
    ]
    assert snapshot(db_path) == before
    assert batches(db_path) == [(1, "gemeenten", "gemeenten.csv", "actief", 31)]


def test_usage_error_exit_2(tmp_path, db_path):
    result = run(tmp_path, "--db", str(db_path), "history", "--onbekend")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "usage: python -m loaders [-h] [--db DB] {check,import,history,undo} ...",
        "fout: unrecognized arguments: --onbekend",
    ]


@pytest.mark.parametrize(("args", "message"), [
    ([], "fout: the following arguments are required: command"),
    (["undo", "twee"], "fout: argument batch_id: invalid int value: 'twee'"),
    (["import"], "fout: the following arguments are required: files"),
    (["import", "x.csv", "--soort", "onzin"], "fout: argument --soort: invalid choice: 'onzin'"),
])
def test_more_usage_errors_in_process(db_path, capsys, args, message):
    # The same main() as `python -m loaders` runs, called directly to keep the suite fast.
    with pytest.raises(SystemExit) as raised:
        cli.main(["--db", str(db_path), *args])
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def test_unreadable_file_is_a_usage_error(tmp_path, db_path, capsys):
    before = snapshot(db_path)
    assert cli.main(["--db", str(db_path), "import", str(tmp_path / "bestaat-niet.csv")]) == 2
    assert "bestaat-niet.csv: kan niet gelezen worden (No such file or directory)" in capsys.readouterr().err
    assert snapshot(db_path) == before


def test_history_lists_batches_with_file_name(tmp_path, db_path):
    con = duckdb.connect(str(db_path))
    assert import_file(con, InputFile("uitgaven_2024.csv", GOOD), user="test", key=TEST_KEY).batch_ids == [2]
    con.close()
    history = run(tmp_path, "--db", str(db_path), "history")
    assert history.returncode == 0, history.stderr
    header, *lines = history.stdout.splitlines()
    assert header.split() == ["batch_id", "kind", "bestand", "sha256", "rijen", "status", "voorbeeld", "regio_code",
                              "jaren", "gebruiker", "geladen_op", "vervangt"]
    assert [line.split()[:10] for line in lines] == [
        ["1", "gemeenten", "gemeenten.csv", SHA_GEMEENTEN, "31", "actief", "False", "NaN", "NaN", "test"],
        ["2", "uitgaven", "uitgaven_2024.csv", hashlib.sha256(GOOD).hexdigest()[:12], "2", "actief", "False", "ZHZ",
         "2024", "test"],
    ]


def test_undo_then_undo_again(tmp_path, db_path):
    con = duckdb.connect(str(db_path))
    report = import_file(con, InputFile("uitgaven.csv", GOOD), user="test", key=TEST_KEY)
    con.close()
    assert report.batch_ids == [2]

    first = run(tmp_path, "--db", str(db_path), "undo", "2")
    assert (first.returncode, first.stdout, first.stderr) == (0, "batch 2 is ongedaan gemaakt\n", "")
    assert batches(db_path) == [(1, "gemeenten", "gemeenten.csv", "actief", 31), (2, "uitgaven", "uitgaven.csv",
                                                                                 "ongedaan", 2)]
    second = run(tmp_path, "--db", str(db_path), "undo", "2")
    assert (second.returncode, second.stdout, second.stderr) == (1, "", "batch 2 bestaat niet of is niet actief\n")


def test_import_uses_jeugdhulp_db_without_db_option(tmp_path, db_path):
    good = write(tmp_path, "via-omgeving.csv", GOOD)
    result = run(tmp_path, "import", str(good), env_db=db_path)
    assert result.returncode == 0, result.stdout + result.stderr
    first, summary, last = result.stdout.splitlines()
    assert first == f"via-omgeving.csv: OK (ingelezen; sha256 {hashlib.sha256(GOOD).hexdigest()[:12]})"
    assert summary.startswith("  blad 'csv': uitgaven, 2 regels; totaal bedrag_eur ")   # number format: see xfail
    assert last == "  batch 2"
    assert batches(db_path) == [(1, "gemeenten", "gemeenten.csv", "actief", 31),
                                (2, "uitgaven", "via-omgeving.csv", "actief", 2)]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT gemeente_code, segment_code, bedrag_eur::DOUBLE FROM stg_uitgaven ORDER BY 1"
                           ).fetchall() == [("GM0505", "4A", 1234.56), ("GM0512", "4B", -1000.0)]
    finally:
        con.close()


def test_db_option_wins_over_environment(tmp_path, db_path, monkeypatch, capsys):
    other = tmp_path / "ander.duckdb"
    shutil.copy(db_path, other)
    con = duckdb.connect(str(other))
    assert import_file(con, InputFile("ander-bestand.csv", GOOD), user="test", key=TEST_KEY).ok
    con.close()
    monkeypatch.setenv("JEUGDHULP_DB", str(db_path))
    assert cli.main(["--db", str(other), "history"]) == 0
    assert "ander-bestand.csv" in capsys.readouterr().out
    assert cli.main(["history"]) == 0
    assert "ander-bestand.csv" not in capsys.readouterr().out


def test_check_summary_uses_dutch_number_format(tmp_path, db_path, capsys):
    data = make_csv([["gemeente", "jaar", "segment", "bedrag"], ["Dordrecht", "2024", "4A", "€ 1.234,56"]])
    good = write(tmp_path, "u.csv", data)
    assert cli.main(["--db", str(db_path), "check", str(good)]) == 0
    assert "  blad 'csv': uitgaven, 1 regels; totaal bedrag_eur 1.234,56" in capsys.readouterr().out.splitlines()
