"""Long work off the script thread: a `Job` runs a function in a thread of its own and records the progress it
hears (jeugdhulp.voortgang) and its result; a page keeps the job in session state and shows it with `watch()`, a
fragment that polls it. The worker never calls Streamlit (only the script thread may): it updates the job, the
fragment renders it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import streamlit as st

from jeugdhulp import achtergrond, fmt, queries, safe, voortgang
from loaders import apart
from loaders.importer import FileReport, InputFile, check_against_database, import_file
from loaders.problems import Problem
from loaders.reference import Reference
from loaders.report import worth_a_copy
from loaders.secret import pseudonym_key

log = logging.getLogger(__name__)

# How often a page asks its running job how far it is.
POLL_SECONDS = 0.5
FAILED = ("Er ging iets mis{what}. Er is niets veranderd; probeer het opnieuw. Blijft het misgaan, meld het dan aan "
          "de beheerder van het dashboard.")


@dataclass
class Job:
    """One piece of long work. Written by its worker thread, read by the script thread: every field changes under
    the lock, and `view()` hands the page a consistent copy."""

    title: str                          # what the status line says, in Dutch: "uitgaven.xlsx wordt ingelezen"
    what: str = ""                      # in the failure message: " bij het inlezen"
    stage: str = ""
    done: int = 0
    total: int = 0
    detail: str = ""                    # e.g. "bestand 1 van 2: uitgaven.xlsx"
    stages: list[str] = field(default_factory=list)   # every stage heard, in order
    plan: tuple[str, ...] = ()          # the stages the work will go through, when known: the page lists them ahead
    result: Any = None
    error: str | None = None            # a Dutch message for the user; the traceback went to the log
    exception: BaseException | None = None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    shown: bool = False                 # the page has acted on the end (caches cleared, links remembered)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)

    # --- written by the worker ---------------------------------------------------------------------------
    def progress(self, stage: str, done: int = 0, total: int = 0) -> None:
        """A jeugdhulp.voortgang.Voortgang: the stage the work is in and the rows (files, slides) done."""
        with self._lock:
            if stage not in self.stages:
                self.stages.append(stage)
            self.stage, self.done, self.total = stage, done, total

    def tell(self, detail: str) -> None:
        with self._lock:
            self.detail = detail

    def run(self, work: Callable[[Job], Any], on_end: Callable[[], None] | None = None) -> None:
        """The worker's body: `work(self)` to its end; an exception becomes a Dutch message (nothing half-written:
        the work's own transaction rolled back)."""
        try:
            result = work(self)
        except Exception as exc:   # a bug or a lost database: the user reads Dutch, the log keeps the traceback
            log.exception("%s: mislukt", self.title)
            with self._lock:
                self.exception, self.error = exc, FAILED.format(what=self.what)
        else:
            with self._lock:
                self.result = result
        finally:
            with self._lock:
                self.ended = time.monotonic()
            if on_end is not None:
                on_end()
            self._finished.set()

    # --- read by the page --------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work ended or `timeout` passed; True when it ended."""
        return self._finished.wait(timeout)

    def seconds(self) -> float:
        with self._lock:
            return (self.ended or time.monotonic()) - self.started

    def fraction(self, stages: tuple[str, ...] = ()) -> float:
        """How far the work is, 0..1: the stages of `stages` before the current one, plus the part of this one."""
        with self._lock:
            part = min(self.done / self.total, 1.0) if self.total else 0.0
            if self.stage in stages:
                return (stages.index(self.stage) + part) / len(stages)
            return part


def start(title: str, work: Callable[[Job], Any], *, what: str = "", on_end: Callable[[], None] | None = None,
          plan: tuple[str, ...] = ()) -> Job:
    """Run `work(job)` in a new daemon thread and return the job at once. `on_end` runs in the worker after it."""
    job = Job(title=title, what=what, plan=plan)
    threading.Thread(target=job.run, args=(work, on_end), name=f"taak: {title}", daemon=True).start()
    return job


