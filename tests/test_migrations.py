"""Migration tests: a database left at schema version 1 (before the trajecten marts) is upgraded by
jeugdhulp.db.connect, keeps its rows and gets its marts filled; a second connect applies nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import db
from loaders.defaults import REFERENCE_DIR, SOURCES_DIR

# (client_key, gemeente, segment, startdatum, einddatum, verblijf), as an old version stored them.
OLD_TRAJECTEN = [
    ("k1", "GM0505", "4A", dt.date(2021, 3, 1), dt.date(2022, 2, 1), False),   # runs in 2021 and 2022
    ("k2", "GM0505", "4A", dt.date(2022, 5, 1), None, False),                 # open: runs to 2023
    ("k2", "GM0505", "1", dt.date(2023, 1, 15), dt.date(2023, 6, 30), True),
    ("k3", "GM0512", "4B", dt.date(2023, 2, 1), dt.date(2023, 3, 1), False),
]


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _version_1_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The reference data as version 1 had it: the three seed regions and their segments (written by SQL: today's
    loader fills columns version 1 did not have yet)."""
    con.executemany("INSERT INTO regio VALUES (?, ?, ?)",
                    [[r["regio_code"], r["naam"], r["bron"]] for r in _rows("regios.csv")[:3]])
    con.executemany("INSERT INTO vorm VALUES (?, ?, ?, ?)",
                    [[r["vorm"], r["naam"], r["met_verblijf"] == "true", int(r["volgorde"])] for r in _rows("vormen.csv")])
    con.executemany("INSERT INTO segment VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [[r["regio_code"], r["segment_code"], r["naam"], r["vorm"], r["residentieel"] == "true",
                      r["structuur"], int(r["volgorde"]), r["aliassen"] or None, r["toelichting"] or None, r["bron"]]
                     for r in _rows("segmenten.csv")])


def _version_1_database(path: Path) -> None:
    con = duckdb.connect(str(path))
    assert db.migrate(con, up_to=1) == [1]
    _version_1_reference(con)
    # Written by SQL: today's importer also fills tables that version 1 did not have yet.
    with (SOURCES_DIR / "gemeenten.csv").open(encoding="utf-8", newline="") as handle:
        con.executemany(
            "INSERT INTO gemeente (gemeente_code, naam, regio_code, bron)"
            " SELECT ?, ?, regio_code, ? FROM regio WHERE naam = ?",
            [[r["code"], r["naam"], r["bron"], r["regio"]] for r in csv.DictReader(handle)],
        )
    batch_id = con.execute(
        "INSERT INTO batch (kind, bestand, sha256, bron, regio_code, jaren, rijen, gebruiker)"
        " VALUES ('trajecten', 'oud.xlsx', 'abc123', 'upload oud.xlsx', 'ZHZ', '2021-2023', 4, 'test')"
        " RETURNING batch_id").fetchone()[0]
    con.executemany(
        "INSERT INTO trajecten (batch_id, client_key, gemeente_code, regio_code, segment_code, startdatum, einddatum,"
        " verblijf) VALUES (?, ?, ?, 'ZHZ', ?, ?, ?, ?)",
        [[batch_id, *row] for row in OLD_TRAJECTEN],
    )
    assert db.schema_version(con) == 1
    assert con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'mart_%' OR table_name LIKE 'stg_%'"
    ).fetchone()[0] == 0
    con.close()


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "oud.duckdb"
    _version_1_database(path)
    return path


LATEST = max(version for version, _, _ in db.migrations())


def test_migration_files_are_numbered_without_gaps():
    versions = [version for version, _, _ in db.migrations()]
    assert versions[:2] == [1, 2]
    assert versions == list(range(1, LATEST + 1))


