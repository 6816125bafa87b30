"""A checking child kept ready (loaders.paraat): the app's checks take the child started ahead, get the same outcome,
and a new one is made ready after each; a child kept ready that died is replaced; it waits at the lower priority and
ends without a task when the server ends; the command line keeps none."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

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
    dead = paraat.ready_pid()
    os.kill(dead, 9)
    time.sleep(0.2)
    report, results = apart.check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), TEST_KEY,
                                       Reference.from_db(con))
    assert report.ok and len(results[0].frame) == 3
    ready = paraat.ready_pid()
    assert ready != dead and Path(f"/proc/{ready}").exists() and not Path(f"/proc/{dead}").exists()


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


@posix_only
def test_a_child_made_ready_from_the_imports_own_thread_runs_at_the_same_lower_priority(kept: None) -> None:
    """Fresh eyes: after a check, the next child was started from the job's thread, which runs at NICE already, and
    ran at twice NICE (19)."""
    paraat.discard()

    def from_a_lowered_thread() -> None:
        achtergrond.lower_thread_priority()
        paraat.task_ended()

    worker = threading.Thread(target=from_a_lowered_thread)
    worker.start()
    worker.join(10)
    pid = paraat.ready_pid()
    deadline = time.monotonic() + 10
    while _priority(pid) == _priority(0) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert _priority(pid) == _priority(os.getpid()) + achtergrond.NICE


_ORPHAN_SCRIPT = """
import io, os, signal, sys, threading, time, zipfile
import openpyxl
from loaders import apart, paraat
from loaders.importer import InputFile
from loaders.reference import Reference

book = openpyxl.Workbook()
book.active.append(["Gemeente", "Jaar"])
buffer = io.BytesIO()
book.save(buffer)
out = io.BytesIO()
with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
    for info in source.infolist():
        part = source.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":   # a million cells without r: measured slowly, without a word
            part = part.replace(b"</sheetData>", b'<row r="2">' + b"<c><v>1</v></c>" * 1_000_000 + b"</row></sheetData>")
        target.writestr(info.filename, part)
taken = []
take = paraat.take
paraat.take = lambda: taken.append(take()) or taken[-1]
worker = threading.Thread(target=apart._in_child, args=(apart.CHECK, (InputFile("traag.xlsx", out.getvalue()),
                          Reference(), b"key"), apart.CHILD_MEMORY_BYTES, None), daemon=True)
worker.start()   # a thread of its own, as a job's is
time.sleep(2.0)
print(taken[0].pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)   # the server dies without a word
"""


@posix_only
def test_a_child_lives_as_long_as_its_server_not_as_the_thread_that_started_it() -> None:
    """Fresh eyes: a child busy reading lived on for seconds after its server was killed (a stuck one would have lived on
    for good). The kernel ends it with its server now, however busy it is, though the thread that asked for it was not
    the server's first."""
    result = subprocess.run([sys.executable, "-c", _ORPHAN_SCRIPT], cwd=paraat.PROJECT, capture_output=True, text=True,
                            timeout=60)
    pid = int(result.stdout.split()[0])
    deadline = time.monotonic() + 2
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()


@posix_only
def test_the_child_has_none_of_the_servers_secrets_in_its_environment(kept: None, monkeypatch: pytest.MonkeyPatch,
                                                                      con: duckdb.DuckDBPyConnection) -> None:
    monkeypatch.setenv("JEUGDHULP_CONTROLLER_WACHTWOORD", "geheim-wachtwoord-123")
    monkeypatch.setenv("JEUGDHULP_PSEUDONIEM_SLEUTEL", "geheime-sleutel")
    paraat.discard()
    paraat.keep_ready()
    environment = Path(f"/proc/{paraat.ready_pid()}/environ").read_bytes()
    assert b"geheim-wachtwoord-123" not in environment and b"geheime-sleutel" not in environment
    assert b"PATH=" in environment
    report, results = apart.check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), TEST_KEY, Reference.from_db(con))
    assert report.ok and "client_key" in results[0].frame   # the key came through the pipe


def test_without_asking_no_child_is_kept_ready(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line checks a file or a few and ends: a child started for nothing would take a core from its
    import."""
    paraat.discard()
    monkeypatch.setattr(paraat, "_keep", False)
    report, _ = apart.check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), TEST_KEY, Reference.from_db(con))
    assert report.ok and paraat.ready_pid() is None
