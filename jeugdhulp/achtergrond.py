"""Background work that must not hold up the pages: an import of a million rows shares the server's two cores with
every reader's page.

- Its Python work (reading and validating the file) runs in a process of its own at a lower priority
  (loaders.apart): in the server's process it would take turns with every page for the one interpreter lock. A
  thread of the server at a lower priority is no answer: the load run (bench/last.py) saw such a thread get 3% of
  a core while ten readers walked the pages, because it loses every hand-over of that lock.
- Its database work stays in the server, in its own transaction, but while it runs DuckDB keeps no worker threads
  of its own, so every query, the import's included, runs in the thread that asked for it: the import takes at
  most one core, and a reader's query never waits in the queue behind the import's tasks. That thread, the job's
  own, runs at the lower priority too: its work is mostly inside DuckDB, without the interpreter lock, so there
  the priority counts, and a reader's page goes first.

No Streamlit here: dashboard/jobs.py and loaders/apart.py call these."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

log = logging.getLogger(__name__)

# How far a background process steps back: nice 10 gets about a tenth of a core next to a nice-0 process that wants
# the same core, and all of it when the pages are idle.
NICE = 10


def lower_process_priority() -> bool:
    """Lower the calling process's scheduling priority by NICE (a process may always lower its own). False where the
    system does not allow it; the work then runs at the normal priority."""
    try:
        os.nice(NICE)
    except (AttributeError, OSError) as exc:   # not a POSIX system, or not allowed: the work still runs
        log.info("lagere prioriteit niet gezet: %s", exc)
        return False
    return True


def lower_thread_priority() -> bool:
    """Lower the calling thread's scheduling priority by NICE (Linux gives each thread its own nice value), for a
    thread that ends with its work: a thread may lower its own priority but, without privileges, never raise it
    again. The import's database work runs in such a thread (dashboard/jobs.py): DuckDB keeps no worker threads
    during it (own_threads_only), so its queries run in this thread at this priority, and a reader's page, at the
    normal priority, goes first when both want a core. False where the system does not allow it."""
    if not sys.platform.startswith("linux"):   # elsewhere a thread's id is no process id: it could name another
        return False
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + NICE)
    except OSError as exc:   # not allowed: the work runs at the normal priority
        log.info("lagere prioriteit van de taak niet gezet: %s", exc)
        return False
    return True


_lock = threading.Lock()
_holders = 0
_threads_before: int | None = None


@contextmanager
def own_threads_only(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """While the block runs, DuckDB runs each query in the thread that asked for it (threads = 1, a setting of the
    whole database instance): the import's work then stays in its own thread, one core at most, instead of
    occupying DuckDB's shared workers, which the readers' queries would wait for. Several blocks may overlap (an
    import and a check): the setting returns to what it was when the last one ends."""
    global _holders, _threads_before
    with _lock:
        if _holders == 0:
            _threads_before = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
            con.execute("SET GLOBAL threads = 1")
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _threads_before is not None:
                try:
                    con.execute(f"SET GLOBAL threads = {int(_threads_before)}")
                except duckdb.Error:   # the connection went with the work's failure; a new instance starts anew
                    log.exception("DuckDB-threads niet teruggezet")
                _threads_before = None
