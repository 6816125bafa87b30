"""The job that runs long work off the script thread (dashboard.jobs): it records the stages it hears, keeps the
result, turns an exception into a Dutch message, and a failed import leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading

import duckdb
import pytest

from dashboard import jobs
from jeugdhulp import achtergrond, safe, voortgang
from loaders.importer import InputFile
from tests.conftest import TEST_KEY, make_xlsx, table_snapshot

TRAJECTEN_HEADER = ["Cliëntnummer", "Gemeente", "Segment", "Startdatum"]


def _trajecten(rows: int) -> bytes:
    return make_xlsx({"Trajecten": [TRAJECTEN_HEADER,
                                    *[[f"K{i}", "Dordrecht", "4A", dt.date(2024, 1, 1 + i)] for i in range(rows)]]})


def test_job_records_stages_in_order_and_its_result() -> None:
    go = threading.Event()

    def work(job: jobs.Job) -> str:
        job.progress("lezen")
        job.progress("controleren", 1, 4)
        go.wait(10)
        job.progress("controleren", 4, 4)
        job.progress("opslaan", 2, 4)
        return "klaar"

    job = jobs.start("proef.xlsx wordt ingelezen", work)
    assert job.running and job.result is None
    go.set()
    assert job.wait(10)
    assert not job.running
    assert job.stages == ["lezen", "controleren", "opslaan"]
    assert (job.stage, job.done, job.total) == ("opslaan", 2, 4)
    assert job.result == "klaar" and job.error is None
    # opslaan is the third of four stages, half done: (2 + 0.5) / 4.
    assert job.fraction(("lezen", "controleren", "opslaan", "overzichten bijwerken")) == 0.625
    assert jobs.progress_text(job) == "opslaan: 2 van 4 regels"


def test_progress_text_in_dutch_numbers() -> None:
    job = jobs.Job(title="t")
    job.progress("controleren", 120_000, 1_000_000)
    job.tell("bestand 1 van 2: trajecten.xlsx")
    assert jobs.progress_text(job) == "bestand 1 van 2: trajecten.xlsx — controleren: 120.000 van 1.000.000 cellen"
    # At the start of a stage: its size, never "0 van" (the bar already shows the stages before it as done).
    job.progress("opslaan", 0, 200_000)
    assert jobs.progress_text(job) == "bestand 1 van 2: trajecten.xlsx — opslaan: 200.000 regels"
    job.progress("overzichten bijwerken", 0, 0)
    assert jobs.progress_text(job) == "bestand 1 van 2: trajecten.xlsx — overzichten bijwerken"


def test_exception_becomes_a_dutch_message() -> None:
    def work(job: jobs.Job) -> None:
        job.progress("lezen")
        raise OSError("schijf vol")

    job = jobs.start("x.xlsx wordt ingelezen", work, what=" bij het inlezen")
    assert job.wait(10)
    assert job.error == ("Er ging iets mis bij het inlezen. Er is niets veranderd; probeer het opnieuw. Blijft het "
                         "misgaan, meld het dan aan de beheerder van het dashboard.")
    assert isinstance(job.exception, OSError) and job.result is None
    assert "schijf vol" not in job.error, "no technical text for the user"


def test_on_end_runs_also_after_a_failure() -> None:
    ended = threading.Event()
    job = jobs.start("t", lambda job: 1 / 0, on_end=ended.set)
    assert job.wait(10) and ended.is_set()
    assert job.error is not None


def test_import_job_loads_with_progress(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    job = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=True, replace=False,
                            user="test")
    assert job.wait(60)
    assert job.error is None
    [loaded] = job.result
    assert loaded.loaded and loaded.report.ok, loaded.report.problems
    assert job.stages == ["lezen", "controleren", "opslaan", "overzichten bijwerken"]
    assert [(v.kind, v.regio_code, v.jaar_van, v.jaar_tot) for v in loaded.views] == [("trajecten", "ZHZ", 2024, 2024)]
    assert con.execute("SELECT count(*) FROM trajecten WHERE batch_id = ?", loaded.report.batch_ids).fetchone() == (3,)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a nice value per thread is Linux's")
def test_import_job_runs_at_a_lower_priority_than_the_pages(con: duckdb.DuckDBPyConnection,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The job's queries run in its own thread (DuckDB keeps no workers during it): that thread steps back by
    # achtergrond.NICE at every stage, and the thread that serves pages (here the test's) keeps its priority.
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    page_thread = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[tuple[str, int]] = []
    told = jobs.Job.progress

    def heard(job: jobs.Job, stage: str, done: int = 0, total: int = 0) -> None:
        seen.append((stage, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        told(job, stage, done, total)

    monkeypatch.setattr(jobs.Job, "progress", heard)
    job = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=True, replace=False,
                            user="test")
    assert job.wait(60) and job.result[0].report.ok
    assert {stage for stage, _ in seen} == {"lezen", "controleren", "opslaan", "overzichten bijwerken"}
    assert {priority for _, priority in seen} == {page_thread + achtergrond.NICE}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == page_thread


def test_import_job_failing_halfway_writes_nothing(con: duckdb.DuckDBPyConnection,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception inside the transaction, after the rows went in (here: as the marts are to be rebuilt), rolls
    the whole import back; the page reads a Dutch message."""
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    before = table_snapshot(con)
    heard = jobs.Job.progress

    def fails_at_the_marts(job: jobs.Job, stage: str, done: int = 0, total: int = 0) -> None:
        heard(job, stage, done, total)
        if stage == voortgang.OVERZICHTEN:
            raise duckdb.IOException("schijf vol")

    monkeypatch.setattr(jobs.Job, "progress", fails_at_the_marts)
    job = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=True, replace=False,
                            user="test")
    assert job.wait(60)
    assert job.error is not None and job.error.startswith("Er ging iets mis bij het inlezen.")
    assert job.stages == ["lezen", "controleren", "opslaan", "overzichten bijwerken"]
    assert table_snapshot(con) == before
    # The slot is free again: the next import runs.
    monkeypatch.setattr(jobs.Job, "progress", heard)
    again = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=True, replace=False,
                              user="test")
    assert again.wait(60) and again.result[0].report.ok


