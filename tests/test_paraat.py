"""A checking child kept ready (loaders.paraat): the app's checks take the child started ahead, get the same outcome,
and a new one is made ready after each; a child kept ready that died is replaced; it waits at the lower priority and
ends without a task when the server ends; the command line keeps none."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator

import duckdb
import pytest

from jeugdhulp import achtergrond
from loaders import apart, importer, paraat
from loaders.importer import InputFile
from loaders.reference import Reference
from tests.conftest import TEST_KEY
from tests.test_jobs import _trajecten

posix_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process priorities as Linux has them")


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's setting (the upload page asks for it), undone afterwards."""
    paraat.discard()
    monkeypatch.setattr(paraat, "_keep", False)
    paraat.keep_ready()
    yield
    paraat.discard()


def _priority(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_a_check_takes_the_child_kept_ready_and_another_is_made_ready(con: duckdb.DuckDBPyConnection, kept: None) -> None:
    upload, ref = InputFile("trajecten.xlsx", _trajecten(20)), Reference.from_db(con)
    first = paraat.ready_pid()
    assert first is not None
    report, results = apart.check_file(con, upload, TEST_KEY, ref)
    second = paraat.ready_pid()
    assert second is not None and second != first
    with pytest.raises(ProcessLookupError):   # the first did the check and has ended
        os.kill(first, 0)
    here, here_results = importer.check_file(con, upload, key=TEST_KEY, ref=ref)
    assert report.ok and (report.problems, report.notes) == (here.problems, here.notes)
    assert [r.frame.to_dict("records") for r in results] == [r.frame.to_dict("records") for r in here_results]


def test_a_child_kept_ready_that_died_is_replaced(con: duckdb.DuckDBPyConnection, kept: None) -> None:
    os.kill(paraat.ready_pid(), 9)
    time.sleep(0.2)
    report, results = apart.check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), TEST_KEY,
                                       Reference.from_db(con))
    assert report.ok and len(results[0].frame) == 3
    assert paraat.ready_pid() is not None


@posix_only
def test_the_child_kept_ready_waits_at_the_lower_priority_and_ends_without_a_task(kept: None) -> None:
    pid = paraat.ready_pid()
    deadline = time.monotonic() + 10
    while _priority(pid) != _priority(0) + achtergrond.NICE and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _priority(pid) == _priority(0) + achtergrond.NICE
    child = paraat._ready
    paraat.discard()   # what happens at the server's end: its pipe closes
    assert child.returncode == 0 and paraat.ready_pid() is None


def test_without_asking_no_child_is_kept_ready(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line checks a file or a few and ends: a child started for nothing would take a core from its
    import."""
    paraat.discard()
    monkeypatch.setattr(paraat, "_keep", False)
    report, _ = apart.check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), TEST_KEY, Reference.from_db(con))
    assert report.ok and paraat.ready_pid() is None
