"""Command-line tests: `python -m loaders` in a subprocess against databases in a temp dir.

A database is prepared once per module with the reference data and the gemeenten (the state of
conftest's `con`), so the command line does not spend seconds loading the default data. Each
subprocess scenario gets its own copy of it; the scenarios only record what happened and run
concurrently (a subprocess spends most of its time importing pandas), the tests then assert.
A few more cases call the same `main()` in-process."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from jeugdhulp import db
from loaders import cli
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
SHA_GOOD = hashlib.sha256(GOOD).hexdigest()[:12]
SHA_BAD = hashlib.sha256(BAD).hexdigest()[:12]
GEMEENTEN_BATCH = (1, "gemeenten", "gemeenten.csv", "actief", 31)


# --- helpers ------------------------------------------------------------------------------------

def run(work: Path, *args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("JEUGDHULP_DB", "JEUGDHULP_PSEUDONIEM_SLEUTEL", "JEUGDHULP_SLEUTELBESTAND")}
    env["JEUGDHULP_SLEUTELBESTAND"] = str(work / "sleutel.key")
    if env_db is not None:
        env["JEUGDHULP_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def query(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(path: Path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return table_snapshot(con)
    finally:
        con.close()


def batches(path: Path) -> list[tuple]:
    return query(path, "SELECT batch_id, kind, bestand, status, rijen FROM batch ORDER BY 1")


def import_in_process(path: Path, name: str, data: bytes) -> list[int]:
    con = duckdb.connect(str(path))
    try:
        return import_file(con, InputFile(name, data), user="test", key=TEST_KEY).batch_ids
    finally:
        con.close()


# --- subprocess scenarios: each records, the tests below assert ----------------------------------

def _check(work: Path, path: Path) -> dict:
    (work / "uitgaven.csv").write_bytes(GOOD)
    before = snapshot(path)
    result = run(work, "--db", str(path), "check", str(work / "uitgaven.csv"))
    return {"result": result, "before": before, "after": snapshot(path)}


def _bad_import(work: Path, path: Path) -> dict:
    (work / "fout.csv").write_bytes(BAD)
    before = snapshot(path)
    result = run(work, "--db", str(path), "import", str(work / "fout.csv"))
    return {"result": result, "before": before, "after": snapshot(path), "batches": batches(path)}


def _usage(work: Path, path: Path) -> dict:
    return {"result": run(work, "--db", str(path), "history", "--onbekend")}


def _history(work: Path, path: Path) -> dict:
    imported = import_in_process(path, "uitgaven_2024.csv", GOOD)
    return {"imported": imported, "result": run(work, "--db", str(path), "history")}


def _undo(work: Path, path: Path) -> dict:
    imported = import_in_process(path, "uitgaven.csv", GOOD)
    first = run(work, "--db", str(path), "undo", "2")
    after_first = batches(path)
    second = run(work, "--db", str(path), "undo", "2")
    return {"imported": imported, "first": first, "after_first": after_first, "second": second,
            "after_second": batches(path)}


def _env_import(work: Path, path: Path) -> dict:
    (work / "via-omgeving.csv").write_bytes(GOOD)
    result = run(work, "import", str(work / "via-omgeving.csv"), env_db=path)
    return {"result": result, "batches": batches(path),
            "uitgaven": query(path, "SELECT gemeente_code, segment_code, bedrag_eur::DOUBLE FROM stg_uitgaven"
                                    " ORDER BY 1")}


SCENARIOS: dict[str, Callable[[Path, Path], dict]] = {
    "check": _check, "bad_import": _bad_import, "usage": _usage, "history": _history, "undo": _undo,
    "env_import": _env_import,
}


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


@pytest.fixture(scope="module")
def runs(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every scenario above on its own copy of the seeded database, run concurrently."""
    places = {}
    for name in SCENARIOS:
        work = tmp_path_factory.mktemp(f"cli-{name}")
        shutil.copy(seeded_db, work / "x.duckdb")
        places[name] = (work, work / "x.duckdb")
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(scenario, *places[name]) for name, scenario in SCENARIOS.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture
def db_path(seeded_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "x.duckdb"
    shutil.copy(seeded_db, path)
    return path


# --- tests --------------------------------------------------------------------------------------

def test_check_good_file_prints_summary_and_writes_nothing(runs):
    check = runs["check"]
    result = check["result"]
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"uitgaven.csv: OK (gecontroleerd; sha256 {SHA_GOOD})",
        "  blad 'csv': uitgaven, 2 regels; totaal realisatie € 234,56",
    ]
    assert check["after"] == check["before"]


def test_import_bad_file_exit_1_and_database_unchanged(runs):
    bad = runs["bad_import"]
    result = bad["result"]
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"fout.csv: GEWEIGERD (database ongewijzigd; sha256 {SHA_BAD})",
        "  [onbekende-gemeente] blad 'csv', rij 2, kolom 'gemeente': Onbekende gemeente 'Dordrech'."
        " Bedoelde u Dordrecht?",
        "  [geen-getal] blad 'csv', rij 3, kolom 'bedrag': 'veel' is geen getal.",
    ]
    assert bad["after"] == bad["before"]
    assert bad["batches"] == [GEMEENTEN_BATCH]


