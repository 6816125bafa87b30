"""Shared fixtures: a fresh DuckDB with the real schema in a temp dir, tiny files built in code, and the example
database (defaults + example data) built once per session for the AppTest modules, with the app pointed at it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import openpyxl
import pytest

from jeugdhulp import db
from loaders.defaults import SOURCES_DIR, ensure_loaded, load_reference
from loaders.importer import InputFile, import_file
from loaders.secret import pseudonym_key

TEST_KEY = b"test-pseudonym-key"
CONTROLLER_PASSWORD = "correct-paard-batterij-niet"  # noqa: S105 - a test password


def _key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "pseudoniem.key"


@pytest.fixture(autouse=True)
def _isolated_key_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch a developer's real pseudonym key file from a test."""
    monkeypatch.setenv("JEUGDHULP_SLEUTELBESTAND", str(_key_file(tmp_path_factory)))
    # Nor a controller password set with `python -m loaders controller` (tests that set one use their own path).
    monkeypatch.setenv("JEUGDHULP_CONTROLLERBESTAND", str(tmp_path_factory.getbasetemp() / "controller-wachtwoord"))
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


# --- the example database and AppTest ----------------------------------------------------------------

@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Default + example data loaded into a temp DuckDB once per session, as the app loads them on first start.
    No test opens this file: modules read `example_db` or take their own copy with `copy_example`."""
    path = tmp_path_factory.mktemp("example_template") / "jeugdhulp.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        # Module and session fixtures run before the autouse key fixture: the same key file, set here too.
        mp.setenv("JEUGDHULP_SLEUTELBESTAND", str(_key_file(tmp_path_factory)))
        con = db.connect(path)
        try:
            assert ensure_loaded(con, pseudonym_key()) is not None, "the fresh database was not empty"
        finally:
            con.close()   # closing checkpoints: the file alone holds everything, ready to copy
    return path


def copy_example(template: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the example database, for a module that writes to it (uploads, undo, slides)."""
    target = tmp_path_factory.mktemp(name) / "jeugdhulp.duckdb"
    shutil.copyfile(template, target)
    return target


@contextmanager
def app_on(path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """JEUGDHULP_DB points the app at `path` until the block ends. The app caches its connection per process
    (st.cache_resource): the caches are cleared on entry, so no connection to another database is reused, and on
    exit, so no later module gets this one; the previous JEUGDHULP_DB comes back."""
    import streamlit as st

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JEUGDHULP_SLEUTELBESTAND", str(_key_file(tmp_path_factory)))
        mp.setenv("JEUGDHULP_DB", str(path))
        st.cache_resource.clear()
        st.cache_data.clear()
        try:
            yield path
        finally:
            st.cache_resource.clear()
            st.cache_data.clear()


@pytest.fixture(scope="session")
def _shared_example(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(example_template, tmp_path_factory, "example_shared")


@pytest.fixture(scope="module")
def example_db(_shared_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example database for a module that only reads it, shared by those modules; JEUGDHULP_DB points at it
    for the module. A module that writes overrides this fixture with its own copy:
    `with app_on(copy_example(example_template, tmp_path_factory, name), tmp_path_factory) as path: yield path`."""
    with app_on(_shared_example, tmp_path_factory) as path:
        yield path


@pytest.fixture(scope="module")
def example(example_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the module's example database, for tests of the page data and queries."""
    con = duckdb.connect(str(example_db), read_only=True)
    yield con
    con.close()


@pytest.fixture
def apptest_runs_app_py(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest run app.py on every run, as `streamlit run` does. Modules with AppTest tests use it with
    `pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")`.

    AppTest resets PagesManager.uses_pages_directory before each run, and because a `pages/`
    folder sits next to app.py it then falls back to the old pages-directory mode: from the
    second run on it executes pages/<page>.py *without* app.py, so the sidebar filter bar
    vanishes, its widget state is dropped and the page reuses the previous run's selection
    (state.require_app() does not notice, since filter_selectie is still in session state).
    In a real server the flag stays False once st.navigation has been called
    (streamlit/commands/navigation.py), so app.py always runs; the very first request to a fresh
    server is covered by tests/test_browser.py::test_shared_link_opens_the_same_view.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _NavigationPagesManager(PagesManager):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", _NavigationPagesManager)


@pytest.fixture
def no_role(monkeypatch: pytest.MonkeyPatch) -> None:
    """No controller role configured (no password, no OIDC controllers), and a fresh login throttle."""
    from dashboard import auth

    monkeypatch.delenv(auth.ENV_PASSWORD, raising=False)
    monkeypatch.delenv(auth.ENV_CONTROLLERS, raising=False)
    # The login throttle is process-wide: failed logins of earlier tests must not lock this one out.
    monkeypatch.setattr(auth, "_THROTTLE", auth.LoginThrottle())


@pytest.fixture
def password_role(no_role: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The controller role by a password, CONTROLLER_PASSWORD; returns it."""
    from dashboard import auth

    monkeypatch.setenv(auth.ENV_PASSWORD, CONTROLLER_PASSWORD)
    return CONTROLLER_PASSWORD


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


def uploaded_source(file_name: str) -> str:
    """The source line an upload of today gets: '<file>, ingelezen op <today> door een controller'."""
    from datetime import UTC, datetime

    from loaders.importer import upload_source

    return upload_source(file_name, datetime.now(UTC))


def table_snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table, to prove a refused import changed nothing."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


_DIGEST = re.compile(r"[0-9a-f]{32,}")


def stored_texts(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """Every cell of every table as text, hex digests and timestamps left out.

    A substring search over a row's repr once found "100234" in a timestamp's microseconds; a digest can
    hold any six hex digits by chance. What may never be stored is the raw value in a readable cell.
    """
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    for table in tables:
        for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
            for cell in row:
                if isinstance(cell, (dt.date, dt.time)) or cell is None:
                    continue
                text = str(cell)
                if not _DIGEST.fullmatch(text):
                    yield text


os.environ.setdefault("JEUGDHULP_TEST", "1")
