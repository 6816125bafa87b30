"""Background work gives way to the pages (jeugdhulp.achtergrond, loaders.apart; issue 14 under load): a large file
is read and validated in a child process at a lower priority and gives the same outcome as in the server's own
process; a child that dies leaves a Dutch message and the database as it was; while an import runs DuckDB keeps no
workers of its own, and afterwards the setting is what it was, also after a failure or when work overlaps."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import duckdb
import pytest

from dashboard import jobs
from jeugdhulp import achtergrond, voortgang
from loaders import apart, importer, paraat
from loaders.importer import InputFile
from loaders.reference import Reference
from tests.conftest import TEST_KEY, make_xlsx, table_snapshot
from tests.corpus import xlsxwriter_book
from tests.test_jobs import TRAJECTEN_HEADER, _trajecten

posix_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="nice values as Linux has them")


def _children() -> list[int]:
    """The pids of this process's children running loaders.apart (Linux: from /proc), but for one kept ready for the next
    task (loaders.paraat), which has no work."""
    found, ready = [], paraat.ready_pid()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            command = (status.parent / "cmdline").read_bytes()
        except OSError:   # ended meanwhile
            continue
        pid = int(status.parent.name)
        if int(fields.get("PPid", "0")) == os.getpid() and b"loaders.apart" in command and pid != ready:
            found.append(pid)
    return found


def _threads(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT current_setting('threads')").fetchone()[0])


@posix_only
def test_a_large_file_is_checked_in_a_child_at_a_lower_priority_with_the_same_outcome(
        con: duckdb.DuckDBPyConnection) -> None:
    upload = InputFile("trajecten.xlsx", _trajecten(30))
    ref = Reference.from_db(con)
    heard: list[tuple[str, int, int]] = []
    priorities: set[int] = set()

    def listen(stage: str, done: int = 0, total: int = 0) -> None:
        heard.append((stage, done, total))
        priorities.update(os.getpriority(os.PRIO_PROCESS, pid) for pid in _children())

    report, results = apart.check_file(con, upload, TEST_KEY, ref, listen)
    heard_here: list[tuple[str, int, int]] = []
    here, here_results = importer.check_file(con, upload, key=TEST_KEY, ref=ref,
                                             progress=lambda *step: heard_here.append(step))
    assert report.ok and (report.sha256, report.problems, report.notes) == (here.sha256, here.problems, here.notes)
    assert [r.frame.to_dict("records") for r in results] == [r.frame.to_dict("records") for r in here_results]
    assert heard == heard_here and heard[0] == ("lezen", 0, 0)
    assert heard[-1] == ("controleren", 120, 120)   # 30 rows x 4 columns checked
    assert priorities == {os.getpriority(os.PRIO_PROCESS, 0) + achtergrond.NICE}


@posix_only
def test_a_check_waits_for_a_place_while_every_place_for_a_child_is_taken(con: duckdb.DuckDBPyConnection) -> None:
    """Third tester: four controllers checking a workbook of nearly all empty grid held a gigabyte each at once.
    Now at most CHILDREN_AT_ONCE children run; the next check says it waits, starts no child, and goes on after."""
    upload, ref = InputFile("trajecten.xlsx", _trajecten(5)), Reference.from_db(con)
    heard: list[tuple[str, int, int]] = []
    waiting, outcome = threading.Event(), []

    def listen(stage: str, done: int = 0, total: int = 0) -> None:
        heard.append((stage, done, total))
        if stage == voortgang.WACHTEN:
            waiting.set()

    with contextlib.ExitStack() as taken:
        for _ in range(apart.CHILDREN_AT_ONCE):
            taken.enter_context(apart.place())
        worker = threading.Thread(target=lambda: outcome.append(apart.check_file(con.cursor(), upload, TEST_KEY, ref,
                                                                                 listen)))
        worker.start()
        assert waiting.wait(30)
        worker.join(1.0)
        assert worker.is_alive() and heard == [("wachten tot een andere controle klaar is", 0, 0)]
        assert _children() == []
    worker.join(60)
    report, results = outcome[0]
    assert report.ok and len(results[0].frame) == 5
    assert [stage for stage, _, _ in heard][:2] == ["wachten tot een andere controle klaar is", "lezen"]


def test_a_refusal_from_the_child_is_the_same_refusal(con: duckdb.DuckDBPyConnection) -> None:
    bad = InputFile("trajecten.xlsx", make_xlsx({"Trajecten": [TRAJECTEN_HEADER, ["K1", "Atlantis", "4A", "2024-01-01"]]}))
    report, results = apart.check_file(con, bad, TEST_KEY, Reference.from_db(con))
    here, _ = importer.check_file(con, bad, key=TEST_KEY)
    assert results == [] and report.problems == here.problems
    assert [p.code for p in report.problems] == ["onbekende-gemeente"]


def test_a_child_that_dies_refuses_the_file_in_dutch_and_nothing_is_written(con: duckdb.DuckDBPyConnection,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The child is killed halfway (out of memory, say): the page lists the Dutch refusal, nothing was loaded. It
    used to be a failed job ("Er ging iets mis ... probeer het opnieuw"), which sent a controller to try again."""
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    monkeypatch.setattr(apart, "APART_MIN_BYTES", 0)   # this small file goes to a child too
    before = table_snapshot(con)

    def kill_the_child(job: jobs.Job, stage: str, done: int = 0, total: int = 0) -> None:
        for pid in _children():
            os.kill(pid, 9)

    monkeypatch.setattr(jobs.Job, "progress", kill_the_child)
    job = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=True, replace=False,
                            user="test")
    assert job.wait(60) and job.error is None
    report = job.result[0].report
    assert not report.ok and report.batch_ids == []
    assert [(p.code, p.value) for p in report.problems] == [("controle-mislukt", "stopte onverwacht")]
    assert report.problems[0].message.startswith(
        "Het controleren is mislukt: het proces dat het bestand las, stopte onverwacht. Er is niets ingelezen, en "
        "opnieuw proberen helpt niet.")
    assert table_snapshot(con) == before


