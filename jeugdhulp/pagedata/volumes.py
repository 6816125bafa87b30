"""Data of the page 'Hoeveel jeugdigen krijgen jeugdhulp, en in welk segment?' (pages/volumes.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries, tables
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class VolumesData:
    per_segment: pd.DataFrame     # jaar x segment: youths and trajectories of the selection
    per_gemeente: pd.DataFrame    # every gemeente of the region in the last year: youths, per 1,000 youths
    regio_per_1000: float | None  # the region's youths in care per 1,000 youths 0-17 (published counts)
    gemiddelde_gemeente: float | None  # the mean count of the gemeenten shown
    voorbeeld: bool               # example data in any of it

    @property
    def bron_per_segment(self) -> str:
        return tables.sources(self.per_segment)

    @property
    def bron_per_gemeente(self) -> str:
        return tables.sources(self.per_gemeente)

    @property
    def voorbeeld_per_segment(self) -> bool:
        return tables.any_example(self.per_segment)

    @property
    def voorbeeld_per_gemeente(self) -> bool | str:
        return tables.example_flag(self.per_gemeente)


def load(con: duckdb.DuckDBPyConnection, sel: Selectie) -> VolumesData:
    per_segment = queries.volumes_per_segment(con, **sel.params("regio", "gemeenten", "segmenten", "jaar_van",
                                                                  "jaar_tot"))
    per_gemeente = queries.volumes_per_gemeente(con, **sel.params("regio", "segmenten"), jaar=sel.jaar_tot)
    return VolumesData(
        per_segment=per_segment,
        per_gemeente=per_gemeente,
        regio_per_1000=float(per_gemeente["regio_per_1000_jeugdigen"].iloc[0]) if len(per_gemeente) else None,
        gemiddelde_gemeente=float(per_gemeente["jeugdigen"].mean()) if len(per_gemeente) else None,
        voorbeeld=tables.any_example(per_segment, per_gemeente),
    )