def progress_text(job: Job) -> str:
    """The line under the bar: the stage and how far it is, in Dutch ("controleren: 120.000 van 1.000.000 cellen")."""
    with job._lock:
        stage, done, total, detail = job.stage, job.done, job.total, job.detail
    text = voortgang.tekst(stage, done, total) if stage else "beginnen"
    return f"{detail} — {text}" if detail else text


def show(job: Job) -> None:
    """The job as it is now: a status box with the stages done (in the order they came: a check that first waited
    for a place lists the wait first), the current one with a progress bar, and the stages of its plan to come."""
    seconds = fmt.number(job.seconds())
    with job._lock:
        heard, current, stages = list(job.stages), job.stage, job.plan
    # "uitgaven.xlsx wordt gecontroleerd", or while it waits for a place: "uitgaven.xlsx wacht op zijn beurt".
    title = f"{job.title.rsplit(' wordt ', 1)[0]} wacht op zijn beurt" if current == voortgang.WACHTEN else job.title
    # Not `with st.status(...)`: leaving the block would mark it complete while the work goes on.
    # Title and detail are markdown: whoever puts a file name in them escapes it (start_import, _import_work).
    box = st.status(f"{title} ({seconds} s)", state="running", expanded=True)
    for stage in heard:
        if stage != current:
            box.markdown(f":material/check: {stage}")
    box.progress(job.fraction(stages), text=progress_text(job))
    for stage in stages:
        if stage not in heard:
            box.markdown(f":gray[{stage}]")


@st.fragment(run_every=POLL_SECONDS)
def _poll(key: str) -> None:
    job = st.session_state.get(key)
    if not isinstance(job, Job):
        return
    if not job.running:
        st.rerun()     # the whole page, which shows the result
    show(job)


@st.fragment(run_every=POLL_SECONDS)
def watch_other(job: Job) -> None:
    """Tell a controller that another session's import job runs (also one whose tab was closed), until it ends."""
    if not job.running:
        st.rerun()     # the whole page: its Inlezen button is on again
    st.info(f"Nu wordt ingelezen: {job.title.removesuffix(' wordt ingelezen')} — "
            f"{progress_text(job)} ({fmt.number(job.seconds())} s bezig). Een volgend bestand kan worden "
            "ingelezen zodra dat klaar is; controleren kan nu al.", icon=":material/hourglass_top:")


def watch(key: str) -> None:
    """Show the job in session state under `key` until it ends, then rerun the page (it finds the job under the same
    key, also after the controller went to another page and came back)."""
    _poll(key)


# --- the import of the upload page ----------------------------------------------------------------------

@dataclass
class Loaded:
    """One file of an import job: what was uploaded, its report, and (when loaded) the views of its batches."""
    upload: InputFile
    report: FileReport
    loaded: bool                                        # an import (True) or a check only
    views: list[tuple] = field(default_factory=list)   # queries.batch_bereik rows, for the "Bekijk ..." links
    marked: bytes | None = None                        # the marked copy for the report's download, once made
    at: datetime = field(default_factory=lambda: datetime.now(UTC))     # when it was checked or loaded