def test_usage_error_exit_2(runs):
    result = runs["usage"]["result"]
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "usage: python -m loaders [-h] [--db DB]",
        "                         {check,import,history,undo,cbs,controller} ...",
        "fout: unrecognized arguments: --onbekend",
    ]


def test_history_lists_batches_with_file_name(runs):
    history = runs["history"]
    assert history["imported"] == [2]
    result = history["result"]
    assert (result.returncode, result.stderr) == (0, "")
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["nr", "soort", "bestand", "sha256", "regels", "status", "voorbeeld", "regio", "jaren",
                              "door", "ingelezen", "vervangt"]
    assert [line.split()[:10] for line in lines] == [
        ["1", "gemeenten", "gemeenten.csv", SHA_GEMEENTEN, "31", "actief", "nee", "-", "-", "test"],
        ["2", "uitgaven", "uitgaven_2024.csv", SHA_GOOD, "2", "actief", "nee", "ZHZ", "2024", "test"],
    ]
    assert [line.split()[-1] for line in lines] == ["-", "-"]   # replaces no earlier batch


def test_history_shows_dutch_local_time():
    """geladen_op is stored in UTC; the history, like the pages, says when in Dutch time (winter +1, summer +2)."""
    frame = pd.DataFrame({"batch_id": [1, 2], "kind": ["uitgaven"] * 2, "bestand": ["a.csv", "b.csv"], "sha256": ["0" * 64] * 2,
                          "rijen": [2, 3], "status": ["actief"] * 2, "voorbeeld": [False] * 2, "regio_code": ["ZHZ"] * 2,
                          "jaren": ["2024"] * 2, "gebruiker": ["test"] * 2,
                          "geladen_op": pd.to_datetime(["2026-12-05 04:20:00", "2026-07-01 22:30:00"]), "vervangt": [None] * 2})
    lines = cli._history_table(frame).splitlines()[1:]
    assert [line.split()[10:12] for line in lines] == [["2026-12-05", "05:20:00"], ["2026-07-02", "00:30:00"]]


def test_undo_then_undo_again(runs):
    undo = runs["undo"]
    assert undo["imported"] == [2]
    first, second = undo["first"], undo["second"]
    assert (first.returncode, first.stdout, first.stderr) == (0, "batch 2 is ongedaan gemaakt\n", "")
    assert undo["after_first"] == [GEMEENTEN_BATCH, (2, "uitgaven", "uitgaven.csv", "ongedaan", 2)]
    assert (second.returncode, second.stdout, second.stderr) == (1, "", "batch 2 bestaat niet of is niet actief\n")
    assert undo["after_second"] == undo["after_first"]


def test_import_uses_jeugdhulp_db_without_db_option(runs):
    env_import = runs["env_import"]
    result = env_import["result"]
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"via-omgeving.csv: OK (ingelezen; sha256 {SHA_GOOD})",
        "  blad 'csv': uitgaven, 2 regels; totaal realisatie € 234,56",
        "  batch 2",
    ]
    assert env_import["batches"] == [GEMEENTEN_BATCH, (2, "uitgaven", "via-omgeving.csv", "actief", 2)]
    assert env_import["uitgaven"] == [("GM0505", "4A", 1234.56), ("GM0512", "4B", -1000.0)]


# --- the same main(), in-process ----------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    ([], "fout: the following arguments are required: command"),
    (["undo", "twee"], "fout: argument batch_id: invalid int value: 'twee'"),
    (["import"], "fout: the following arguments are required: files"),
    (["import", "x.csv", "--soort", "onzin"], "fout: argument --soort: invalid choice: 'onzin'"),
])
def test_more_usage_errors(db_path, capsys, args, message):
    with pytest.raises(SystemExit) as raised:
        cli.main(["--db", str(db_path), *args])
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def test_unreadable_file_is_a_usage_error(tmp_path, db_path, capsys):
    before = snapshot(db_path)
    assert cli.main(["--db", str(db_path), "import", str(tmp_path / "bestaat-niet.csv")]) == 2
    assert "bestaat-niet.csv: kan niet gelezen worden (No such file or directory)" in capsys.readouterr().err
    assert snapshot(db_path) == before


