"""Data of the page 'Wat is er ingelezen, en door wie?' (pages/geschiedenis.py): every batch with its totals."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries
from jeugdhulp.pagedata.bronnen import VOORBEELD_TEKST
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class GeschiedenisData:
    geschiedenis: pd.DataFrame  # every batch, newest first, numbers as numbers; people counts and user only for a
                                # controller
    actief: dict[int, str]      # the active batches (those a controller can undo): batch id -> file name

    def keuze_label(self, batch: int) -> str:
        """How a batch is offered for undoing: its id and file."""
        return f"{batch} — {self.actief[batch]}"


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, controller: bool = False) -> GeschiedenisData:
    """`controller`: the viewer has the controller role (else no user names and no counts of people)."""
    del sel   # the history is the same for every selection
    history = queries.batch_geschiedenis(con, controller=controller)
    # A viewer gets no counts of people and no user names from the query at all; drop the empty columns.
    # The checksum (controlegetal) helps a controller recognise a file; a viewer has no use for it.
    hidden = [] if controller else ["gebruiker", "jeugdigen", "trajecten", "sha256"]
    shown = history.drop(columns=hidden).assign(
        voorbeeld=history["voorbeeld"].map(VOORBEELD_TEKST),
        **({"sha256": history["sha256"].str[:12]} if controller else {}),
    )
    active = history[history["status"] == "actief"]
    return GeschiedenisData(
        geschiedenis=shown,
        actief={int(b): str(name) for b, name in zip(active["batch_id"], active["bestand"], strict=True)},
    )