class _Slot:
    """The one import job the whole app (every session) may run at a time, and that job while it runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.job: Job | None = None

    def acquire(self, blocking: bool = True) -> bool:
        return self._lock.acquire(blocking)

    def release(self) -> None:
        self.job = None
        self._lock.release()


@st.cache_resource(show_spinner=False)
def _import_slot() -> _Slot:
    """One import job at a time in the whole app (every session): a second controller is told at once that one runs,
    instead of waiting in a thread for the writer lock. A resource shared by all sessions, hence cache_resource."""
    return _Slot()


def running_import() -> Job | None:
    """The import job running now in any session (a controller who closed the tab leaves it running), or None."""
    job = _import_slot().job
    return job if job is not None and job.running else None


def start_import(con: duckdb.DuckDBPyConnection, uploads: list[InputFile], *, load: bool, replace: bool,
                 user: str) -> Job:
    """Check (`load` False) or load `uploads` one after another on cursor `con`, in a job. Loading while another
    import job runs refuses every file at once with the busy message (problem import-bezig); nothing is written."""
    names = ", ".join(safe.md(u.name) for u in uploads)   # file names are data: the title is markdown
    if not load:
        return start(f"{names} wordt gecontroleerd", lambda job: _import_work(job, con, uploads, False, replace, user),
                     what=" bij het controleren", plan=voortgang.CHECK_STAGES)
    slot = _import_slot()
    if not slot.acquire(blocking=False):
        job = Job(title=f"{names} wordt ingelezen")
        job.run(lambda _: [Loaded(u, FileReport(u.name, "", problems=[Problem("import-bezig")]), True)
                           for u in uploads])
        return job
    try:
        job = slot.job = start(f"{names} wordt ingelezen",
                               lambda job: _import_work(job, con, uploads, True, replace, user),
                               what=" bij het inlezen", on_end=slot.release, plan=voortgang.IMPORT_STAGES)
        return job
    except BaseException:   # no thread started (out of threads): give the slot back
        slot.release()
        raise


# Kinds that teach the reference what later files of the same upload may name: a region's segments, gemeenten.
_REFERENCE_KINDS = frozenset({"segmenten", "gemeenten"})


def _import_work(job: Job, con: duckdb.DuckDBPyConnection, uploads: list[InputFile], load: bool, replace: bool,
                 user: str) -> list[Loaded]:
    """Check or load the files one by one. After a file that brings segments or gemeenten, the next ones are read
    with them; a file refused before such a file loaded is tried once more at the end (a segment list uploaded
    with its spend file need not come first)."""
    # The import's queries take one core at most, at a lower priority than the pages' (jeugdhulp.achtergrond): this
    # is the job's own thread, which ends with it.
    achtergrond.lower_thread_priority()
    with achtergrond.own_threads_only(con):
        return _files(job, con, uploads, load, replace, user)


def _files(job: Job, con: duckdb.DuckDBPyConnection, uploads: list[InputFile], load: bool, replace: bool,
           user: str) -> list[Loaded]:
    key = pseudonym_key()
    ref = Reference.from_db(con)
    done: list[Loaded] = []
    retry: list[int] = []
    for number, upload in enumerate(uploads, start=1):
        if len(uploads) > 1:
            job.tell(f"bestand {number} van {len(uploads)}: {safe.md(upload.name)}")
        loaded = _one(con, upload, load, replace, user, key, ref, job)
        done.append(loaded)
        if not loaded.report.ok:
            retry.append(number - 1)
        elif load and {s.kind for s in loaded.report.sheets} & _REFERENCE_KINDS:
            ref = Reference.from_db(con)
            for index in retry:
                job.tell(f"opnieuw, met de zojuist ingelezen segmenten en gemeenten: {safe.md(uploads[index].name)}")
                done[index] = _one(con, uploads[index], load, replace, user, key, ref, job)
            retry = [index for index in retry if not done[index].report.ok]
    return done


def _one(con: duckdb.DuckDBPyConnection, upload: InputFile, load: bool, replace: bool, user: str, key: bytes,
         ref: Reference, job: Job) -> Loaded:
    # A workbook or a large file is read and validated in a process of its own, off the pages' interpreter lock and
    # with its memory capped (loaders.apart).
    report, results = apart.check(con, upload, key, ref, job.progress)
    if load:
        report = import_file(con, upload, replace=replace, user=user, key=key, ref=ref, progress=job.progress,
                             checked=(report, results))
    else:
        check_against_database(con, report, results, replace=replace, key=key)
    views = [row for b in report.batch_ids for row in queries.batch_bereik(con, b).itertuples(index=False)] \
        if load and report.ok else []
    # The bytes stay only for the marked copy of a refused file; a 50 MB workbook need not live in session state,
    # nor a file with burgerservicenummers (report.worth_a_copy).
    kept = upload if worth_a_copy(report.problems) else InputFile(upload.name, b"", upload.kind)
    return Loaded(kept, report, load, views)
