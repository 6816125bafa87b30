"""Shared fixtures: a fresh DuckDB with the real schema in a temp dir, and tiny files built in code."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from jeugdhulp import db
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file

TEST_KEY = b"test-pseudonym-key"


@pytest.fixture(autouse=True)
def _isolated_key_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch a developer's real pseudonym key file from a test."""
    monkeypatch.setenv("JEUGDHULP_SLEUTELBESTAND", str(tmp_path_factory.getbasetemp() / "pseudoniem.key"))
    monkeypatch.delenv("JEUGDHULP_PSEUDONIEM_SLEUTEL", raising=False)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Schema, regions, vormen and segments, and the 31 gemeenten — no facts."""
    connection = db.connect(tmp_path / "test.duckdb")
    load_reference(connection)
    report = import_file(connection, InputFile("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten"),
                         user="test", key=TEST_KEY)
    assert report.ok, report.problems
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One `streamlit run app.py` on the example data, shared by the browser tests that only read data
    (presentations they build live under their own random code). Uploads get a server of their own."""
    from tests.browser_util import serve_example

    with serve_example(tmp_path_factory.mktemp("browser")) as server:
        yield server


def make_csv(rows: list[list[object]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def make_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def load(con: duckdb.DuckDBPyConnection, name: str, data: bytes, kind: str | None = None, **kwargs: object):
    return import_file(con, InputFile(name, data, kind), user="test", key=TEST_KEY, **kwargs)


def table_snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table, to prove a refused import changed nothing."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


os.environ.setdefault("JEUGDHULP_TEST", "1")