def test_a_check_that_takes_too_long_is_stopped_and_says_so(con: duckdb.DuckDBPyConnection,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Fresh eyes: a reader stuck after running out of memory held its child (and one of the two places) for good."""
    monkeypatch.setattr(apart, "CHILD_SECONDS", 0.1)
    # Checking 20.000 rows takes longer than that, also in a child started ahead (loaders.paraat): 0,26 s here.
    slow = InputFile("trajecten.xlsx", make_xlsx({"Trajecten": [
        TRAJECTEN_HEADER, *[[f"K{i}", "Dordrecht", "4A", "01-01-2024"] for i in range(20_000)]]}))
    report, results = apart.check(con, slow, TEST_KEY, Reference.from_db(con))
    assert results == [] and [(p.code, p.value) for p in report.problems] == [
        ("controle-mislukt", "was na 0,1 seconden nog niet klaar en is gestopt")]
    assert not _children()
    assert apart._places.acquire(blocking=False)   # its place is free again
    apart._places.release()


def test_a_check_that_needs_more_memory_than_its_cap_says_so(con: duckdb.DuckDBPyConnection,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook under every guard that still asks the reader for more than the child may allocate."""
    monkeypatch.setattr(apart, "CHILD_MEMORY_BYTES", 700 * 1024 ** 2)
    rows = [["Cliëntnummer", "Gemeente", "Segment", "Startdatum", "Kenmerk"]]
    rows += [[f"K{i}", "Dordrecht", "4A", "01-01-2024", "x" * 30_000] for i in range(30_000)]   # 900 MB of text
    big = InputFile("groot.xlsx", xlsxwriter_book({"Trajecten": rows}))
    report, results = apart.check(con, big, TEST_KEY, Reference.from_db(con))
    assert results == [] and [(p.code, p.value) for p in report.problems] == [
        ("controle-mislukt", "had meer geheugen nodig dan de 700 MB die het mag gebruiken")]


def test_import_job_runs_its_queries_in_its_own_thread_then_restores(con: duckdb.DuckDBPyConnection,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    con.execute("SET GLOBAL threads = 3")
    seen: list[int] = []
    heard = jobs.Job.progress

    def listen(job: jobs.Job, stage: str, done: int = 0, total: int = 0) -> None:
        heard(job, stage, done, total)
        if stage == voortgang.OVERZICHTEN:
            seen.append(_threads(con))   # what a reader's query would get while the marts are rebuilt

    monkeypatch.setattr(jobs.Job, "progress", listen)
    job = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=True, replace=False,
                            user="test")
    assert job.wait(60) and job.result[0].report.ok, job.result
    assert seen == [1]
    assert _threads(con) == 3


def test_the_setting_returns_after_a_failure_and_after_overlapping_work(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("SET GLOBAL threads = 2")
    with pytest.raises(RuntimeError), achtergrond.own_threads_only(con.cursor()):
        assert _threads(con) == 1
        raise RuntimeError("het werk mislukt")
    assert _threads(con) == 2

    inside, release = threading.Event(), threading.Event()

    def check() -> None:
        with achtergrond.own_threads_only(con.cursor()):
            inside.set()
            release.wait(10)

    other = threading.Thread(target=check)
    other.start()
    assert inside.wait(10)
    with achtergrond.own_threads_only(con.cursor()):
        assert _threads(con) == 1
    assert _threads(con) == 1          # the check still runs: its work keeps the setting
    release.set()
    other.join(10)
    assert _threads(con) == 2


def test_every_workbook_is_checked_in_a_child_a_small_csv_here() -> None:
    """A reader builds a workbook's sheet as a grid: should a workbook get past the guard, only a child dies."""
    assert apart.worth_it(InputFile("klein.xlsx", make_xlsx({"Uitgaven": [["Gemeente"], ["Dordrecht"]]})))
    assert apart.worth_it(InputFile("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)))
    assert not apart.worth_it(InputFile("klein.csv", b"gemeente;jaar\nDordrecht;2024\n"))
    assert apart.worth_it(InputFile("groot.csv", b"x" * apart.APART_MIN_BYTES))


def test_the_child_cannot_allocate_more_than_its_limit() -> None:
    """In the child a grid of 16 GB fails as a MemoryError (the process would otherwise take the machine's memory)."""
    script = textwrap.dedent("""
        import resource
        import numpy
        from loaders import apart
        assert apart.limit_memory()
        print(resource.getrlimit(resource.RLIMIT_DATA)[0])
        try:
            numpy.ones(16 * 1024 ** 3, dtype=numpy.uint8)
        except MemoryError:
            print("MemoryError")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=apart.PROJECT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == [str(apart.CHILD_MEMORY_BYTES), "MemoryError"], result.stderr


def test_a_small_csv_with_very_wide_lines_is_checked_in_a_child() -> None:
    """Fresh eyes: 916 kB of 15 lines by 16.384 fields took 40 s of the server's own interpreter (each column gets its
    header and BSN checks). A line of WIDE_CSV_FIELDS fields or more sends the file to a child; an ordinary CSV stays."""
    wide = ";".join(f"v{i}" for i in range(apart.WIDE_CSV_FIELDS)).encode()
    ordinary = b"gemeente;jaar;segment;bedrag\nDordrecht;2024;4A;100\n" * 50
    assert apart.worth_it(InputFile("breed.csv", ordinary + wide + b"\n"))
    assert not apart.worth_it(InputFile("gewoon.csv", ordinary))
    assert not apart.worth_it(InputFile("net-niet.csv", wide.rsplit(b";", 1)[0]))   # one field fewer


def test_a_workbooks_marked_copy_is_built_in_a_child_and_a_csvs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fresh eyes (third round): the marked copy was built in the server's own process, and a workbook past the guards
    took it to 3 GB for one click. Proof of where it is built: the server's own builder is broken here, and the
    workbook's report still comes (from the child), the CSV's does not."""
    import io

    import openpyxl

    from loaders import report as reports
    from loaders.problems import Problem

    problems = [Problem("onbekende-gemeente", sheet="Trajecten", row=2, column="Gemeente", value="Atlantis", col=1)]
    workbook = InputFile("t.xlsx", make_xlsx({"Trajecten": [TRAJECTEN_HEADER, ["K1", "Atlantis", "4A", "2024-01-01"]]}))

    def broken(*_args, **_kwargs):
        raise AssertionError("built in the server's process")

    monkeypatch.setattr(reports, "marked_copy", broken)
    book = openpyxl.load_workbook(io.BytesIO(apart.marked_copy(workbook, problems)))
    assert book.sheetnames == ["Meldingen", "Trajecten"]
    assert book["Trajecten"]["B2"].value == "Atlantis"
    assert book["Trajecten"]["B2"].comment.text == "[onbekende-gemeente] Onbekende gemeente 'Atlantis'."
    with pytest.raises(AssertionError, match="server's process"):
        apart.marked_copy(InputFile("t.csv", b"gemeente;jaar\nAtlantis;2024\n"), problems)


def test_a_report_child_that_fails_gives_the_list_of_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import openpyxl

    from loaders.problems import Problem

    monkeypatch.setattr(apart, "CHILD_SECONDS", 0.1)
    problems = [Problem("onbekende-gemeente", sheet="Trajecten", row=2, column="Gemeente", value="Atlantis", col=1)]
    workbook = InputFile("t.xlsx", make_xlsx({"Trajecten": [TRAJECTEN_HEADER, ["K1", "Atlantis", "4A", "2024-01-01"]]}))
    book = openpyxl.load_workbook(io.BytesIO(apart.marked_copy(workbook, problems)))
    assert book.sheetnames == ["Meldingen"]