def test_connect_upgrades_a_version_1_database_and_fills_the_marts(old_db):
    con = db.connect(old_db)
    try:
        assert db.schema_version(con) == LATEST
        assert [r[0] for r in con.execute("SELECT versie FROM schema_versie ORDER BY 1").fetchall()] == list(
            range(1, LATEST + 1))
        assert con.execute(
            "SELECT batch_id, client_key, segment_code, startdatum, einddatum, verblijf FROM trajecten ORDER BY ALL"
        ).fetchall() == [
            (1, "k1", "4A", dt.date(2021, 3, 1), dt.date(2022, 2, 1), False),
            (1, "k2", "1", dt.date(2023, 1, 15), dt.date(2023, 6, 30), True),
            (1, "k2", "4A", dt.date(2022, 5, 1), None, False),
            (1, "k3", "4B", dt.date(2023, 2, 1), dt.date(2023, 3, 1), False),
        ]
        assert con.execute("SELECT batch_id, kind, bestand, status FROM batch ORDER BY 1").fetchall() == [
            (1, "trajecten", "oud.xlsx", "actief")]
        assert con.execute("SELECT count(*) FROM gemeente").fetchone()[0] == 31
        assert con.execute(
            "SELECT gemeente_code, segment_code, jaar, jeugdigen, jeugdigen_verblijf, trajecten, gestart, beeindigd,"
            " voorbeeld, bron FROM mart_trajecten_segment_jaar ORDER BY ALL").fetchall() == [
            ("GM0505", "1", 2023, 1, 1, 1, 1, 1, False, "upload oud.xlsx"),
            ("GM0505", "4A", 2021, 1, 0, 1, 1, 0, False, "upload oud.xlsx"),
            ("GM0505", "4A", 2022, 2, 0, 2, 1, 1, False, "upload oud.xlsx"),
            ("GM0505", "4A", 2023, 1, 0, 1, 0, 0, False, "upload oud.xlsx"),
            ("GM0512", "4B", 2023, 1, 0, 1, 1, 1, False, "upload oud.xlsx"),
        ]
        assert con.execute(
            "SELECT gemeente_code, jaar, jeugdigen, jeugdigen_residentieel FROM mart_jeugdigen_gemeente_jaar"
            " ORDER BY ALL").fetchall() == [
            ("GM0505", 2021, 1, 0), ("GM0505", 2022, 2, 0), ("GM0505", 2023, 1, 1), ("GM0512", 2023, 1, 0)]
    finally:
        con.close()


def test_second_connect_applies_nothing(old_db):
    first = db.connect(old_db)
    applied_at = first.execute("SELECT versie, naam, toegepast_op FROM schema_versie ORDER BY 1").fetchall()
    mart = first.execute("SELECT * FROM mart_trajecten_segment_jaar ORDER BY ALL").fetchall()
    assert db.migrate(first) == []
    first.close()

    second = db.connect(old_db)
    try:
        assert db.schema_version(second) == LATEST
        assert second.execute("SELECT versie, naam, toegepast_op FROM schema_versie ORDER BY 1").fetchall() == applied_at
        assert [name for _, name, _ in applied_at][:2] == ["core_tables", "trajecten_marts"]
        assert second.execute("SELECT * FROM mart_trajecten_segment_jaar ORDER BY ALL").fetchall() == mart
        assert db.migrate(second) == []
    finally:
        second.close()


def test_fresh_database_gets_every_migration_and_empty_marts(tmp_path):
    con = duckdb.connect(str(tmp_path / "nieuw.duckdb"))
    try:
        assert db.migrate(con) == list(range(1, LATEST + 1))
        assert db.migrate(con) == []
        assert con.execute("SELECT count(*) FROM mart_trajecten_segment_jaar").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM stg_trajecten").fetchone()[0] == 0
    finally:
        con.close()


def test_migrate_up_to_stops_and_resumes(tmp_path):
    con = duckdb.connect(str(tmp_path / "stap.duckdb"))
    try:
        assert db.migrate(con, up_to=1) == [1]
        assert db.migrate(con, up_to=1) == []
        assert db.migrate(con) == list(range(2, LATEST + 1))
        assert db.schema_version(con) == LATEST
    finally:
        con.close()


