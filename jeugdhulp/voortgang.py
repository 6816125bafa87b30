"""Progress of long work (an import, the first database build, a large export), told to whoever shows it.

Work that takes long calls a `Voortgang` callback with the stage it is in and how far it is: the app shows
it with st.status/st.progress, the command line on stderr when that is a terminal (ProgressBar). The stage names are Dutch
because users read them; the work never depends on who listens (no callback, or one that raises nothing).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from jeugdhulp import fmt

# The stages of an import, in order.
LEZEN = "lezen"
CONTROLEREN = "controleren"
OPSLAAN = "opslaan"
OVERZICHTEN = "overzichten bijwerken"
IMPORT_STAGES = (LEZEN, CONTROLEREN, OPSLAAN, OVERZICHTEN)
# The stages of a check only: nothing is stored.
CHECK_STAGES = (LEZEN, CONTROLEREN)
# The stage of an export (done and total count slides), and of the first start (files).
DIAS = "dia's maken"
STANDAARDGEGEVENS = "standaardgegevens laden"
# Before a check in a child process starts, while other checks fill every place for one (loaders.apart).
WACHTEN = "wachten tot een andere controle klaar is"

# stage, done, total: done and total count the stage's unit (EENHEID); total 0 when not known yet.
Voortgang = Callable[[str, int, int], None]
# What each stage counts. Checking goes column by column over all rows, so it counts cells: a count of rows
# would stand still until the last column. Reading counts the megabytes of the unpacked workbook, estimated (GESCHAT);
# refreshing the overviews is one step (no count).
EENHEID = {LEZEN: "MB", CONTROLEREN: "cellen", OPSLAAN: "regels", DIAS: "dia's", STANDAARDGEGEVENS: "bestanden"}
# Stages whose count is an estimate (`geschat`): a reader tells nothing while it reads, so the megabytes read are
# estimated from the time it has taken so far.
GESCHAT = frozenset({LEZEN})


def stil(stage: str, done: int, total: int) -> None:
    """The callback of work nobody watches."""


def telling(stage: str, done: int, total: int) -> str:
    """How far a stage is, in Dutch: "900.000 van 1.800.000 cellen"; before its first step only its size
    ("200.000 regels"), so no line reads "0 van" while the work is going on; "" when nothing is counted."""
    unit = EENHEID.get(stage, "")
    suffix = f" {unit}" if unit else ""
    if total and done:
        about = "ongeveer " if stage in GESCHAT else ""
        return f"{about}{fmt.number(min(done, total))} van {fmt.number(total)}{suffix}"
    if total or done:
        return f"{fmt.number(total or done)}{suffix}"
    return ""


def tekst(stage: str, done: int, total: int) -> str:
    """The stage and how far it is: "controleren: 900.000 van 1.800.000 cellen", or the stage alone."""
    count = telling(stage, done, total)
    return f"{stage}: {count}" if count else stage


def report(callback: Voortgang | None, stage: str, done: int = 0, total: int = 0) -> None:
    """Tell `callback`, if any, where the work is."""
    if callback is not None:
        callback(stage, done, total)


# How often an estimate is told, and how far it may go before the work is done (it never says "klaar" itself).
SCHATTING_INTERVAL = 0.5
SCHATTING_HOOGSTENS = 0.95


@contextmanager
def geschat(callback: Voortgang | None, stage: str, total: int, seconds: float,
            clock: Callable[[], float] = time.monotonic) -> Iterator[Voortgang | None]:
    """While the block runs, tell `callback` every SCHATTING_INTERVAL s how far `stage` is estimated to be: `total`
    units in `seconds`, at most SCHATTING_HOOGSTENS of it. The block reports through the callback it gets; once that
    hears another stage, the estimate stops. The callback is called from one thread at a time (the child process
    writes each report as one message on its stdout). Work expected to take under a second gets no estimate."""
    if callback is None or total <= 0 or seconds < 1:
        yield callback
        return
    lock, stop, start = threading.Lock(), threading.Event(), clock()

    def tell() -> None:
        while not stop.wait(SCHATTING_INTERVAL):
            done = int(total * min((clock() - start) / seconds, SCHATTING_HOOGSTENS))
            with lock:
                if not stop.is_set():
                    callback(stage, done, total)

    def relay(reported: str, done: int = 0, count: int = 0) -> None:
        with lock:
            if reported != stage:
                stop.set()
            callback(reported, done, count)

    thread = threading.Thread(target=tell, name=f"schatting: {stage}", daemon=True)
    thread.start()
    try:
        yield relay
    finally:
        stop.set()
        thread.join()


class ProgressBar:
    """An import's progress on one line of a terminal, redrawn in place: the file, the stage, a bar and the
    count done ("trajecten.xlsx  controleren  [#########.........]  3.000.000 van 9.000.000 cellen")."""

    WIDTH = 24
    INTERVAL = 0.1   # seconds between redraws within a stage

    def __init__(self, stream: TextIO, name: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.name, self.clock = stream, name, clock
        self.stage, self.drawn_at, self.width = "", 0.0, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if stage == self.stage and now - self.drawn_at < self.INTERVAL and done < total:
            return
        self.stage, self.drawn_at = stage, now
        filled = round(self.WIDTH * min(done, total) / total) if total else 0
        bar = "#" * filled + "." * (self.WIDTH - filled)
        count = telling(stage, done, total)
        line = f"{self.name}  {stage:<21}  [{bar}]" + (f"  {count}" if count else "")
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        """End the line (before the report is printed on stdout)."""
        if self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def progress_bar(stream: TextIO, name: str) -> ProgressBar | None:
    """A progress bar on `stream` only when it is a terminal: piped or redirected output stays the report."""
    isatty = getattr(stream, "isatty", None)
    return ProgressBar(stream, name) if isatty is not None and isatty() else None
