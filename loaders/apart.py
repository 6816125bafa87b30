"""Checking a large file, or any workbook, in a process of its own, for the app: reading and validating a million-row
workbook is Python work, and in the server's process it would take turns with every reader's page for the one
interpreter lock. In a child process it has its own, at a lower priority: the pages go first, the check takes the
rest of the cores. A workbook of any size goes there too, with its memory limited: see worth_it.

The child (this module run as a plain subprocess by loaders.paraat, ahead when the app keeps one ready; multiprocessing
would import the parent's __main__ in the child, and under Streamlit that is the app itself) reads its task and memory
limit, then the upload and the reference from its stdin, runs check_content (no database), and writes its progress and
then its outcome to its stdout, each a pickle after its length (the parent started the child and trusts what it
writes; the sheets' Arrow-backed columns pickle in milliseconds). Nothing goes to disk, and the sheets it sends hold
client keys, never the clients' own numbers (loaders.pseudonym). The parent then makes the one check that needs the
database and loads in its own transaction. A child that dies (out of memory, killed) is an error of the work: nothing
was written."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import duckdb

from jeugdhulp import fmt, voortgang
from loaders import importer, paraat
from loaders import report as reports
from loaders.importer import FileReport, InputFile, check_content, with_key_check
from loaders.problems import Problem
from loaders.reference import Reference
from loaders.validate import SheetResult

try:
    import resource
except ImportError:   # not a POSIX system: the child's memory keeps its default
    resource = None

# From this size a file is checked in a child process; a smaller CSV is checked in a fraction of the ~1 s a new
# Python process takes to import pandas and the readers.
APART_MIN_BYTES = 1_000_000
PROJECT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


class ChildFailed(RuntimeError):
    """The child process ended without an outcome (it died, or was stopped) or with an exception (its traceback is the
    message); `reason` says which in the words of the refusal (controle-mislukt)."""

    def __init__(self, message: str, reason: str = "stopte onverwacht") -> None:
        super().__init__(message)
        self.reason = reason


# A workbook is always checked in a child. Its readers (calamine) build a sheet as a grid from the first to the
# farthest cell; loaders.read measures every sheet first and refuses a grid too large, but should a workbook ever
# get past that guard, the allocation fails in the child (its memory is limited, CHILD_MEMORY_BYTES) and the child
# dies: the upload is a failed job, the server and every reader's page stay up.
_WORKBOOK_MAGIC = (b"PK", b"\xd0\xcf\x11\xe0")   # zip (xlsx, xlsm, xlsb, ods) and OLE (xls)
# What the child may allocate: a 100 MB upload (MAX_FILE_BYTES) checks in under 4 GB. An old .xls (at most 65.536 rows
# by 256 columns) needs less; its guard (loaders.biff) is younger than the xlsx's, so it gets the smaller cap too.
CHILD_MEMORY_BYTES = 8 * 1024 ** 3
XLS_MEMORY_BYTES = 4 * 1024 ** 3
# How long a check may take: a 1M-row workbook takes about 25 s, the largest upload a few minutes. A reader stuck after
# running out of memory (fresh eyes: an .xlsb held its 8 GB for good) is stopped then, and its place freed.
CHILD_SECONDS = 300


# At most this many children at once, in the whole server: each may take up to CHILD_MEMORY_BYTES, and a
# workbook that is nearly all empty grid can make one take a gigabyte for a few kilobytes of upload; more children
# than the machine's two cores would not finish sooner either. A controller whose check would be one more waits, and
# its progress says so.
CHILDREN_AT_ONCE = 2
_places = threading.BoundedSemaphore(CHILDREN_AT_ONCE)


@contextmanager
def place(progress: voortgang.Voortgang | None = None) -> Iterator[None]:
    """One of the CHILDREN_AT_ONCE places for a child, held while the block runs; while every place is taken the
    caller waits, after telling `progress` (stage WACHTEN)."""
    if not _places.acquire(blocking=False):
        voortgang.report(progress, voortgang.WACHTEN)
        _places.acquire()
    try:
        yield
    finally:
        _places.release()


def worth_it(upload: InputFile) -> bool:
    return len(upload.data) >= APART_MIN_BYTES or upload.data.startswith(_WORKBOOK_MAGIC) or _wide(upload.data)


# A small CSV with this many fields on a line goes to a child too: each column costs its own header and BSN checks,
# and fresh eyes' 916 kB of 15 lines by 16.384 fields took 40 s of the server's interpreter.
WIDE_CSV_FIELDS = 256


def _wide(data: bytes) -> bool:
    return any(max(line.count(b";"), line.count(b","), line.count(b"\t")) + 1 >= WIDE_CSV_FIELDS
               for line in data.splitlines() if len(line) >= WIDE_CSV_FIELDS)


def memory_limit(upload: InputFile) -> int:
    """What the child that checks `upload` may allocate."""
    return XLS_MEMORY_BYTES if upload.data.startswith(_WORKBOOK_MAGIC[1]) else CHILD_MEMORY_BYTES


def limit_memory(limit: int = CHILD_MEMORY_BYTES) -> bool:
    """Cap the calling process's heap and private mappings at `limit` bytes (RLIMIT_DATA: what it writes, not the
    address space it only reserves). False where the system has no such limit."""
    if resource is None:
        return False
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    return True


def check(con: duckdb.DuckDBPyConnection, upload: InputFile, key: bytes, ref: Reference,
          progress: voortgang.Voortgang | None = None) -> tuple[FileReport, list[SheetResult]]:
    """How the app and the command line check an upload: a workbook or a large file in a child (check_file), a
    small CSV here (loaders.importer.check_file). A child that died or was stopped refuses the file (controle-mislukt,
    with the reason): nothing was read, and the same file would fail again."""
    if not worth_it(upload):
        return importer.check_file(con, upload, key=key, ref=ref, progress=progress)
    try:
        return check_file(con, upload, key, ref, progress)
    except ChildFailed as failed:
        log.warning("controle van %s mislukt: %s", upload.name, failed)
        report = FileReport(upload.name, hashlib.sha256(upload.data).hexdigest(),
                            problems=[Problem("controle-mislukt", value=failed.reason)])
        return report, []


def check_file(con: duckdb.DuckDBPyConnection, upload: InputFile, key: bytes, ref: Reference,
               progress: voortgang.Voortgang | None = None) -> tuple[FileReport, list[SheetResult]]:
    """loaders.importer.check_file, with the reading and validating done in a child process (see the module), once
    one of the places for a child is free (place)."""
    with place(progress):
        report, results = _in_child(CHECK, (upload, ref, key), memory_limit(upload), progress)
    return with_key_check(con, key, report, results)


def marked_copy(upload: InputFile, problems: list[Problem]) -> bytes:
    """The report of a refused upload (loaders.report.marked_copy). A workbook's copy is built in a child like its
    check: openpyxl holds about 600 bytes per cell, and a reader past the guards would otherwise grow in the server's
    own process (fresh eyes: 3 GB for one click). A CSV's is built here. A child that fails gives the list of problems
    without the copy."""
    if not upload.data.startswith(_WORKBOOK_MAGIC):
        return reports.marked_copy(upload.name, upload.data, problems)
    try:
        with place():
            return _in_child(REPORT, (upload.name, upload.data, problems), memory_limit(upload), None)
    except ChildFailed as failed:
        log.warning("rapport van %s mislukt: %s", upload.name, failed)
        return reports.marked_copy(upload.name, upload.data, problems, whole=False)


CHECK, REPORT = "controle", "rapport"   # what a child does: check an upload, or build the report of one


def _in_child(task: str, work: tuple, limit: int, progress: voortgang.Voortgang | None) -> object:
    child = paraat.take()   # started ahead when the app keeps one ready (loaders.paraat), else now
    watchdog = threading.Timer(CHILD_SECONDS, child.kill)
    watchdog.daemon = True
    watchdog.start()
    try:
        return _talk(child, (task, limit), work, progress)
    except (BrokenPipeError, ChildFailed) as failed:
        code = paraat.wait_or_kill(child, 10)
        if watchdog.finished.is_set():
            reason = f"was na {_duration(CHILD_SECONDS)} nog niet klaar en is gestopt"
        elif code == -signal.SIGABRT or "MemoryError" in str(failed):
            reason = f"had meer geheugen nodig dan de {_size(limit)} die het mag gebruiken"
        else:
            reason = "stopte onverwacht"
        raise ChildFailed(f"{failed} (exitcode {code})", reason) from failed
    finally:
        watchdog.cancel()
        child.stdout.close()
        paraat.wait_or_kill(child, 10)
        paraat.task_ended()


def _size(limit: int) -> str:
    return f"{limit / 1024 ** 3:.0f} GB" if limit >= 1024 ** 3 else f"{limit / 1024 ** 2:.0f} MB"


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds // 60:.0f} minuten"
    return f"{fmt.number(seconds, 0 if seconds == int(seconds) else 1)} {'seconde' if seconds == 1 else 'seconden'}"


def _talk(child: subprocess.Popen, task: tuple[str, int], work: tuple, progress: voortgang.Voortgang | None) -> object:
    """Send the child its task and memory limit, then its work; relay its progress, and return its outcome."""
    with child.stdin:
        for message in (task, work):
            data = memoryview(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
            while data:   # a raw pipe may take part of it per call
                data = data[child.stdin.write(data):]
    while True:
        message = _receive(child.stdout)
        if message is None:
            raise ChildFailed("het controleproces stopte zonder uitkomst")
        what, payload = message
        if what == "voortgang":
            voortgang.report(progress, *payload)
        elif what == "klaar":
            return payload
        else:
            raise ChildFailed(payload)


def _receive(stream: BinaryIO) -> tuple[str, object] | None:
    """One message of the child: its length (8 bytes) and its pickle, read in as few calls as the pipe allows (each
    call lets go of the interpreter lock and must win it back: under load, many small reads are slow). None: the
    child's end closed without a whole message."""
    head = _exactly(stream, 8)
    if head is None:
        return None
    body = _exactly(stream, int.from_bytes(head, "little"))
    return None if body is None else pickle.loads(body)   # noqa: S301 - written by our own child, never a file