def test_second_import_while_one_runs_is_refused_at_once(con: duckdb.DuckDBPyConnection,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    slot = jobs._import_slot()
    assert slot.acquire(blocking=False)     # another controller's import job is running
    try:
        job = jobs.start_import(con.cursor(), [InputFile("b.xlsx", _trajecten(2))], load=True, replace=False,
                                user="test")
        assert not job.running, "told at once, not after waiting"
        [refused] = job.result
        assert [p.code for p in refused.report.problems] == ["import-bezig"]
        # Checking needs no slot: it runs beside the import.
        check = jobs.start_import(con.cursor(), [InputFile("b.xlsx", _trajecten(2))], load=False, replace=False,
                                  user="test")
        assert check.wait(60) and check.result[0].report.ok and not check.result[0].loaded
    finally:
        slot.release()
    assert con.execute("SELECT count(*) FROM batch WHERE bestand = 'b.xlsx'").fetchone() == (0,)


def test_a_file_name_in_the_title_and_detail_is_escaped_markdown(con: duckdb.DuckDBPyConnection,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The status box renders its title and the progress line as markdown: a file name is data there."""
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    name = "a_[klik](https://example.org).xlsx"
    job = jobs.start_import(con.cursor(), [InputFile(name, _trajecten(2)), InputFile("b.xlsx", _trajecten(2))],
                            load=False, replace=False, user="test")
    assert job.wait(60)
    assert job.title == f"{safe.md(name)}, b.xlsx wordt gecontroleerd"
    assert job.title.startswith("a\\_\\[klik\\](https")
    assert "[klik](" not in job.title and "[klik](" not in job.detail


def _shown_stages(plan: tuple[str, ...], heard: tuple[str, ...] = ("lezen",)) -> list[str]:
    """The stage lines the page shows for a running job with `plan` that has heard the stages `heard`."""
    return _shown(plan, heard)[1]


def _shown(plan: tuple[str, ...], heard: tuple[str, ...]) -> tuple[str, list[str]]:
    """The title (without its seconds) and the stage lines of that status box."""
    def script() -> None:
        import streamlit as st

        from dashboard import jobs

        job = jobs.Job(title="trajecten.xlsx wordt gecontroleerd", plan=st.session_state["plan"])
        for stage in st.session_state["heard"]:
            job.progress(stage)
        st.session_state["taak"] = job
        jobs.watch("taak")

    from streamlit.testing.v1 import AppTest
    app = AppTest.from_function(script)
    app.session_state["plan"] = plan
    app.session_state["heard"] = heard
    app.run(timeout=30)
    assert not app.exception
    return app.status[0].label.rsplit(" (", 1)[0], [m.value for m in app.markdown]


def test_a_check_lists_its_own_stages_and_an_import_all_four() -> None:
    """Third tester: while a file was only checked, the page listed 'opslaan' ahead as if it would be stored."""
    assert _shown_stages(voortgang.CHECK_STAGES) == [":gray[controleren]"]
    assert _shown_stages(voortgang.IMPORT_STAGES) == [":gray[controleren]", ":gray[opslaan]",
                                                      ":gray[overzichten bijwerken]"]


def test_a_check_that_waited_for_a_place_lists_the_wait_first() -> None:
    assert _shown_stages(voortgang.CHECK_STAGES, heard=(voortgang.WACHTEN, "lezen", "controleren")) == [
        ":material/check: wachten tot een andere controle klaar is", ":material/check: lezen"]
    assert _shown(voortgang.CHECK_STAGES, ("lezen",))[0] == "trajecten.xlsx wordt gecontroleerd"


def test_while_a_check_waits_its_title_says_so() -> None:
    """Fresh eyes: while a check waited for a place, its title still said "wordt gecontroleerd"."""
    assert _shown(voortgang.CHECK_STAGES, (voortgang.WACHTEN,)) == (
        "trajecten.xlsx wacht op zijn beurt", [":gray[lezen]", ":gray[controleren]"])


def test_check_and_import_jobs_carry_their_plan(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "pseudonym_key", lambda: TEST_KEY)
    for load, plan in ((False, ("lezen", "controleren")), (True, ("lezen", "controleren", "opslaan", "overzichten bijwerken"))):
        job = jobs.start_import(con.cursor(), [InputFile("trajecten.xlsx", _trajecten(3))], load=load, replace=False,
                                user="test")
        assert job.wait(60) and job.result[0].report.ok
        assert job.plan == plan and tuple(job.stages) == plan
