"""A checking child kept started ahead of its work (loaders.apart), so that a controller's check does not wait for it.

A new child needs about 0,6 s before it can read a byte of an upload: its interpreter starts and imports pandas,
pyarrow and the readers. A small workbook is checked in 0,03 s after that, so without a child kept ready a
controller's everyday check is twenty times slower than its work. The app asks for one to be kept (keep_ready, from
the upload page): each task then takes the one waiting, and a new one is started when the task has ended (not during
it: its imports would take a core from the check). The command line starts one before it imports its own modules
(start_ahead) and keeps none after: it checks one or a few files and ends, and a child started for nothing would only
take a core from its import.

A child kept ready has done nothing but start: it runs at the lower priority from its first line (its imports
included), and it gets its task, its memory limit and its work only when it is taken (loaders.apart.main). When the
server ends, its end of the pipe closes and the waiting child ends too."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jeugdhulp.achtergrond import NICE

try:
    import fcntl
except ImportError:   # not a POSIX system: the pipes keep their size
    fcntl = None

PROJECT = Path(__file__).resolve().parent.parent
# The child's first lines: its priority before anything is imported, then loaders.apart as `python -m` would run it. The
# priority is set, not lowered by NICE from what the child inherits: a child started from the import's own thread (at
# NICE already, dashboard/jobs.py) would otherwise run at twice NICE (fresh eyes). A process may always lower its own
# priority; where it may not, or there is none, the work runs at the priority it has.
# Linux also ends the child the moment the server ends (PR_SET_PDEATHSIG): a reader stuck at its memory cap, or busy in
# a long read, would otherwise live on without its server (fresh eyes). The kernel ties that to the thread that started
# the child, so every child is started by one thread that lives as long as the process (_starter); a server that ended
# before the child asked is noticed by the child's parent no longer being the server.
_LAUNCH = ("import os\ntry:\n    os.setpriority(os.PRIO_PROCESS, 0, max({priority}, os.getpriority(os.PRIO_PROCESS, 0)))\n"
           "except (AttributeError, OSError):\n    pass\n"
           "try:\n    import ctypes, signal\n    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)\n"
           "except (AttributeError, OSError):\n    pass\n"
           "if os.getppid() != {parent}:\n    os._exit(0)\n"
           "import runpy\nrunpy.run_module('loaders.apart', run_name='__main__', alter_sys=True)\n")
_starter = ThreadPoolExecutor(1, thread_name_prefix="paraat")


def _priority() -> int:
    """NICE below the server's own process (its first thread), whichever thread starts the child."""
    try:
        return min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + NICE)
    except (AttributeError, OSError):
        return NICE


_lock = threading.Lock()
_ready: subprocess.Popen | None = None
_keep = False


def start() -> subprocess.Popen:
    """A new child, waiting on its stdin for a task (loaders.apart.main); started by _starter."""
    return _starter.submit(_start).result()


# The server's secrets a child does without (it gets the pseudonymisation key through its pipe with its task; fresh
# eyes): kept out of its environment, where any code it runs could read them.
_SECRETS = ("JEUGDHULP_CONTROLLER_WACHTWOORD", "JEUGDHULP_PSEUDONIEM_SLEUTEL")


def _start() -> subprocess.Popen:
    # Our own interpreter and our own fixed launch code, with two numbers of ours.
    code = _LAUNCH.format(priority=_priority(), parent=os.getpid())
    environment = {name: value for name, value in os.environ.items() if name not in _SECRETS}
    child = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT, env=environment,  # noqa: S603
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    widen(child.stdin.fileno())
    widen(child.stdout.fileno())
    return child


# Linux: a pipe holds 64 KiB unless widened; the outcome of a million rows (~130 MB) then takes ~2.000 reads, and
# under load each read waits for the server's interpreter lock anew. 1 MiB is what an unprivileged process may set.
_F_SETPIPE_SZ = 1031
_PIPE_BYTES = 1 << 20


def widen(fd: int) -> None:
    """Let a pipe hold _PIPE_BYTES."""
    try:
        if fcntl is not None:
            fcntl.fcntl(fd, _F_SETPIPE_SZ, _PIPE_BYTES)
    except OSError:   # not Linux, or not allowed: the pipe works, in smaller steps
        pass


def take() -> subprocess.Popen:
    """A child for one task: the one kept ready while it is alive, else a new one."""
    global _ready
    with _lock:
        child, _ready = _ready, None
    if child is not None and child.poll() is None:
        return child
    if child is not None:
        child.wait()   # it ended (killed, say): reaped, not left behind
    return start()


def start_ahead() -> None:
    """Start one child now for the next task, once (the command line, before it imports the rest)."""
    _make_ready()


def task_ended() -> None:
    """After a task: another child made ready when the app keeps one."""
    if _keep:
        _make_ready()


def keep_ready() -> None:
    """From now on keep a child ready (the app, once a controller opens the upload page); one is started now."""
    global _keep
    _keep = True
    _make_ready()


def _make_ready() -> None:
    global _ready
    with _lock:
        if _ready is None or _ready.poll() is not None:
            if _ready is not None:
                _ready.wait()
            _ready = start()


def ready_pid() -> int | None:
    """The process id of the child kept ready, if any (tests tell it apart from children at work)."""
    with _lock:
        return _ready.pid if _ready is not None else None


@atexit.register
def discard() -> None:
    """End the child kept ready, if any (at exit; tests)."""
    global _ready
    with _lock:
        child, _ready = _ready, None
    if child is not None:
        child.stdin.close()   # it was waiting for a task: it ends without one
        child.stdout.close()
        wait_or_kill(child, 5)


def wait_or_kill(child: subprocess.Popen, seconds: float) -> int:
    """The child's exit code once it has ended, killed after `seconds` if it has not ended by itself."""
    try:
        return child.wait(seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        return child.wait()