def _exactly(stream: BinaryIO, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        read = stream.readinto(view[got:])
        if not read:
            return None
        got += read
    return buffer


def _send(out: BinaryIO, what: str, payload: object) -> None:
    body = pickle.dumps((what, payload), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(body).to_bytes(8, "little") + body)
    out.flush()


def main() -> None:
    """The child's body: check_content (or, for the task REPORT, reports.marked_copy) on what stdin brings, its progress
    and its outcome to stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr   # a stray print must not break the stream of pickles
    try:
        task, limit = pickle.load(sys.stdin.buffer)   # noqa: S301 - written by the server that started us
    except EOFError:
        return   # kept ready (loaders.paraat) and not needed: the server ended
    limit_memory(limit)   # before a byte of the upload is read
    try:
        work = pickle.load(sys.stdin.buffer)   # noqa: S301 - written by the server that started us
        if task == REPORT:
            outcome = reports.marked_copy(*work)
        else:
            upload, ref, key = work
            outcome = check_content(upload, ref, key, lambda stage, done=0, total=0: _send(out, "voortgang",
                                                                                           (stage, done, total)))
        _send(out, "klaar", outcome)
    except BaseException:   # noqa: BLE001 - whatever went wrong, the parent reports it; the child then ends
        _send(out, "fout", traceback.format_exc())
    sys.stderr.flush()
    os._exit(0)   # its outcome is sent and it wrote nothing else: no 0,1 s of tearing down pandas for the server to wait on


if __name__ == "__main__":
    main()
