"""Data of the page 'Waar komen de cijfers vandaan?' (pages/bronnen.py): the loaded batches, the segments and every
figure the region's public documents give."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import bronfeiten, queries
from jeugdhulp.selectie import Selectie

VOORBEELD_TEKST = {True: "ja (fictief)", False: "nee"}   # the example flag of a batch, as shown


@dataclass(frozen=True)
class BronnenData:
    batches: pd.DataFrame     # every batch as shown (Dutch numbers); user and people counts only for a controller
    segmenten: pd.DataFrame   # the region's segments with their form, blanks empty
    voorbeeld: bool           # an active batch holds example data
    echt: bool                # an active batch holds real figures (a public document or an upload)
    feiten: pd.DataFrame      # every certain figure from the region's public documents, as text, with its source
    onzeker: int              # figures of the region left out because their assignment is uncertain


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, controller: bool = False) -> BronnenData:
    """`controller`: the viewer has the controller role (else no user names and no row counts of people)."""
    batches = queries.batches(con, controller=controller)
    # A viewer gets no user names from the query; drop the empty column (row counts of people stay empty too).
    shown = batches.drop(columns=[] if controller else ["gebruiker"]).assign(
        voorbeeld=batches["voorbeeld"].map(VOORBEELD_TEKST))
    return BronnenData(
        batches=shown,
        segmenten=queries.segmenten(con, regio=sel.regio).fillna(""),
        voorbeeld=bool(batches.loc[batches["status"] == "actief", "voorbeeld"].any()),
        echt=bool((~batches.loc[batches["status"] == "actief", "voorbeeld"].astype(bool)).any()),
        feiten=bronfeiten.alle(con, sel.regio),
        onzeker=int(queries.bron_cijfers(con, regio=sel.regio)["onzeker"].sum()),
    )
