"""Progress of long work (an import, the first database build, a large export), told to whoever shows it.

Work that takes long calls a `Voortgang` callback with the stage it is in and how far it is: the app shows
it with st.status/st.progress, the command line on stderr when that is a terminal. The stage names are Dutch
because users read them; the work never depends on who listens (no callback, or one that raises nothing).
"""

from __future__ import annotations

from collections.abc import Callable

# The stages of an import, in order.
LEZEN = "lezen"
CONTROLEREN = "controleren"
OPSLAAN = "opslaan"
OVERZICHTEN = "overzichten bijwerken"
IMPORT_STAGES = (LEZEN, CONTROLEREN, OPSLAAN, OVERZICHTEN)
# The stage of an export (done and total count slides), and of the first start (files).
DIAS = "dia's maken"
STANDAARDGEGEVENS = "standaardgegevens laden"

# stage, done, total: done and total count rows (or files, slides); total 0 when not known yet.
Voortgang = Callable[[str, int, int], None]


def stil(stage: str, done: int, total: int) -> None:
    """The callback of work nobody watches."""


def report(callback: Voortgang | None, stage: str, done: int = 0, total: int = 0) -> None:
    """Tell `callback`, if any, where the work is."""
    if callback is not None:
        callback(stage, done, total)