def test_same_file_twice_is_refused(tmp_path, db_path, capsys):
    good = tmp_path / "uitgaven.csv"
    good.write_bytes(GOOD)
    assert cli.main(["--db", str(db_path), "import", str(good)]) == 0
    capsys.readouterr()
    before = snapshot(db_path)
    assert cli.main(["--db", str(db_path), "import", str(good)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"uitgaven.csv: GEWEIGERD (database ongewijzigd; sha256 {SHA_GOOD})",
        "  blad 'csv': uitgaven, 2 regels; totaal realisatie € 234,56",
        "  [al-geladen] Dit bestand is al eerder ingelezen (inleesronde 2). Kies 'vervangen' om het opnieuw te laden.",
    ]
    assert snapshot(db_path) == before


def test_check_totals_in_dutch_notation(tmp_path, db_path, capsys):
    data = make_csv([["gemeente", "jaar", "segment", "bedrag"], ["Dordrecht", "2024", "4A", "€ 1.234,56"]])
    (tmp_path / "u.csv").write_bytes(data)
    assert cli.main(["--db", str(db_path), "check", str(tmp_path / "u.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  blad 'csv': uitgaven, 1 regels; totaal realisatie € 1.234,56"


def test_db_option_wins_over_environment(tmp_path, db_path, monkeypatch, capsys):
    other = tmp_path / "ander.duckdb"
    shutil.copy(db_path, other)
    assert import_in_process(other, "ander-bestand.csv", GOOD) == [2]
    monkeypatch.setenv("JEUGDHULP_DB", str(db_path))
    assert cli.main(["--db", str(other), "history"]) == 0
    assert "ander-bestand.csv" in capsys.readouterr().out
    assert cli.main(["history"]) == 0
    assert "ander-bestand.csv" not in capsys.readouterr().out


def test_history_neutralises_control_characters_of_an_uploaded_file_name(tmp_path, db_path, capsys):
    # A file name from the upload page with a terminal escape sequence (clear screen, then a fake line) must not
    # reach the controller's terminal as one: every control character prints as '?'.
    assert import_in_process(db_path, "a\x1b[2J\x1b[Hnep\r.csv", GOOD) == [2]
    assert cli.main(["--db", str(db_path), "history"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert "a?[2J?[Hnep?.csv" in out


def test_a_refusal_quoting_a_cell_neutralises_its_control_characters(tmp_path, db_path, capsys):
    # A CSV cell can hold an escape sequence; the refusal quotes the value, the terminal gets '?' for each control.
    data = make_csv([["gemeente", "jaar", "segment", "bedrag"], ["\x1b[2JDordrecht", "2024", "4A", "100"]])
    (tmp_path / "u.csv").write_bytes(data)
    assert cli.main(["--db", str(db_path), "check", str(tmp_path / "u.csv")]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "?[2JDordrecht" in out


def test_a_workbook_is_checked_in_a_child_process_and_a_csv_here(tmp_path, db_path, capsys, monkeypatch):
    """As in the app (loaders.apart): the reader of a workbook runs in a child whose memory is capped."""
    from loaders import apart
    from tests.conftest import make_xlsx

    children: list[str] = []
    real = apart.check_file

    def spy(con, upload, *args, **kwargs):
        children.append(upload.name)
        return real(con, upload, *args, **kwargs)

    monkeypatch.setattr(apart, "check_file", spy)
    (tmp_path / "u.xlsx").write_bytes(make_xlsx({"Uitgaven": [["Gemeente", "Jaar", "Segment", "Bedrag"],
                                                             ["Dordrecht", 2024, "4A", 1234.56]]}))
    (tmp_path / "u.csv").write_bytes(GOOD)
    before = snapshot(db_path)
    assert cli.main(["--db", str(db_path), "check", str(tmp_path / "u.xlsx"), str(tmp_path / "u.csv")]) == 0
    assert children == ["u.xlsx"]
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "  blad 'Uitgaven': uitgaven, 1 regels; totaal realisatie € 1.234,56", out
    assert snapshot(db_path) == before
    assert cli.main(["--db", str(db_path), "import", str(tmp_path / "u.xlsx")]) == 0
    assert children == ["u.xlsx", "u.xlsx"]
    assert capsys.readouterr().out.splitlines()[0].startswith("u.xlsx: OK (ingelezen; sha256 ")


def test_a_child_that_dies_is_a_dutch_refusal_and_the_database_is_unchanged(tmp_path, db_path, capsys, monkeypatch):
    from loaders import apart
    from tests.conftest import make_xlsx

    def dies(*args, **kwargs):
        raise apart.ChildFailed("het controleproces stopte zonder uitkomst (exitcode -9)")

    monkeypatch.setattr(apart, "check_file", dies)
    (tmp_path / "u.xlsx").write_bytes(make_xlsx({"Uitgaven": [["Gemeente", "Jaar", "Segment", "Bedrag"],
                                                             ["Dordrecht", 2024, "4A", 1234.56]]}))
    before = snapshot(db_path)
    assert cli.main(["--db", str(db_path), "import", str(tmp_path / "u.xlsx")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("u.xlsx: GEWEIGERD (database ongewijzigd; sha256 ")
    assert out[1:] == ["  [controle-mislukt] Het controleren is mislukt: het proces dat het bestand las, stopte "
                       "onverwacht. Er is niets ingelezen, en opnieuw proberen helpt niet. Is het een gewone export? Sla "
                       "het dan opnieuw op als .xlsx of CSV, of verdeel de gegevens over kleinere bestanden."]
    assert snapshot(db_path) == before