def test_migration_6_clears_the_text_nan_from_inkoopmodel_also_of_gemeenten_with_figures(tmp_path):
    """Gemeenten loaded without an inkoopmodel were stored with the text 'nan' (issue 10, item 8)."""
    con = duckdb.connect(str(tmp_path / "nan.duckdb"))
    try:
        assert db.migrate(con, up_to=5) == [1, 2, 3, 4, 5]
        _version_1_reference(con)
        con.execute("INSERT INTO gemeente VALUES ('GM0505', 'Dordrecht', 'ZHZ', 'nan', 'x'),"
                    " ('GM0512', 'Gorinchem', 'ZHZ', 'regionale inkoop', 'x')")
        con.execute("INSERT INTO batch (batch_id, kind, bestand, sha256, bron, rijen, gebruiker)"
                    " VALUES (1, 'gemeenten', 'g.csv', 'abc', 'g.csv', 1, 'test')")
        con.execute("INSERT INTO gemeente_jaar VALUES ('GM0505', 2024, 121000, 24000, 1)")   # refers to the row
        assert db.migrate(con)[0] == 6
        assert con.execute("SELECT gemeente_code, inkoopmodel FROM gemeente ORDER BY 1").fetchall() == [
            ("GM0505", None), ("GM0512", "regionale inkoop")]
        assert con.execute("SELECT count(*) FROM pseudoniem_sleutel").fetchone()[0] == 0
    finally:
        con.close()


# The spend mart as the view it was before migration 9 (sql/refresh/mart_uitgaven_gemeente_jaar.sql's SELECT).
_SPEND_SELECT = (db.SQL_DIR / "refresh" / "mart_uitgaven_gemeente_jaar.sql").read_text(encoding="utf-8").split(
    "INSERT INTO mart_uitgaven_gemeente_jaar", 1)[1].strip().rstrip(";")


def _spend(con: duckdb.DuckDBPyConnection, source: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM ({source}) ORDER BY ALL").fetchall()  # noqa: S608 - test SQL


def test_migration_9_turns_the_spend_view_into_a_filled_table(example_template: Path, tmp_path: Path):
    """A database from before migration 9 has the spend mart as a view; after connect it is a table with the same
    rows, and imports and undos keep it equal to the spend it is computed from."""
    from loaders.importer import InputFile, import_file, undo_batch
    from tests.conftest import TEST_KEY, make_csv

    path = tmp_path / "v8.duckdb"
    path.write_bytes(example_template.read_bytes())
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE mart_uitgaven_gemeente_jaar")
    con.execute(f"CREATE VIEW mart_uitgaven_gemeente_jaar AS {_SPEND_SELECT}")
    con.execute("DELETE FROM schema_versie WHERE versie >= 9")   # 10 and later redo nothing (IF NOT EXISTS)
    before = _spend(con, "SELECT * FROM mart_uitgaven_gemeente_jaar")
    con.close()
    assert len(before) > 1000

    con = db.connect(path)
    try:
        assert con.execute("SELECT table_type FROM information_schema.tables"
                           " WHERE table_name = 'mart_uitgaven_gemeente_jaar'").fetchone() == ("BASE TABLE",)
        assert _spend(con, "SELECT * FROM mart_uitgaven_gemeente_jaar") == before

        spend = make_csv([["gemeente", "segment", "jaar", "soort", "bedrag"],
                          ["Dordrecht", "4A", "2031", "realisatie", "1234,50"]])
        report = import_file(con, InputFile("uitgaven-2031.csv", spend), user="test", key=TEST_KEY)
        assert report.ok, report.problems
        after_import = _spend(con, "SELECT * FROM mart_uitgaven_gemeente_jaar")
        assert after_import == _spend(con, _SPEND_SELECT) != before
        assert ("GM0505", "ZHZ", "4A", 2031, "realisatie", 1234.5) in [row[:6] for row in after_import]
        assert undo_batch(con, report.batch_ids[0])
        assert _spend(con, "SELECT * FROM mart_uitgaven_gemeente_jaar") == before
    finally:
        con.close()
